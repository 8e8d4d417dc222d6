// One page of each project's gallery: its APPROVED renders (those in the Project container
// and those generated in its tasks, which are project renders; docs/domain.md §2, v4 7), final ones
// first, then newest first, then by id (keyset pagination), with how many there are.
// Parameters: $ids (project ids), $after (the [final rank, -created millis, id] key of the
// last row seen, or null), $limit (rows per project).
// Returns: id (the project's), total, page (list of maps: node (the asset's properties,
// times as epoch milliseconds), key).
UNWIND $ids AS id
CALL (id) {
  MATCH (a:Asset)
  WHERE a.project_id = id AND a.type = 'RENDER' AND a.state = 'APPROVED'
    AND (a.layer = 'PROJECT' OR (a.layer = 'TASK' AND a.origin = 'ORIGINAL'))
  WITH collect(a) AS found
  RETURN size(found) AS total, COLLECT {
    UNWIND found AS a
    WITH a, [CASE WHEN coalesce(a.final, false) THEN 0 ELSE 1 END,
             -coalesce(a.created_at.epochMillis, 0), a.id] AS key
    WHERE $after IS NULL OR key > $after
    RETURN {node: a {.*, created_at: a.created_at.epochMillis,
                     updated_at: a.updated_at.epochMillis}, key: key}
    ORDER BY key LIMIT $limit
  } AS page
}
RETURN id, total, page
