// The stored `file` of every render that has one, as the JSON string it is kept as (the
// caller reads its "key"), for finding files no render refers to.
// Parameters: none.
// Returns: render_id, file.
MATCH (r:Render)
WHERE r.file IS NOT NULL
RETURN r.id AS render_id, r.file AS file
