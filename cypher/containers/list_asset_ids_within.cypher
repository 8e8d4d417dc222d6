// Ids of every asset in a container or any container inside it (for cascades).
// Parameters: $space_id, $project_id (or null), $task_id (or null).
// Returns: id, type, layer, origin.
MATCH (a:Asset {space_id: $space_id})
WHERE ($project_id IS NULL OR a.project_id = $project_id)
  AND ($task_id IS NULL OR a.task_id = $task_id)
RETURN a.id AS id, a.type AS type, a.layer AS layer, a.origin AS origin
