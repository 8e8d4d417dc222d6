// A whole lineage walk in one query: every asset within the depth bound of $id upstream
// (what it was made from) and/or downstream (what depends on it), each once with its
// shortest distance (breadth-first, so cycles end), nearest first, at most $limit of them;
// then the lineage edges among the root and those assets that the walk went along: edges
// leaving an asset it expanded upstream, edges entering one it expanded downstream.
// The depth bound cannot be a parameter: this text says 10 (the largest allowed) and
// src/lineage/graph/lineage.py makes one copy per depth by changing only `*1..10`
// (docs/domain.md §11).
// Parameters: $id (root asset), $up, $down (booleans: walk that way),
// $edge_types (subset of ['DERIVES_FROM', 'USES']), $limit (most assets besides the root),
// $depth (the same bound as the text, to know which assets were expanded).
// Returns: one row: nodes (list of maps: node, direction, depth; node's times as epoch
// milliseconds), edges (list of maps: from, to, type, role), more (more assets were
// within reach than $limit).
MATCH (root:Asset {id: $id})
CALL (root) {
  MATCH p = (root)-[rels:DERIVES_FROM|USES*1..10]->(b:Asset)
  WHERE $up AND all(r IN rels WHERE type(r) IN $edge_types)
  RETURN b, 'UPSTREAM' AS direction, min(length(p)) AS depth
  UNION ALL
  MATCH p = (root)<-[rels:DERIVES_FROM|USES*1..10]-(b:Asset)
  WHERE $down AND all(r IN rels WHERE type(r) IN $edge_types)
  RETURN b, 'DOWNSTREAM' AS direction, min(length(p)) AS depth
}
WITH root, b, direction, depth
ORDER BY depth, direction DESC, b.id
LIMIT $limit + 1
WITH root, collect({b: b, direction: direction, depth: depth}) AS found
WITH root, found[..$limit] AS reached, size(found) > $limit AS more
WITH root, reached, more, [root] + [x IN reached | x.b] AS held,
  [root] + [x IN reached WHERE x.direction = 'UPSTREAM' AND x.depth < $depth | x.b] AS up_from,
  [root] + [x IN reached WHERE x.direction = 'DOWNSTREAM' AND x.depth < $depth | x.b] AS down_to
CALL (held, up_from, down_to) {
  UNWIND held AS x
  MATCH (x)-[e:DERIVES_FROM|USES]->(y:Asset)
  WHERE type(e) IN $edge_types AND y IN held
    AND (($up AND x IN up_from) OR ($down AND y IN down_to))
  RETURN collect({from: x.id, to: y.id, type: type(e), role: coalesce(e.role, e.kind)}) AS edges
}
CALL (reached) {
  UNWIND reached AS x
  WITH x, x.b AS b
  RETURN collect({node: b {.*, created_at: b.created_at.epochMillis,
                           updated_at: b.updated_at.epochMillis},
                  direction: x.direction, depth: x.depth}) AS nodes
}
RETURN nodes, edges, more
