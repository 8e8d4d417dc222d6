// Purge one trash item for good (docs/domain.md §13), if it is still there and, unless
// $all, expired; idempotent: a second purge finds nothing. Also answers which of its file
// keys nothing else refers to any more (no live render's `file` and no other trash item
// names them), the files to remove once this commits.
// The item is locked first and matched again once locked: a purge that waited for another
// one deleting it finds it gone.
// Parameters: $id, $all (ignore expiry).
// Returns: t (the item's listed properties), free_keys (no row: nothing was purged).
CALL () {
  MATCH (waited:TrashItem {id: $id})
  SET waited._lock = true
  REMOVE waited._lock
}
MATCH (t:TrashItem {id: $id})
WHERE $all OR t.expires_at <= datetime()
WITH t, t {.id, .kind, .root_id, .root_name, .root_type, .space_id, .project_id, .deleted_at,
           .deleted_by, .expires_at, .asset_count, .file_keys} AS listed
DELETE t
WITH listed
CALL (listed) {
  UNWIND coalesce(listed.file_keys, []) AS key
  WITH key
  WHERE NOT EXISTS { MATCH (r:Render) WHERE r.file CONTAINS '"key": "' + key + '"' }
    AND NOT EXISTS { MATCH (o:TrashItem) WHERE o.id <> listed.id AND key IN o.file_keys }
  RETURN collect(key) AS free_keys
}
RETURN listed AS t, free_keys
