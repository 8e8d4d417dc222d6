// Test support: how many history entries each operation has written.
// Parameters: none.
// Returns: one row per operation: operation, entries.
MATCH (e:HistoryEntry)
RETURN e.operation AS operation, count(e) AS entries
ORDER BY operation
