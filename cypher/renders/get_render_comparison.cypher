// Two renders as a render diff compares them (docs/domain.md §12, Render diff): each render
// with every input it used (one row per USES edge: role, snapshot, snapshot hash) and the
// id of the input's line, the asset at the root of its lineage: up its clone parents to
// the space original (at most 20 steps), then back along previous versions to the first
// one (at most 50 steps, §11). A render or a definition with no parent is its own line.
// Parameters: $ids (render ids; an id that is no render gives no row).
// Returns: id, render (node), inputs (list of maps: input (node), role, snapshot,
// snapshot_hash, line_id), ordered by role and input id.
UNWIND $ids AS id
MATCH (render:Render {id: id})
CALL (render) {
  OPTIONAL MATCH (render)-[u:USES]->(input:Asset)
  OPTIONAL MATCH (input)-[:DERIVES_FROM*0..20 {kind: 'CLONE'}]->(original:Asset)
  WHERE NOT (original)-[:DERIVES_FROM {kind: 'CLONE'}]->()
  OPTIONAL MATCH (original)-[:DERIVES_FROM*0..50 {kind: 'VERSION'}]->(first:Asset)
  WHERE NOT (first)-[:DERIVES_FROM {kind: 'VERSION'}]->()
  WITH u, input, first ORDER BY u.role, input.id
  RETURN collect(CASE WHEN u IS NOT NULL THEN
    {input: input, role: u.role, snapshot: u.snapshot, snapshot_hash: u.content_hash,
     line_id: coalesce(first.id, input.id)} END) AS inputs
}
RETURN id, render, inputs
