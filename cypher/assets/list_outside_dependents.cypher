// Dependents outside $ids of assets in $ids (these block deleting the set).
// Parameters: $ids.
// Returns: asset_id, dependent_id, dependent_type, edge.
MATCH (a:Asset)<-[e:DERIVES_FROM|USES]-(d:Asset)
WHERE a.id IN $ids AND NOT d.id IN $ids
RETURN a.id AS asset_id, d.id AS dependent_id, d.type AS dependent_type, type(e) AS edge
ORDER BY asset_id, dependent_id
