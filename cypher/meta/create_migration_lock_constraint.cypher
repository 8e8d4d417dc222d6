// One migration lock node per name, so concurrent starters MERGE the same node; runs before
// the migrations (it guards them), idempotent (IF NOT EXISTS).
// Parameters: none. Returns: nothing.
CREATE CONSTRAINT migration_lock_name IF NOT EXISTS
  FOR (l:MigrationLock) REQUIRE l.name IS UNIQUE
