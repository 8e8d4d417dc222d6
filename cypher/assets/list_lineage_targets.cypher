// The assets outside $ids that assets in $ids point at with lineage edges (their
// lock state may change when $ids go).
// Parameters: $ids.
// Returns: id.
MATCH (a:Asset)-[:DERIVES_FROM|USES]->(t:Asset)
WHERE a.id IN $ids AND NOT t.id IN $ids
RETURN DISTINCT t.id AS id
