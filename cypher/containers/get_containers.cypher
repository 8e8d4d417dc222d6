// Spaces, projects and tasks by id (batch form of get_container).
// Parameters: $ids.
// Returns: c (the container node), labels.
UNWIND $ids AS id
CALL (id) {
  MATCH (c:Space {id: id}) RETURN c
  UNION
  MATCH (c:Project {id: id}) RETURN c
  UNION
  MATCH (c:Task {id: id}) RETURN c
}
RETURN c, labels(c) AS labels
