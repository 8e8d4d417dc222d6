// Claim a mutation's idempotency key inside the mutation's own write transaction, so the
// key exists exactly when the write committed. An expired key of the same id is replaced;
// a live one makes the CREATE fail on the unique id (the caller answers with its answer).
// A few other expired keys are removed on the way, so expired keys do not pile up.
// Parameters: $id, $user_id, $request_hash, $now, $expires_at (epoch milliseconds).
// Returns: id.
CALL () {
  MATCH (old:IdempotencyKey) WHERE old.expires_at <= $now
  WITH old LIMIT 20
  DELETE old
}
CREATE (k:IdempotencyKey {id: $id, user_id: $user_id, request_hash: $request_hash,
  claimed_at: $now, expires_at: $expires_at})
RETURN k.id AS id
