// The projects of each space and the tasks of each project (batch form of list_children),
// by name then id.
// Parameters: $ids (space and project ids).
// Returns: id (the parent's), c (the child container node), labels.
UNWIND $ids AS id
CALL (id) {
  MATCH (c:Project)-[:IN]->(:Space {id: id})
  RETURN c
  UNION
  MATCH (c:Task)-[:IN]->(:Project {id: id})
  RETURN c
}
RETURN id, c, labels(c) AS labels
ORDER BY id, c.name, c.id
