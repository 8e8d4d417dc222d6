// Archive import: the edges of type $type (DERIVES_FROM, USES or HAS_VIEW) already in the
// graph between these pairs of assets.
// Parameters: $type, $pairs (list of {from: asset id, to: asset id}).
// Returns: source, to (asset ids), props (the edge's properties).
UNWIND $pairs AS pair
MATCH (a:Asset {id: pair.from})-[r]->(b:Asset {id: pair.to})
WHERE type(r) = $type
RETURN a.id AS source, b.id AS to, properties(r) AS props
