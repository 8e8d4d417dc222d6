// A space, project or task by id (ids are unique per label; one of the three matches).
// Parameters: $id.
// Returns: c (the container node), labels.
CALL () {
  MATCH (c:Space {id: $id}) RETURN c
  UNION
  MATCH (c:Project {id: $id}) RETURN c
  UNION
  MATCH (c:Task {id: $id}) RETURN c
}
RETURN c, labels(c) AS labels
