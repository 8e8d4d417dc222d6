// Test support: the names of every index in the database.
// Parameters: none. Returns: name.
SHOW INDEXES YIELD name RETURN name
