// Create a task inside project $project_id; idempotent per id.
// Parameters: $id, $project_id, $props (map: name, description, created_by).
// Returns: c (the task node), labels; no row when the project does not exist.
MATCH (p:Project {id: $project_id})
MERGE (c:Task {id: $id})
  ON CREATE SET c += $props, c.project_id = $project_id, c.space_id = p.space_id,
                c.created_at = datetime()
MERGE (c)-[:IN]->(p)
RETURN c, labels(c) AS labels
