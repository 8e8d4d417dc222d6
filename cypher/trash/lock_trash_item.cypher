// Take the write lock of a trash item and read it, with its snapshot (docs/domain.md §13):
// the first step of a restore. The item is matched again once locked, so a restore that
// waited for another restore (or a purge) of the same item finds it gone.
// Parameters: $id.
// Returns: t (the item's properties; no row when there is no such item).
CALL () {
  MATCH (waited:TrashItem {id: $id})
  SET waited._lock = true
  REMOVE waited._lock
}
MATCH (t:TrashItem {id: $id})
RETURN t {.*} AS t
