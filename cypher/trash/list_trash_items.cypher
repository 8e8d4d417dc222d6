// Every trash item, or those of one space, newest first, for operators (`lineage trash
// list`; docs/domain.md §13). Snapshots are not read.
// Parameters: $space_id (or null: every space), $limit (rows).
// Returns: t (the item's listed properties).
MATCH (t:TrashItem)
WHERE $space_id IS NULL OR t.space_id = $space_id
WITH t ORDER BY t.deleted_at DESC, t.id DESC LIMIT $limit
RETURN t {.id, .kind, .root_id, .root_name, .root_type, .space_id, .project_id, .deleted_at,
          .deleted_by, .expires_at, .asset_count, .file_keys} AS t
