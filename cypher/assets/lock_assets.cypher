// Take the write lock of each asset (callers pass ids sorted, so lock order is fixed and
// concurrent writers cannot deadlock), then return them: later checks see settled state.
// Parameters: $ids.
// Returns: a (the asset node).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
SET a._lock = true
REMOVE a._lock
RETURN a
