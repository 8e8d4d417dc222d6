// Cookbook: renders whose inputs changed since they were generated: the content hash the
// USES edge recorded (the input's snapshot) differs from the input's current one. Only
// inputs of draft space renders can still change (docs/domain.md §4), so these are the
// renders an approval would refuse (DriftedInputs) (docs/cypher.md).
// Parameters: none.
// Returns: render (name), render_id, input (name), input_id, role, ordered by render, input.
MATCH (r:Render)-[u:USES]->(input:Asset)
WHERE u.content_hash <> input.content_hash
RETURN r.name AS render, r.id AS render_id, input.name AS input, input.id AS input_id,
       u.role AS role
ORDER BY render, render_id, input, input_id
