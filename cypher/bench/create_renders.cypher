// Benchmark baseline for a batch of render registrations: many renders with their IN
// edges to their tasks and their USES edges in one bare UNWIND query; no checks, no locks.
// Parameters: $rows (list of maps: task_id, props (stored properties, id included, no
// nulls), inputs (list of maps: id, role, snapshot, content_hash, neutral)).
// Returns: created (how many renders were made).
UNWIND $rows AS row
MATCH (c:Task {id: row.task_id})
CREATE (a:Asset:Render)
SET a = row.props, a.created_at = datetime(), a.updated_at = datetime()
CREATE (a)-[:IN]->(c)
WITH a, row
CALL (a, row) {
  UNWIND row.inputs AS input
  MATCH (x:Asset {id: input.id})
  CREATE (a)-[u:USES]->(x)
  SET u.role = input.role, u.snapshot = input.snapshot, u.content_hash = input.content_hash,
      u.neutral = input.neutral
  RETURN count(u) AS inputs
}
RETURN count(a) AS created
