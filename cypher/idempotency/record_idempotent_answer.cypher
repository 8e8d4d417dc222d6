// Keep the answer of the mutation that claimed an idempotency key, for its retries.
// Parameters: $id, $status (HTTP status), $body (the JSON answer as sent).
// Returns: id.
MATCH (k:IdempotencyKey {id: $id})
SET k.status = $status, k.body = $body
RETURN k.id AS id
