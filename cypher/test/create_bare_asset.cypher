// Test support: create an Asset node with only an id (to probe the uniqueness constraint).
// Parameters: $id. Returns: id.
CREATE (a:Asset {id: $id}) RETURN a.id AS id
