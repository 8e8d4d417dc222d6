// The inputs of each render with role, snapshot and hashes (then and now): one row per
// USES edge, so a render whose task clones were re-pointed to one ancestor lists each
// edge (told apart by repointed_from).
// Parameters: $ids.
// Returns: render_id, input (node), role, snapshot, snapshot_hash, repointed_from.
UNWIND $ids AS id
MATCH (:Render {id: id})-[u:USES]->(input:Asset)
RETURN id AS render_id, input, u.role AS role, u.snapshot AS snapshot,
       u.content_hash AS snapshot_hash, u.repointed_from AS repointed_from
ORDER BY render_id, u.role, input.id, coalesce(u.repointed_from, '')
