// One breadth-first step of a lineage walk, both directions in one query: the lineage
// edges leaving the $up assets (child -> parent, render -> input) and the edges pointing at
// the $down assets (their dependents), with the asset each edge reaches.
// Parameters: $up (ids to expand upstream), $down (ids to expand downstream),
// $edge_types (subset of ['DERIVES_FROM', 'USES']), $limit (most rows returned).
// Returns: direction ('UPSTREAM' or 'DOWNSTREAM'), from, to, type, role (USES role or
// DERIVES_FROM kind), node (the reached asset's properties, times as epoch milliseconds);
// upstream rows first, as they are few.
CALL () {
  UNWIND $up AS id
  MATCH (a:Asset {id: id})-[e:DERIVES_FROM|USES]->(b:Asset)
  WHERE type(e) IN $edge_types
  RETURN 'UPSTREAM' AS direction, a.id AS from, b.id AS to, e, b AS node
  UNION ALL
  UNWIND $down AS id
  MATCH (a:Asset {id: id})<-[e:DERIVES_FROM|USES]-(b:Asset)
  WHERE type(e) IN $edge_types
  RETURN 'DOWNSTREAM' AS direction, b.id AS from, a.id AS to, e, b AS node
}
RETURN direction, from, to, type(e) AS type, coalesce(e.role, e.kind) AS role,
       node {.*, created_at: node.created_at.epochMillis,
             updated_at: node.updated_at.epochMillis} AS node
ORDER BY direction DESC, from, to, type
LIMIT $limit
