// What a restore needs to decide, read under the write locks it takes in the order every
// write takes them (docs/domain.md §11): first the containers its edges point into
// ($container_ids, spaces, projects, tasks in that order), then in one batch in id order
// the live assets its edges point at and the renders a task delete moved out. Python
// decides on these facts (domain/trash.py).
// Parameters: $container_ids, $asset_ids (live assets to lock: edge ends and moved
// renders), $ends (list of maps: label, id: every edge end outside the snapshot),
// $node_ids (the snapshot's own ids), $file_keys (its renders'), $moved (list of maps: id,
// project_id), $space_id.
// Returns: one row: taken (ids of $node_ids a node holds now), live_ends (list of maps:
// label, id), assets (list of maps: id, content_hash, clones (list of maps: id, origin,
// container), versions (ids)), moved_in_place (ids), taken_file_keys, trashed (list of
// maps: id, item: the other trash items of the space holding a missing end or moved render).
CALL () {
  UNWIND $container_ids AS id
  CALL (id) {
    MATCH (c:Space {id: id}) RETURN c
    UNION
    MATCH (c:Project {id: id}) RETURN c
    UNION
    MATCH (c:Task {id: id}) RETURN c
  }
  SET c._lock = true
  REMOVE c._lock
  RETURN count(c) AS locked_containers
}
CALL () {
  UNWIND $asset_ids AS id
  WITH id ORDER BY id
  MATCH (a:Asset {id: id})
  SET a._lock = true
  REMOVE a._lock
  RETURN count(a) AS locked_assets
}
CALL () {
  UNWIND $node_ids AS id
  CALL (id) {
    MATCH (n:Asset {id: id}) RETURN n
    UNION
    MATCH (n:Space {id: id}) RETURN n
    UNION
    MATCH (n:Project {id: id}) RETURN n
    UNION
    MATCH (n:Task {id: id}) RETURN n
  }
  RETURN collect(DISTINCT n.id) AS taken
}
CALL () {
  UNWIND $ends AS end
  CALL (end) {
    MATCH (n:Asset {id: end.id}) WHERE end.label = 'Asset' RETURN n
    UNION
    MATCH (n:Space {id: end.id}) WHERE end.label = 'Space' RETURN n
    UNION
    MATCH (n:Project {id: end.id}) WHERE end.label = 'Project' RETURN n
    UNION
    MATCH (n:Task {id: end.id}) WHERE end.label = 'Task' RETURN n
    UNION
    MATCH (n:User {id: end.id}) WHERE end.label = 'User' RETURN n
  }
  RETURN collect({label: end.label, id: end.id}) AS live_ends
}
CALL () {
  UNWIND $ends AS end
  WITH end WHERE end.label = 'Asset'
  MATCH (a:Asset {id: end.id})
  CALL (a) {
    OPTIONAL MATCH (a)<-[:DERIVES_FROM {kind: 'CLONE'}]-(c:Asset)
    RETURN collect({id: c.id, origin: c.origin,
                    container: coalesce(c.task_id, c.project_id, c.space_id)}) AS clones
  }
  CALL (a) {
    OPTIONAL MATCH (a)<-[:DERIVES_FROM {kind: 'VERSION'}]-(v:Asset)
    RETURN collect(v.id) AS versions
  }
  RETURN collect({id: a.id, content_hash: a.content_hash,
                  clones: [c IN clones WHERE c.id IS NOT NULL], versions: versions}) AS assets
}
CALL () {
  UNWIND $moved AS move
  MATCH (:Render {id: move.id})-[:IN]->(:Project {id: move.project_id})
  RETURN collect(move.id) AS moved_in_place
}
CALL () {
  UNWIND $file_keys AS key
  MATCH (r:Render {file_key: key})
  RETURN collect(DISTINCT key) AS taken_file_keys
}
CALL () {
  // deleted_at IS NOT NULL lets the (space_id, deleted_at) index serve the space lookup.
  MATCH (t:TrashItem)
  USING INDEX t:TrashItem(space_id, deleted_at)
  WHERE t.space_id = $space_id AND t.deleted_at IS NOT NULL
  UNWIND [id IN [end IN $ends | end.id] + [move IN $moved | move.id] WHERE id IN t.node_ids]
    AS id
  RETURN collect({id: id, item: t.id}) AS trashed
}
RETURN taken, live_ends, assets, moved_in_place, taken_file_keys, trashed
