// Schema version 3: API tokens are looked up by their hash, which must be unique.
// Idempotent (IF NOT EXISTS). Parameters: none. Returns: nothing.
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.token_hash IS UNIQUE;
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE;
