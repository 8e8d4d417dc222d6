// For each definition, the whole version chain it belongs to: a space definition's own
// chain, or the chain of the space definition a clone comes from (found along CLONE edges,
// at most 4 steps: task working clone -> task base -> project working -> project base ->
// space). VERSION edges are followed both ways, at most 50 steps each. Renders give no row.
// Parameters: $ids.
// Returns: id, versions (list of the chain's definition nodes, unordered).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
WHERE a.type <> 'RENDER'
OPTIONAL MATCH (a)(()-[:DERIVES_FROM {kind: 'CLONE'}]->()){1,4}(s:Asset {layer: 'SPACE'})
WITH DISTINCT id, CASE WHEN a.layer = 'SPACE' THEN a ELSE s END AS root
WHERE root IS NOT NULL
RETURN id, COLLECT {
  MATCH (root)(()-[:DERIVES_FROM {kind: 'VERSION'}]->()){0,50}(v:Asset)
  RETURN v
  UNION
  MATCH (v:Asset)(()-[:DERIVES_FROM {kind: 'VERSION'}]->()){1,50}(root)
  RETURN v
} AS versions
