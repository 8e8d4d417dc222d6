// Take the write lock of a container (serialises writes into it), then return it.
// Parameters: $id.
// Returns: c (the container node), labels.
CALL () {
  MATCH (c:Space {id: $id}) RETURN c
  UNION
  MATCH (c:Project {id: $id}) RETURN c
  UNION
  MATCH (c:Task {id: $id}) RETURN c
}
SET c._lock = true
REMOVE c._lock
RETURN c, labels(c) AS labels
