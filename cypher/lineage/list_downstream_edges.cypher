// One step downstream from each asset: the lineage edges pointing at it and the assets
// they come from, for a breadth-first lineage walk.
// Parameters: $ids, $edge_types (subset of ['DERIVES_FROM', 'USES']), $limit.
// Returns: from, to, type, role, node (the reached asset).
UNWIND $ids AS id
MATCH (a:Asset {id: id})<-[e:DERIVES_FROM|USES]-(b:Asset)
WHERE type(e) IN $edge_types
RETURN b.id AS from, a.id AS to, type(e) AS type, coalesce(e.role, e.kind) AS role, b AS node
ORDER BY from, to
LIMIT $limit
