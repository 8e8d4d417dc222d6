// Test only: forget which schema migrations were applied (their constraints and indexes
// stay), as on a database no starter has migrated yet. Parameters: none. Returns: nothing.
MATCH (m:SchemaMigration)
DELETE m
