// The pending (not yet expired) invitations of each space, oldest first.
// Parameters: $space_ids.
// Returns: i (the invitation node).
UNWIND $space_ids AS space_id
MATCH (i:Invitation {space_id: space_id})
WHERE i.expires_at > datetime()
RETURN i
ORDER BY i.space_id, i.created_at, i.id
