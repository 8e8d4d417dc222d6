// The version $id was made from, if any.
// Parameters: $id.
// Returns: a (the previous version node).
MATCH (:Asset {id: $id})-[:DERIVES_FROM {kind: 'VERSION'}]->(a:Asset)
RETURN a
