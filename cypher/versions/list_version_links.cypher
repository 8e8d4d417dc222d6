// For each asset, the version it was made from and the versions made from it.
// Parameters: $ids.
// Returns: id, previous (node or null), next (list of nodes).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
OPTIONAL MATCH (a)-[:DERIVES_FROM {kind: 'VERSION'}]->(previous:Asset)
OPTIONAL MATCH (later:Asset)-[:DERIVES_FROM {kind: 'VERSION'}]->(a)
RETURN id, previous, collect(later) AS next
