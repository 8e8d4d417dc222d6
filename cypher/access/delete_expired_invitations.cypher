// Delete the invitations of a space that have expired (they can no longer be accepted).
// Parameters: $space_id.
// Returns: deleted (count).
OPTIONAL MATCH (i:Invitation {space_id: $space_id})
WHERE i.expires_at <= datetime()
DELETE i
RETURN count(i) AS deleted
