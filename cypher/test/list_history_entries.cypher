// Test support: every history entry, newest first, with the changes as stored (JSON text).
// Parameters: none.
// Returns: e (the entry's properties).
MATCH (e:HistoryEntry)
RETURN e {.*} AS e
ORDER BY e.at DESC, e.id DESC
