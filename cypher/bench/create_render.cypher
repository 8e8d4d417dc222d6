// Benchmark baseline for registerRender: the nodes and edges one registration writes, in
// one bare query: the render (stored properties computed by the caller), its IN edge to the
// task and one USES edge per input (docs/domain.md §6); no checks, no locks.
// Parameters: $task_id, $props (the render's stored properties, id included, no nulls),
// $inputs (list of maps: id, role, snapshot, content_hash, neutral).
// Returns: inputs (how many USES edges were made).
MATCH (c:Task {id: $task_id})
CREATE (a:Asset:Render)
SET a = $props, a.created_at = datetime(), a.updated_at = datetime()
CREATE (a)-[:IN]->(c)
WITH a
UNWIND $inputs AS input
MATCH (x:Asset {id: input.id})
CREATE (a)-[u:USES]->(x)
SET u.role = input.role, u.snapshot = input.snapshot, u.content_hash = input.content_hash,
    u.neutral = input.neutral
RETURN count(u) AS inputs
