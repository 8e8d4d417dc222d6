// Tests: move an API token's expiry or last use (to the past, say) without waiting.
// Parameters: $id, $expires_at, $last_used_at (datetimes; null keeps the stored value).
// Returns: t (the token node).
MATCH (t:ApiToken {id: $id})
SET t.expires_at = coalesce($expires_at, t.expires_at),
    t.last_used_at = coalesce($last_used_at, t.last_used_at)
RETURN t
