// Cookbook: the assets with the most direct dependents (assets deriving from or using
// them): where a change or a deprecation reaches furthest in one step (docs/cypher.md).
// Parameters: $limit (how many assets).
// Returns: asset (name), asset_id, type, layer, dependents (count), ordered by dependents
// (most first), then name and id.
MATCH (a:Asset)<-[:DERIVES_FROM|USES]-(d:Asset)
WITH a, count(DISTINCT d) AS dependents
RETURN a.name AS asset, a.id AS asset_id, a.type AS type, a.layer AS layer, dependents
ORDER BY dependents DESC, asset, asset_id
LIMIT $limit
