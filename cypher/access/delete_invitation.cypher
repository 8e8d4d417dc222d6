// Delete one invitation of a space (revoked, or used by its invitee).
// Parameters: $space_id, $id.
// Returns: deleted (count: 0 when the space has no such invitation).
OPTIONAL MATCH (i:Invitation {id: $id, space_id: $space_id})
DELETE i
RETURN count(i) AS deleted
