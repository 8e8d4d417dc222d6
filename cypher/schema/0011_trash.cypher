// Schema version 11: the trash (docs/domain.md §13). Trash items are unique by id, listed
// newest first per space, and purged by expiry. Idempotent (IF NOT EXISTS).
// Parameters: none. Returns: nothing.
CREATE CONSTRAINT trash_item_id IF NOT EXISTS FOR (t:TrashItem) REQUIRE t.id IS UNIQUE;
CREATE INDEX trash_item_space_deleted_at IF NOT EXISTS
  FOR (t:TrashItem) ON (t.space_id, t.deleted_at);
CREATE INDEX trash_item_expires_at IF NOT EXISTS FOR (t:TrashItem) ON (t.expires_at);
