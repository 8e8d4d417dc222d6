// Create a project inside space $space_id; idempotent per id.
// Parameters: $id, $space_id, $props (map: name, description, created_by).
// Returns: c (the project node), labels; no row when the space does not exist.
MATCH (s:Space {id: $space_id})
MERGE (c:Project {id: $id})
  ON CREATE SET c += $props, c.space_id = $space_id, c.created_at = datetime()
MERGE (c)-[:IN]->(s)
RETURN c, labels(c) AS labels
