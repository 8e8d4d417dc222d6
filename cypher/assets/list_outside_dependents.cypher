// Dependents outside $ids of assets in $ids (these block deleting the set); a render with
// several USES edges to one asset is one dependent.
// Parameters: $ids.
// Returns: asset_id, dependent_id, dependent_type, edge.
MATCH (a:Asset)<-[e:DERIVES_FROM|USES]-(d:Asset)
WHERE a.id IN $ids AND NOT d.id IN $ids
RETURN DISTINCT a.id AS asset_id, d.id AS dependent_id, d.type AS dependent_type,
       type(e) AS edge
ORDER BY asset_id, dependent_id
