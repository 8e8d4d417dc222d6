// Create a user; idempotent per id.
// Parameters: $id, $name.
// Returns: u (the user node).
MERGE (u:User {id: $id})
  ON CREATE SET u.name = $name, u.created_at = datetime()
RETURN u
