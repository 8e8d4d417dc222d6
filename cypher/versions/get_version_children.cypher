// The next versions made from $id (VERSION edges pointing at it).
// Parameters: $id.
// Returns: a (the newer version node).
MATCH (a:Asset)-[:DERIVES_FROM {kind: 'VERSION'}]->(:Asset {id: $id})
RETURN a
