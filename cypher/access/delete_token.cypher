// Revoke an API token: the node goes, so its secret no longer signs anyone in.
// Parameters: $id.
// Returns: deleted (count: 0 when there is no such token).
OPTIONAL MATCH (t:ApiToken {id: $id})
DETACH DELETE t
RETURN count(t) AS deleted
