// Change a container's name or description.
// Parameters: $id, $changes (map: name, description).
// Returns: c (the container node), labels.
CALL () {
  MATCH (c:Space {id: $id}) RETURN c
  UNION
  MATCH (c:Project {id: $id}) RETURN c
  UNION
  MATCH (c:Task {id: $id}) RETURN c
}
SET c += $changes, c.updated_at = datetime()
RETURN c, labels(c) AS labels
