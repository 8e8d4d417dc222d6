// One page of the assets of each project, filtered, ordered by name then id (keyset
// pagination), with how many match in all. A project's assets are those in the Project
// container plus the renders generated in its tasks, which are project renders (docs/domain.md §2).
// Parameters: $ids (project ids),
// $filter (map: types, origins, layers, states, classifications (lists of names, or null
// for any) and task_id (or null)), $after (the [name, id] key of the last row seen, or null),
// $limit (rows per container).
// Returns: id (the container's), total (assets that match), page (list of maps: node (the
// asset's properties, times as epoch milliseconds), key).
UNWIND $ids AS id
CALL (id) {
  // The project's assets from the project_id index, whatever the statistics say (after a
  // bulk load the planner may prefer the name text index, which reads every space).
  MATCH (a:Asset)
  USING INDEX a:Asset(project_id)
  WHERE a.project_id = id
    AND (a.layer = 'PROJECT'
         OR (a.layer = 'TASK' AND a.type = 'RENDER' AND a.origin = 'ORIGINAL'))
    AND ($filter.types IS NULL OR a.type IN $filter.types)
    AND ($filter.origins IS NULL OR a.origin IN $filter.origins)
    AND ($filter.layers IS NULL OR a.layer IN $filter.layers)
    AND ($filter.states IS NULL OR a.state IN $filter.states)
    AND ($filter.classifications IS NULL OR a.classification IN $filter.classifications)
    AND ($filter.task_id IS NULL OR a.task_id = $filter.task_id)
  WITH collect(a) AS found
  RETURN size(found) AS total, COLLECT {
    UNWIND found AS a
    WITH a, [a.name, a.id] AS key
    WHERE $after IS NULL OR key > $after
    RETURN {node: a {.*, created_at: a.created_at.epochMillis,
                     updated_at: a.updated_at.epochMillis}, key: key}
    ORDER BY key LIMIT $limit
  } AS page
}
RETURN id, total, page
