// What a delete is about to remove, read in the delete's transaction before its write
// (docs/domain.md §13): every asset of $asset_ids and container of $container_ids with its
// labels and properties, every relationship touching one of them (type, the ids and kind
// labels of both ends, properties), and the properties a KEEP_RENDERS move changes of each
// render in $moved_ids, as they are before the move.
// Parameters: $asset_ids, $container_ids, $moved_ids.
// Returns: one row: nodes (list of maps: labels, props), edges (list of maps: type, start,
// start_label, end, end_label, props), moved (list of maps: id, project_id,
// name, props).
CALL () {
  UNWIND $asset_ids AS id
  MATCH (n:Asset {id: id})
  RETURN n
  UNION
  UNWIND $container_ids AS id
  CALL (id) {
    MATCH (c:Task {id: id}) RETURN c
    UNION
    MATCH (c:Project {id: id}) RETURN c
    UNION
    MATCH (c:Space {id: id}) RETURN c
  }
  RETURN c AS n
}
WITH collect(n) AS gone
CALL (gone) {
  UNWIND gone AS n
  MATCH (n)-[r]-()
  WITH DISTINCT r, startNode(r) AS a, endNode(r) AS b
  RETURN collect({
    type: type(r), props: properties(r),
    start: a.id, start_label: head([l IN labels(a) WHERE l IN ['Asset', 'Space', 'Project', 'Task', 'User']]),
    end: b.id, end_label: head([l IN labels(b) WHERE l IN ['Asset', 'Space', 'Project', 'Task', 'User']])
  }) AS edges
}
CALL () {
  UNWIND $moved_ids AS id
  MATCH (r:Render {id: id})
  RETURN collect({id: r.id, project_id: r.project_id, name: r.name,
                  props: {layer: r.layer, task_id: r.task_id, origin_task_id: r.origin_task_id,
                          origin_task_name: r.origin_task_name, updated_at: r.updated_at}})
    AS moved
}
RETURN [n IN gone | {labels: labels(n), props: properties(n)}] AS nodes, edges, moved
