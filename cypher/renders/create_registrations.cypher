// Write accepted render registrations in one query: the task base clones they take their
// project inputs through (with IN and DERIVES_FROM {kind: 'CLONE'} edges, as
// assets/create_asset and assets/create_derives_from make them), then each render with its
// IN edge, its file key and one USES edge per input (role, snapshot, content_hash, neutral).
// Everything was checked by the caller under the locks
// renders/lock_registration_facts took in the same transaction.
// Parameters: $clones (list of maps: container_id, source_id, props (stored properties, id
// included, no nulls)), $renders (list of maps: container_id, props, file_key (or null),
// inputs (list of maps: id, role, snapshot, content_hash, neutral)).
// Returns: renders (the created renders' properties, times as epoch milliseconds, in the
// order given).
CALL () {
  UNWIND $clones AS clone
  MATCH (c:Task {id: clone.container_id})
  MATCH (source:Asset {id: clone.source_id})
  CREATE (a:Asset)-[:IN]->(c)
  SET a = clone.props, a.created_at = datetime(), a.updated_at = datetime()
  FOREACH (_ IN CASE WHEN clone.props.type = 'RENDER' THEN [1] ELSE [] END | SET a:Render)
  FOREACH (_ IN CASE WHEN clone.props.type <> 'RENDER' THEN [1] ELSE [] END | SET a:Definition)
  FOREACH (_ IN CASE WHEN clone.props.type = 'CHARACTER' THEN [1] ELSE [] END | SET a:Character)
  FOREACH (_ IN CASE WHEN clone.props.type = 'SCENE' THEN [1] ELSE [] END | SET a:Scene)
  FOREACH (_ IN CASE WHEN clone.props.type = 'STYLE' THEN [1] ELSE [] END | SET a:Style)
  CREATE (a)-[:DERIVES_FROM {kind: 'CLONE'}]->(source)
  RETURN count(a) AS clones
}
CALL () {
  UNWIND range(0, size($renders) - 1) AS index
  WITH index, $renders[index] AS row
  CALL (row) {
    MATCH (c:Space {id: row.container_id}) RETURN c
    UNION
    MATCH (c:Project {id: row.container_id}) RETURN c
    UNION
    MATCH (c:Task {id: row.container_id}) RETURN c
  }
  CREATE (r:Asset:Render)-[:IN]->(c)
  SET r = row.props, r.file_key = row.file_key, r.created_at = datetime(),
      r.updated_at = datetime()
  WITH index, r, row
  CALL (r, row) {
    UNWIND row.inputs AS input
    MATCH (x:Asset {id: input.id})
    CREATE (r)-[u:USES]->(x)
    SET u.role = input.role, u.snapshot = input.snapshot,
        u.content_hash = input.content_hash, u.neutral = input.neutral
    RETURN count(u) AS uses
  }
  WITH index, r ORDER BY index
  RETURN collect(r {.*, created_at: r.created_at.epochMillis,
                    updated_at: r.updated_at.epochMillis}) AS renders
}
RETURN renders
