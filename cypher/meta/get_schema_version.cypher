// The schema version recorded in the graph (0 when no migration was ever applied).
// Parameters: none.
// Returns: version (integer).
OPTIONAL MATCH (m:SchemaMigration)
RETURN coalesce(max(m.version), 0) AS version
