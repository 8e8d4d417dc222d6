// The inputs of each render with role, snapshot and hashes (then and now).
// Parameters: $ids.
// Returns: render_id, input (node), role, snapshot, snapshot_hash, repointed_from.
UNWIND $ids AS id
MATCH (:Render {id: id})-[u:USES]->(input:Asset)
RETURN id AS render_id, input, u.role AS role, u.snapshot AS snapshot,
       u.content_hash AS snapshot_hash, u.repointed_from AS repointed_from
ORDER BY render_id, u.role, input.id
