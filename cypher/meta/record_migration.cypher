// Record that schema migration $version ($name) is applied; idempotent.
// Parameters: $version (integer), $name (file name).
// Returns: version.
MERGE (m:SchemaMigration {version: $version})
  ON CREATE SET m.name = $name, m.applied_at = datetime()
RETURN m.version AS version
