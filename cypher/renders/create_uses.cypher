// Record a render's inputs: one USES edge per input with its role, the JSON snapshot of
// the input's content and that content's hash; idempotent per (render, input).
// Parameters: $render_id, $inputs (list of maps: id, role, snapshot, content_hash).
// Returns: input_id.
MATCH (r:Render {id: $render_id})
UNWIND $inputs AS input
MATCH (x:Asset {id: input.id})
MERGE (r)-[u:USES]->(x)
  ON CREATE SET u.role = input.role, u.snapshot = input.snapshot,
                u.content_hash = input.content_hash
RETURN x.id AS input_id
