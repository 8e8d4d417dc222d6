// No live asset or container shares an id with one a trash item holds: a trashed node is
// gone from the graph until it is restored (docs/domain.md §13). One row per clash; read-only.
// Parameters: none.
// Returns: subject (the id), detail, trash_item_id.
MATCH (t:TrashItem)
UNWIND coalesce(t.node_ids, []) AS id
CALL (id) {
  MATCH (n:Asset {id: id}) RETURN n
  UNION
  MATCH (n:Space {id: id}) RETURN n
  UNION
  MATCH (n:Project {id: id}) RETURN n
  UNION
  MATCH (n:Task {id: id}) RETURN n
}
RETURN id AS subject,
  head([l IN labels(n) WHERE l IN ['Asset', 'Space', 'Project', 'Task']]) + ' ' + id
    + ' is live, yet trash item ' + t.id + ' holds it as deleted' AS detail,
  t.id AS trash_item_id
ORDER BY subject, trash_item_id
