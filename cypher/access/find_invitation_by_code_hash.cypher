// The pending invitation with this code hash, unless it has expired.
// Parameters: $code_hash.
// Returns: i (the invitation node); no row when there is none or it has expired.
MATCH (i:Invitation {code_hash: $code_hash})
WHERE i.expires_at > datetime()
RETURN i
