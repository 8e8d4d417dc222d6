// One step upstream from each asset: the lineage edges it has (child -> parent,
// render -> input) and the assets they reach, for a breadth-first lineage walk.
// Parameters: $ids, $edge_types (subset of ['DERIVES_FROM', 'USES']), $limit.
// Returns: from, to, type, role, node (the reached asset).
UNWIND $ids AS id
MATCH (a:Asset {id: id})-[e:DERIVES_FROM|USES]->(b:Asset)
WHERE type(e) IN $edge_types
RETURN a.id AS from, b.id AS to, type(e) AS type, coalesce(e.role, e.kind) AS role, b AS node
ORDER BY from, to
LIMIT $limit
