// What making a clone needs, read in one query under the write locks it takes, container
// first (docs/domain.md §11): the container's lock ($container_id, or when it is null the
// source's own container: a working clone goes beside its source), then the source's; both
// are matched again once locked (one deleted or moved while we waited shows as such). The
// renders shown as the source's base views are locked with it, in one batch in id order:
// a base clone takes its views over (docs/domain.md §6, import). Also
// the base clone of the source already in that container (import and use in a task are
// idempotent per container and source) and the style a change binds, if one is named.
// Parameters: $source_id, $container_id (or null), $style_id (or null).
// Returns: one row: containers (list of at most one map: node, labels), source, existing,
// style (asset property maps or null). Times come as epoch milliseconds (decoded several
// times faster than temporal values; graph.codec reads both).
OPTIONAL MATCH (unlocked:Asset {id: $source_id})
WITH coalesce($container_id, unlocked.task_id, unlocked.project_id, unlocked.space_id)
  AS container_id
CALL (container_id) {
  CALL (container_id) {
    MATCH (c:Space {id: container_id}) RETURN c
    UNION
    MATCH (c:Project {id: container_id}) RETURN c
    UNION
    MATCH (c:Task {id: container_id}) RETURN c
  }
  SET c._lock = true
  REMOVE c._lock
  RETURN collect({node: c {.*, created_at: c.created_at.epochMillis}, labels: labels(c)})
    AS containers
}
CALL () {
  OPTIONAL MATCH (unlocked_source:Asset {id: $source_id})
  WITH [$source_id] + COLLECT {
    MATCH (unlocked_source)-[:HAS_VIEW]->(view:Render) RETURN view.id
  } AS ids
  UNWIND ids AS id
  WITH DISTINCT id ORDER BY id
  OPTIONAL MATCH (locked:Asset {id: id})
  SET locked._lock = true
  REMOVE locked._lock
  RETURN count(locked) AS locked
}
OPTIONAL MATCH (source:Asset {id: $source_id})
CALL (source, container_id) {
  OPTIONAL MATCH (clone:Asset {origin: 'BASE_CLONE'})-[:DERIVES_FROM {kind: 'CLONE'}]->(source)
  WHERE EXISTS { (clone)-[:IN]->({id: container_id}) }
  RETURN clone LIMIT 1
}
OPTIONAL MATCH (style:Asset {id: $style_id})
RETURN containers,
  source {.*, created_at: source.created_at.epochMillis,
          updated_at: source.updated_at.epochMillis} AS source,
  clone {.*, created_at: clone.created_at.epochMillis,
         updated_at: clone.updated_at.epochMillis} AS existing,
  style {.*, created_at: style.created_at.epochMillis,
         updated_at: style.updated_at.epochMillis} AS style
