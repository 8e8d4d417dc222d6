// The generated renders (origin ORIGINAL) of a space, or of one of its projects (its
// project renders and the renders of its tasks), each with its USES inputs: what an
// OpenLineage export writes as one generation run per render (docs/interchange.md).
// Parameters: $space_id, $project_id (or null: the whole space).
// Returns: render (node), inputs (list of maps: id, role, content_hash (the snapshot's,
// as used); one per USES edge), ordered by creation then id.
MATCH (r:Asset {space_id: $space_id})
USING INDEX r:Asset(space_id)  // never a label scan, whatever the statistics say
WHERE r.type = 'RENDER' AND r.origin = 'ORIGINAL'
  AND ($project_id IS NULL OR r.project_id = $project_id)
RETURN r AS render, COLLECT {
  MATCH (r)-[u:USES]->(input:Asset)
  RETURN {id: input.id, role: u.role, content_hash: u.content_hash} AS used
  ORDER BY u.role, input.id, coalesce(u.repointed_from, '')
} AS inputs
ORDER BY r.created_at, r.id
