// One page of a space's trash (docs/domain.md §13): its trash items, newest first, by
// (deleted_at, id) descending (keyset pagination). Snapshots are not read.
// Parameters: $space_id, $after (the [deleted_at (text), id] key of the last row seen, or
// null), $limit (rows).
// Returns: t (the item's listed properties), key ([deleted_at (text), id]).
MATCH (t:TrashItem)
USING INDEX t:TrashItem(space_id, deleted_at)
WHERE t.space_id = $space_id AND t.deleted_at IS NOT NULL
  AND ($after IS NULL OR t.deleted_at < datetime($after[0])
       OR (t.deleted_at = datetime($after[0]) AND t.id < $after[1]))
WITH t ORDER BY t.deleted_at DESC, t.id DESC LIMIT $limit
RETURN t {.id, .kind, .root_id, .root_name, .root_type, .space_id, .project_id, .deleted_at,
          .deleted_by, .expires_at, .asset_count, .file_keys} AS t,
       [toString(t.deleted_at), t.id] AS key
