// Archive export: one page of spaces in id order (the spaces in scope, every space when $all).
// Parameters: $all (boolean), $space_ids (list), $after (last id of the previous page, '' first),
// $limit (page size).
// Returns: id, container (null: a space is in no container), props (times as ISO 8601 text).
MATCH (s:Space)
WHERE s.id > $after AND ($all OR s.id IN $space_ids)
RETURN s.id AS id, null AS container,
       s {.*, created_at: toString(s.created_at), updated_at: toString(s.updated_at)} AS props
ORDER BY s.id
LIMIT $limit
