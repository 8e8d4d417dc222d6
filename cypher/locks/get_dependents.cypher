// The direct dependents of each asset (the reasons it is locked and the blockers of its
// deletion), binding ones first, at most $limit per asset, with the total count.
// Parameters: $ids, $limit.
// Returns: id, total, dependents (list of maps: id, type, layer, state, edge, kind, binding).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
OPTIONAL MATCH (a)<-[e:DERIVES_FROM|USES]-(d:Asset)
WITH a, d, e,
     type(e) = 'DERIVES_FROM' OR NOT (d.layer = 'SPACE' AND d.state IN ['DRAFT', 'DISCARDED'])
       AS binding
ORDER BY binding DESC, d.id
WITH a, [x IN collect(CASE WHEN d IS NULL THEN null ELSE {
         id: d.id, type: d.type, layer: d.layer, state: d.state,
         edge: type(e), kind: coalesce(e.kind, e.role), binding: binding
       } END) WHERE x IS NOT NULL] AS dependents
RETURN a.id AS id, size(dependents) AS total, dependents[0..$limit] AS dependents
