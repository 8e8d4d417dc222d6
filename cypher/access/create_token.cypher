// Store an API token for a user: only the SHA-256 of the secret is kept.
// Parameters: $user_id, $id, $token_hash, $label.
// Returns: id; no row when the user does not exist.
MATCH (u:User {id: $user_id})
MERGE (t:ApiToken {id: $id})
  ON CREATE SET t.token_hash = $token_hash, t.label = $label, t.created_at = datetime()
MERGE (t)-[:FOR]->(u)
RETURN t.id AS id
