// Ids of the space-layer assets upstream of the given assets (themselves included),
// following lineage edges at most 20 steps.
// Parameters: $ids.
// Returns: ids (list).
UNWIND $ids AS id
MATCH (:Asset {id: id})-[:DERIVES_FROM|USES*0..20]->(u:Asset {layer: 'SPACE'})
RETURN collect(DISTINCT u.id) AS ids
