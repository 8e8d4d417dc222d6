// The CLONE parent of each asset, if it has one.
// Parameters: $ids.
// Returns: id (the child's), parent (node).
UNWIND $ids AS id
MATCH (:Asset {id: id})-[:DERIVES_FROM {kind: 'CLONE'}]->(parent:Asset)
RETURN id, parent
