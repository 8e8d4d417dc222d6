// Every schema migration recorded as applied, and by whom.
// Parameters: none.
// Returns: version, name, applied_by (the starter that applied it; null before it was kept).
MATCH (m:SchemaMigration)
RETURN m.version AS version, m.name AS name, m.applied_by AS applied_by
ORDER BY version
