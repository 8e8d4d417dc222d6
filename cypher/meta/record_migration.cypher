// Record that schema migration $version ($name) is applied, by $owner; idempotent.
// Parameters: $version (integer), $name (file name), $owner (who applied it).
// Returns: version.
MERGE (m:SchemaMigration {version: $version})
  ON CREATE SET m.name = $name, m.applied_at = datetime(), m.applied_by = $owner
RETURN m.version AS version
