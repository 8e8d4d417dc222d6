// Test isolation only: remove every node and edge except the schema migration records.
// Never used by the service. Parameters: none. Returns: nothing.
MATCH (n) WHERE NOT n:SchemaMigration
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
