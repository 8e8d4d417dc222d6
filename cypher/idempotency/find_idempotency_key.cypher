// A mutation's idempotency key, unless it has expired: the request it was claimed for and
// the answer recorded for it (null until recorded). Not lineage: no edges.
// Parameters: $id (hash of the caller and the key), $now (epoch milliseconds).
// Returns: request_hash, status, body, claimed_at (epoch milliseconds).
MATCH (k:IdempotencyKey {id: $id})
WHERE k.expires_at > $now
RETURN k.request_hash AS request_hash, k.status AS status, k.body AS body,
  k.claimed_at AS claimed_at
