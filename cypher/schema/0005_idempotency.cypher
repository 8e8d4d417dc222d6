// Schema version 5: a mutation's idempotency key is claimed once (its id is unique), and
// expired keys are found by their expiry. Idempotent (IF NOT EXISTS). Parameters: none.
// Returns: nothing.
CREATE CONSTRAINT idempotency_key_id IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.id IS UNIQUE;
CREATE INDEX idempotency_key_expiry IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.expires_at);
