// Schema version 7: space invitations are looked up by the hash of their one-time code,
// which must be unique, and listed per space. Idempotent (IF NOT EXISTS).
// Parameters: none. Returns: nothing.
CREATE CONSTRAINT invitation_id IF NOT EXISTS FOR (i:Invitation) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT invitation_code_hash IF NOT EXISTS FOR (i:Invitation) REQUIRE i.code_hash IS UNIQUE;
CREATE INDEX invitation_space_id IF NOT EXISTS FOR (i:Invitation) ON (i.space_id);
