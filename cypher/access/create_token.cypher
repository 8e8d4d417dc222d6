// Store an API token for a user: only the SHA-256 of the secret is kept.
// Parameters: $user_id, $id, $token_hash, $label, $expires_at (datetime, or null: never).
// Returns: t (the token node); no row when the user does not exist.
MATCH (u:User {id: $user_id})
MERGE (t:ApiToken {id: $id})
  ON CREATE SET t.token_hash = $token_hash, t.label = $label, t.created_at = datetime(),
                t.expires_at = $expires_at
MERGE (t)-[:FOR]->(u)
RETURN t
