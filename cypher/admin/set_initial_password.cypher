// Change the current user's password from $old to $new (against the `system` database).
// The managed Neo4j never needs it (its password is set offline before the first start);
// the tests run it with the default credentials to prove they are never accepted.
// Parameters: $old (the password the connection signed in with), $new (the new password).
// Returns: nothing.
ALTER CURRENT USER SET PASSWORD FROM $old TO $new
