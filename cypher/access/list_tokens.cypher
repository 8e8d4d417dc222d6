// The API tokens, of one user or of everyone (never their hashes), by user then age.
// Parameters: $user_id (null: every user's).
// Returns: t (the token node), user_id, user_name.
MATCH (t:ApiToken)-[:FOR]->(u:User)
WHERE $user_id IS NULL OR u.id = $user_id
RETURN t, u.id AS user_id, u.name AS user_name
ORDER BY u.name, u.id, t.created_at, t.id
