// Test support: the names of every constraint in the database.
// Parameters: none. Returns: name.
SHOW CONSTRAINTS YIELD name RETURN name
