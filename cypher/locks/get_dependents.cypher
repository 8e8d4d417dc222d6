// The direct dependents of each asset (the reasons it is locked and the blockers of its
// deletion), binding ones first, at most $limit per asset, with the total count; and,
// when $nodes, the asset itself (a lock check then needs no other read).
// A render holding several USES edges to the asset (re-pointed task clones) is one
// dependent: its edges are listed with the render's inputs, not here.
// Parameters: $ids, $limit, $nodes.
// Returns: id, total, dependents (list of maps: id, type, layer, state, edge, kind, binding),
// node (every property, times as epoch milliseconds; null unless $nodes).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
OPTIONAL MATCH (a)<-[e:DERIVES_FROM|USES]-(d:Asset)
WITH a, d, type(e) AS edge, min(coalesce(e.kind, e.role)) AS kind
WITH a, d, edge, kind,
     edge = 'DERIVES_FROM' OR NOT (d.layer = 'SPACE' AND d.state IN ['DRAFT', 'DISCARDED'])
       AS binding
ORDER BY binding DESC, d.id, edge
WITH a, [x IN collect(CASE WHEN d IS NULL THEN null ELSE {
         id: d.id, type: d.type, layer: d.layer, state: d.state,
         edge: edge, kind: kind, binding: binding
       } END) WHERE x IS NOT NULL] AS dependents
RETURN a.id AS id, size(dependents) AS total, dependents[0..$limit] AS dependents,
       CASE WHEN $nodes
         THEN a {.*, created_at: a.created_at.epochMillis, updated_at: a.updated_at.epochMillis}
       END AS node
