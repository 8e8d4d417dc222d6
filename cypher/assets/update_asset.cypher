// Set properties of one asset (content, state or flags) and stamp updated_at.
// Parameters: $id, $changes (map of stored properties).
// Returns: a (the asset node).
MATCH (a:Asset {id: $id})
SET a += $changes, a.updated_at = datetime()
RETURN a
