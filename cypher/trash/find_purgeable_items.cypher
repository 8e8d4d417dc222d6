// The trash items a purge would remove (docs/domain.md §13): those of $ids (null: any)
// that expired by now, or all of them with $all. Read-only: the dry run of a purge.
// Parameters: $ids (list, or null), $all (ignore expiry), $limit (rows).
// Returns: t (the item's listed properties), oldest expiry first.
MATCH (t:TrashItem)
WHERE ($ids IS NULL OR t.id IN $ids)
  AND ($all OR t.expires_at <= datetime())
WITH t ORDER BY t.expires_at, t.id LIMIT $limit
RETURN t {.id, .kind, .root_id, .root_name, .root_type, .space_id, .project_id, .deleted_at,
          .deleted_by, .expires_at, .asset_count, .file_keys} AS t
