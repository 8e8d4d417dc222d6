// Name search: one page of the assets of each container whose name contains $name in any
// case ($name in lower case, matched against `name_folded` through the
// asset_name_folded_text text index), scoped as the list_*_assets
// queries scope them ($scope SPACE: space-layer assets; PROJECT: project assets and the
// renders generated in its tasks; TASK: the task's assets), filtered, ordered by name then id.
// Parameters: $ids (container ids), $scope, $name,
// $filter (map: types, origins, layers, states, classifications (lists of names, or null
// for any) and task_id (or null)), $after (the [name, id] key of the last row seen, or null),
// $limit (rows per container).
// Returns: id (the container's), total (assets that match), page (list of maps: node (the
// asset's properties, times as epoch milliseconds), key).
UNWIND $ids AS id
CALL (id) {
  MATCH (a:Asset) USING TEXT INDEX a:Asset(name_folded)
  WHERE a.name_folded CONTAINS $name
    AND CASE $scope
      WHEN 'SPACE' THEN a.space_id = id AND a.layer = 'SPACE'
      WHEN 'PROJECT' THEN a.project_id = id
        AND (a.layer = 'PROJECT'
             OR (a.layer = 'TASK' AND a.type = 'RENDER' AND a.origin = 'ORIGINAL'))
      WHEN 'TASK' THEN a.task_id = id
      ELSE false
    END
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
