// The lineage edges leaving (when $up) and entering (when $down) each of the given assets,
// with the asset at the other end: one step of an as-of lineage walk, which expands a level
// at a time because it mixes today's edges with those the change history puts back
// (docs/domain.md §12).
// Parameters: $ids (asset ids), $up, $down (booleans), $limit (most rows).
// Returns: source (the dependent), target (what it derives from or uses), type, role (an
// input's role, or a derivation's kind), hash (a USES edge's snapshot content hash), other
// (every property of the asset at the other end; times as epoch milliseconds).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
CALL (a) {
  MATCH (a)-[e:DERIVES_FROM|USES]->(b:Asset)
  WHERE $up
  RETURN a.id AS source, b.id AS target, e, b
  UNION ALL
  MATCH (a)<-[e:DERIVES_FROM|USES]-(b:Asset)
  WHERE $down
  RETURN b.id AS source, a.id AS target, e, b
}
RETURN source, target, type(e) AS type, coalesce(e.role, e.kind) AS role,
       e.content_hash AS hash,
       b {.*, created_at: b.created_at.epochMillis, updated_at: b.updated_at.epochMillis} AS other
LIMIT $limit
