// Take the lease of migration lock $name for $owner when it is free, expired or already
// $owner's. The first SET takes the node's write lock, so the owner is read after any
// concurrent taker committed: two starters never both see it free.
// Parameters: $name, $owner, $lease_s (seconds the lease lasts unless released).
// Returns: taken (boolean), holder (the owner now), expires_at.
MERGE (l:MigrationLock {name: $name})
SET l.tried_at = datetime()
WITH l, (l.owner IS NULL OR l.expires_at < datetime() OR l.owner = $owner) AS free
SET l.owner = CASE WHEN free THEN $owner ELSE l.owner END,
    l.expires_at = CASE
      WHEN free THEN datetime() + duration({seconds: $lease_s}) ELSE l.expires_at END
RETURN free AS taken, l.owner AS holder, toString(l.expires_at) AS expires_at
