// The clones (base and working) made directly from each asset, by id.
// Parameters: $ids.
// Returns: id (the source's), clone (node).
UNWIND $ids AS id
MATCH (clone:Asset)-[:DERIVES_FROM {kind: 'CLONE'}]->(:Asset {id: id})
RETURN id, clone
ORDER BY id, clone.id
