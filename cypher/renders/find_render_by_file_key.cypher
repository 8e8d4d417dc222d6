// The render that registered a file key, if any (each key belongs to at most one
// generated render; clones show their source's file but do not own it; docs/domain.md §6).
// Parameters: $key.
// Returns: id (the owning render's).
MATCH (r:Render {file_key: $key})
RETURN r.id AS id
ORDER BY id
LIMIT 1
