// A whole lineage walk in one query: every asset within the depth bound of $id upstream
// (what it was made from) and/or downstream (what depends on it), each once with its
// shortest distance (breadth-first, so cycles end), nearest first, at most $limit of them;
// then the lineage edges the walk went along: edges leaving the root or an asset it
// expanded upstream, edges entering the root or one it expanded downstream. An edge's other
// end is within reach unless the walk was cut at $limit; the caller drops edges to assets
// it did not keep (a set lookup there, where a list lookup here costs O(n) per edge).
// The depth bound cannot be a parameter: this text says 10 (the largest allowed) and
// src/lineage/graph/lineage.py makes one copy per depth by changing only `*1..10`
// (docs/domain.md §11).
// Parameters: $id (root asset), $up, $down (booleans: walk that way),
// $edge_types (subset of ['DERIVES_FROM', 'USES']), $limit (most assets besides the root),
// $depth (the same bound as the text, to know which assets were expanded),
// $full (every property of each asset; else only what places and names it),
// $flags (each asset's lock flags, by the rule of locks/get_lock_flags: docs/domain.md §4).
// Returns: one row: nodes (list of [node, direction, depth, flags]: the root first with
// direction null and depth 0; node's times as epoch milliseconds; flags null or
// [locked, deletable]: immutability follows from those in Python), edges (list of
// [from, to, type, role]), more (more assets were within reach than $limit).
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
CALL (root, reached) {
  WITH [root] + [x IN reached WHERE x.direction = 'UPSTREAM' AND x.depth < $depth | x.b]
       AS expanded
  UNWIND expanded AS x
  MATCH (x)-[e:DERIVES_FROM|USES]->(y:Asset)
  WHERE $up AND type(e) IN $edge_types
  RETURN collect([x.id, y.id, type(e), coalesce(e.role, e.kind)]) AS out_edges
}
CALL (root, reached) {
  WITH [root] + [x IN reached WHERE x.direction = 'DOWNSTREAM' AND x.depth < $depth | x.b]
       AS expanded
  UNWIND expanded AS y
  MATCH (x:Asset)-[e:DERIVES_FROM|USES]->(y)
  WHERE $down AND type(e) IN $edge_types
  RETURN collect([x.id, y.id, type(e), coalesce(e.role, e.kind)]) AS in_edges
}
CALL (root, reached) {
  UNWIND [{b: root, direction: null, depth: 0}] + reached AS x
  WITH x, x.b AS b
  RETURN collect([
    CASE WHEN $full
      THEN b {.*, created_at: b.created_at.epochMillis, updated_at: b.updated_at.epochMillis}
      ELSE b {.id, .type, .layer, .origin, .state, .name, .space_id, .project_id, .task_id}
    END,
    x.direction, x.depth,
    CASE WHEN $flags THEN [
      EXISTS { MATCH (b)<-[:DERIVES_FROM]-(:Asset) } OR EXISTS {
        MATCH (b)<-[:USES]-(r:Render)
        WHERE NOT (r.layer = 'SPACE' AND r.state IN ['DRAFT', 'DISCARDED'])
      },
      NOT EXISTS { MATCH (b)<-[:DERIVES_FROM|USES]-(:Asset) }
    ] END
  ]) AS nodes
}
RETURN nodes, out_edges + in_edges AS edges, more
