// Record a render's inputs: one USES edge per input with its role, the JSON snapshot of
// the input's content, that content's hash and the input's neutral flag at generation
// time (what the classification counted); idempotent per (render, input). The caller
// refuses two inputs that resolve to one asset, so every given input gets its own edge.
// Parameters: $render_id, $inputs (list of maps: id, role, snapshot, content_hash, neutral).
// Returns: input_id.
MATCH (r:Render {id: $render_id})
UNWIND $inputs AS input
MATCH (x:Asset {id: input.id})
MERGE (r)-[u:USES]->(x)
  ON CREATE SET u.role = input.role, u.snapshot = input.snapshot,
                u.content_hash = input.content_hash, u.neutral = input.neutral
RETURN x.id AS input_id
