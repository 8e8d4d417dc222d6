// Take the write lock of a trash item and read it, with its snapshot (docs/domain.md §13):
// the first step of a restore, so two restores of one item wait for each other and the
// second finds it gone.
// Parameters: $id.
// Returns: t (the item's properties; no row when there is no such item).
MATCH (t:TrashItem {id: $id})
SET t._lock = true
REMOVE t._lock
RETURN t {.*} AS t
