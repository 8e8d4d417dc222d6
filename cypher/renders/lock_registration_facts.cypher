// What registering renders needs to know, read in one query under the write locks it
// takes: first the containers' locks (sorted ids: registrations into one container wait for
// each other, so its base clones and file keys cannot change under them), then the locks of
// the given inputs and of their base clones in the task containers (sorted ids, one order
// for every writer), each asset matched again once locked (one deleted while we waited is
// gone). Python decides everything from these facts (docs/domain.md §6).
// Parameters: $container_ids, $input_ids (both sorted), $file_keys. Base clones are looked
// for by task_id IN $container_ids: only a task's id is ever an asset's task_id.
// Returns: containers (list of maps: node, labels), assets (list of maps: node, upstream
// (ids of the space assets upstream of it, itself included, at most 20 lineage steps)),
// clones (list of maps: source_id, container_id, clone_id), file_owners (list of maps: key,
// id). Nodes come as property maps with times as epoch milliseconds (decoded several
// times faster than temporal values; graph.codec reads both).
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
  RETURN collect({node: c {.*, created_at: c.created_at.epochMillis}, labels: labels(c)})
    AS containers
}
CALL () {
  CALL () {
    UNWIND $input_ids AS id
    MATCH (a:Asset {id: id})
    RETURN a.id AS id
    UNION
    UNWIND $input_ids AS id
    // From the input, not from the tasks' assets (many inputs x every asset of the tasks).
    MATCH (a:Asset)-[:DERIVES_FROM {kind: 'CLONE'}]->(source:Asset {id: id})
    USING INDEX source:Asset(id)
    WHERE a.origin = 'BASE_CLONE' AND a.task_id IN $container_ids
    RETURN a.id AS id
  }
  WITH id ORDER BY id
  MATCH (locked:Asset {id: id})
  SET locked._lock = true
  REMOVE locked._lock
  RETURN collect(DISTINCT id) AS locked_ids
}
CALL (locked_ids) {
  UNWIND locked_ids AS id
  MATCH (a:Asset {id: id})
  RETURN collect({node: a {.*, created_at: a.created_at.epochMillis,
                          updated_at: a.updated_at.epochMillis}, upstream: COLLECT {
    MATCH (a)-[:DERIVES_FROM|USES*0..20]->(u:Asset {layer: 'SPACE'})
    RETURN DISTINCT u.id
  }}) AS assets,
  collect(CASE WHEN a.origin = 'BASE_CLONE' AND a.task_id IN $container_ids THEN a.id END)
    AS clone_ids
}
CALL (clone_ids) {
  UNWIND clone_ids AS id
  MATCH (a:Asset {id: id})-[:DERIVES_FROM {kind: 'CLONE'}]->(source:Asset)
  MATCH (a)-[:IN]->(c:Task)
  RETURN collect({source_id: source.id, container_id: c.id, clone_id: a.id}) AS clones
}
CALL () {
  UNWIND $file_keys AS key
  MATCH (r:Render {file_key: key})
  WITH key, min(r.id) AS id
  RETURN collect({key: key, id: id}) AS file_owners
}
RETURN containers, assets, clones, file_owners
