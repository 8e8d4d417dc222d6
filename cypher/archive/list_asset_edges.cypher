// Archive export: the outgoing lineage or view edges of type $type (DERIVES_FROM, USES or
// HAS_VIEW) of one page of assets in scope, in asset id order.
// Parameters: $type, $all (boolean), $space_ids (list), $after (last asset id of the previous
// page, '' first), $limit (page size, in assets).
// Returns: source (asset id), edges (list of {to, to_space (the target's space), props}).
MATCH (a:Asset)
WHERE a.id > $after AND ($all OR a.space_id IN $space_ids)
WITH a
ORDER BY a.id
LIMIT $limit
OPTIONAL MATCH (a)-[r]->(b:Asset)
WHERE type(r) = $type
WITH a, collect(CASE WHEN b IS NULL THEN null
                     ELSE {to: b.id, to_space: b.space_id, props: properties(r)} END) AS edges
RETURN a.id AS source, edges
ORDER BY source
