// Store an invitation to a space (docs/domain.md §7): only the SHA-256 of its one-time code
// is kept. The space is a property, not an edge, so deleting a space never trips on it; an
// invitation to a space that is gone is never accepted.
// Parameters: $id, $space_id, $role, $code_hash, $created_by, $expires_at (datetime).
// Returns: i (the invitation node).
CREATE (i:Invitation {
  id: $id, space_id: $space_id, role: $role, code_hash: $code_hash,
  created_by: $created_by, created_at: datetime(), expires_at: $expires_at
})
RETURN i
