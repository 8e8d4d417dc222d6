// Give back the lease of migration lock $name when $owner still holds it.
// Parameters: $name, $owner.
// Returns: released (0 or 1).
MATCH (l:MigrationLock {name: $name})
WHERE l.owner = $owner
SET l.owner = null, l.expires_at = null
RETURN count(l) AS released
