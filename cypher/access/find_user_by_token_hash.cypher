// The user an API token belongs to, with the token (its expiry and last use) and the
// user's space memberships.
// Parameters: $token_hash.
// Returns: u (the user node), t (the token node), memberships (list of maps: space_id, role).
MATCH (t:ApiToken {token_hash: $token_hash})-[:FOR]->(u:User)
OPTIONAL MATCH (u)-[m:MEMBER_OF]->(s:Space)
RETURN u, t, [x IN collect(CASE WHEN s IS NULL THEN null ELSE {space_id: s.id, role: m.role} END)
              WHERE x IS NOT NULL] AS memberships
