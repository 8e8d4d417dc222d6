// Record that a newly registered render owns its file key (the uniqueness constraint
// render_file_key refuses a second owner). Idempotent.
// Parameters: $id (the render's), $key.
// Returns: id.
MATCH (r:Render {id: $id})
SET r.file_key = $key
RETURN r.id AS id
