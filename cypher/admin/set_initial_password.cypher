// Replace the default password of the managed local Neo4j's `neo4j` user (first start only).
// Runs against the `system` database while the password is still the default one.
// Parameters: $old (the default password), $new (the generated password).
// Returns: nothing.
ALTER CURRENT USER SET PASSWORD FROM $old TO $new
