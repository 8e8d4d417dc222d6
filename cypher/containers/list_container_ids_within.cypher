// Ids of the tasks and projects inside a space or project, innermost first.
// Parameters: $space_id, $project_id (or null).
// Returns: id, kind.
MATCH (t:Task {space_id: $space_id})
WHERE $project_id IS NULL OR t.project_id = $project_id
RETURN t.id AS id, 'TASK' AS kind
UNION ALL
MATCH (p:Project {space_id: $space_id})
WHERE $project_id IS NULL
RETURN p.id AS id, 'PROJECT' AS kind
