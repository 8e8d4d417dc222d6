// Archive export: the MEMBER_OF edges of one page of users (in id order) to spaces in scope.
// Parameters: $all (boolean), $space_ids (list), $after (last user id of the previous page,
// '' first), $limit (page size, in users).
// Returns: source (user id), edges (list of {to: space id, to_space: space id, props}).
MATCH (u:User)
WHERE u.id > $after
WITH u
ORDER BY u.id
LIMIT $limit
OPTIONAL MATCH (u)-[m:MEMBER_OF]->(s:Space)
WHERE $all OR s.id IN $space_ids
WITH u, collect(CASE WHEN s IS NULL THEN null
                     ELSE {to: s.id, to_space: s.id, props: properties(m)} END) AS edges
RETURN u.id AS source, edges
ORDER BY source
