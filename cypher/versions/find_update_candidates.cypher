// Batch form of "check for updates" (docs/domain.md §6): for each project definition clone, its
// project base clone (itself, or the CLONE parent of a working clone), that base's space
// source, and every version newer than the source with its distance in VERSION steps (at
// most 50). Other assets give no row.
// Parameters: $ids.
// Returns: id, base (node), source (node), newer (list of maps: node, steps).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
WHERE a.layer = 'PROJECT' AND a.type <> 'RENDER'
  AND a.origin IN ['BASE_CLONE', 'WORKING_CLONE']
OPTIONAL MATCH (a)-[:DERIVES_FROM {kind: 'CLONE'}]->(parent:Asset)
WITH id, CASE WHEN a.origin = 'BASE_CLONE' THEN a ELSE parent END AS base
MATCH (base)-[:DERIVES_FROM {kind: 'CLONE'}]->(source:Asset)
RETURN id, base, source, COLLECT {
  MATCH path = (v:Asset)(()-[:DERIVES_FROM {kind: 'VERSION'}]->()){1,50}(source)
  RETURN {node: v, steps: length(path)} AS newer
} AS newer
