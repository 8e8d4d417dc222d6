// Take the write lock of each asset (callers pass ids sorted, so lock order is fixed and
// concurrent writers cannot deadlock), then return them: later checks see settled state.
// The asset is matched again once locked: one deleted while we waited gives no row.
// Parameters: $ids.
// Returns: a (the asset node).
UNWIND $ids AS id
MATCH (locked:Asset {id: id})
SET locked._lock = true
REMOVE locked._lock
WITH DISTINCT id
MATCH (a:Asset {id: id})
RETURN a
