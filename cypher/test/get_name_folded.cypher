// Test support: the stored search form of an asset's name (schema version 9).
// Parameters: $id. Returns: name_folded.
MATCH (a:Asset {id: $id})
RETURN a.name_folded AS name_folded
