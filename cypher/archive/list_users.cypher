// Archive export: one page of users in id order, those who are members of a space in scope
// (every user when $all). Tokens, invitations and secrets are not read.
// Parameters: $all (boolean), $space_ids (list), $after (last id of the previous page, '' first),
// $limit (page size).
// Returns: id, container (null), props (every property, times as ISO 8601 text).
MATCH (u:User)
WHERE u.id > $after
  AND ($all OR EXISTS { MATCH (u)-[:MEMBER_OF]->(s:Space) WHERE s.id IN $space_ids })
RETURN u.id AS id, null AS container, u {.*, created_at: toString(u.created_at)} AS props
ORDER BY u.id
LIMIT $limit
