// A user by id.
// Parameters: $id.
// Returns: u (the user node).
MATCH (u:User {id: $id})
RETURN u
