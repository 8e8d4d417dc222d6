// Bring a trash item back (docs/domain.md §13), once the checks on
// trash/lock_restore_facts passed in the same transaction: create every node with its
// labels and properties, undo the KEEP_RENDERS moves (drop the re-pointed USES edges and
// the moved renders' IN edge to the project, and set back what the move changed), then
// create every relationship of the snapshot between the restored nodes and the live ones,
// and delete the item.
// Parameters: $item_id, $nodes (list of maps: labels, props), $edges (list of maps: type,
// start, start_label, end, end_label, props), $moved (list of maps: id, project_id, props),
// $repointed (list of maps: render_id, clone_id, target_id).
// Returns: nodes, unpointed, moved_back, edges (counts).
CALL () {
  UNWIND $nodes AS node
  CREATE (n:$(node.labels))
  SET n = node.props
  RETURN count(n) AS nodes
}
CALL () {
  UNWIND $repointed AS move
  MATCH (:Render {id: move.render_id})-[e:USES]->(:Asset {id: move.target_id})
  WHERE e.repointed_from = move.clone_id
  DELETE e
  RETURN count(*) AS unpointed
}
CALL () {
  UNWIND $moved AS move
  MATCH (r:Render {id: move.id})-[e:IN]->(:Project {id: move.project_id})
  DELETE e
  SET r += move.props
  RETURN count(*) AS moved_back
}
CALL () {
  UNWIND $edges AS edge
  CALL (edge) {
    MATCH (n:Asset {id: edge.start}) WHERE edge.start_label = 'Asset' RETURN n
    UNION
    MATCH (n:Space {id: edge.start}) WHERE edge.start_label = 'Space' RETURN n
    UNION
    MATCH (n:Project {id: edge.start}) WHERE edge.start_label = 'Project' RETURN n
    UNION
    MATCH (n:Task {id: edge.start}) WHERE edge.start_label = 'Task' RETURN n
    UNION
    MATCH (n:User {id: edge.start}) WHERE edge.start_label = 'User' RETURN n
  }
  WITH edge, n AS a
  CALL (edge) {
    MATCH (n:Asset {id: edge.end}) WHERE edge.end_label = 'Asset' RETURN n
    UNION
    MATCH (n:Space {id: edge.end}) WHERE edge.end_label = 'Space' RETURN n
    UNION
    MATCH (n:Project {id: edge.end}) WHERE edge.end_label = 'Project' RETURN n
    UNION
    MATCH (n:Task {id: edge.end}) WHERE edge.end_label = 'Task' RETURN n
  }
  WITH edge, a, n AS b
  CREATE (a)-[r:$(edge.type)]->(b)
  SET r = edge.props
  RETURN count(r) AS edges
}
CALL () {
  MATCH (t:TrashItem {id: $item_id})
  DELETE t
}
RETURN nodes, unpointed, moved_back, edges
