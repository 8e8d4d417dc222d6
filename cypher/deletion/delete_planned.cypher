// Carry out a delete decided on the facts deletion/lock_deletion_facts read under its locks
// in the same transaction, in one query: re-point the USES edges of kept renders from the
// doomed task clones to their nearest surviving ancestors (every edge stays its own, with
// its role, snapshot, content_hash and neutral flag, told apart by `repointed_from`: the
// clone's id; docs/domain.md §6), move the kept renders into the project (layer, ids and
// containment change; the task's id and name are kept as origin_task_id and
// origin_task_name), then delete the assets
// with their containment, outgoing lineage and view edges, and the containers with their
// containment and membership edges. Nothing is DETACH DELETEd: a lineage edge from an asset
// left behind, or an asset left in a container, makes the transaction fail.
// Parameters: $repoints (list of maps: render_id, clone_id, target_id), $moved (render
// ids), $project_id (or null), $asset_ids, $container_ids.
// Returns: repointed, moved, deleted_assets, deleted_containers (counts).
CALL () {
  UNWIND $repoints AS move
  MATCH (r:Render {id: move.render_id})-[old:USES]->(:Asset {id: move.clone_id})
  MATCH (target:Asset {id: move.target_id})
  CREATE (r)-[new:USES]->(target)
  SET new = properties(old), new.repointed_from = move.clone_id
  DELETE old
  RETURN count(new) AS repointed
}
CALL () {
  MATCH (p:Project {id: $project_id})
  UNWIND $moved AS id
  MATCH (r:Render {id: id})-[old:IN]->(task:Task)
  DELETE old
  MERGE (r)-[:IN]->(p)
  SET r.origin_task_id = r.task_id, r.origin_task_name = task.name, r.task_id = null,
      r.layer = 'PROJECT', r.updated_at = datetime()
  RETURN count(r) AS moved
}
CALL () {
  MATCH (a:Asset)
  WHERE a.id IN $asset_ids
  OPTIONAL MATCH (a)-[out:IN|DERIVES_FROM|USES|HAS_VIEW]->()
  DELETE out
  WITH DISTINCT a
  OPTIONAL MATCH (a)<-[view:HAS_VIEW]-()
  DELETE view
  WITH DISTINCT a
  DELETE a
  RETURN count(*) AS deleted_assets
}
CALL () {
  UNWIND $container_ids AS id
  CALL (id) {
    MATCH (c:Task {id: id}) RETURN c
    UNION
    MATCH (c:Project {id: id}) RETURN c
    UNION
    MATCH (c:Space {id: id}) RETURN c
  }
  OPTIONAL MATCH (c)-[out:IN]->()
  OPTIONAL MATCH (c)<-[member:MEMBER_OF]-(:User)
  DELETE out, member
  WITH DISTINCT c
  DELETE c
  RETURN count(*) AS deleted_containers
}
RETURN repointed, moved, deleted_assets, deleted_containers
