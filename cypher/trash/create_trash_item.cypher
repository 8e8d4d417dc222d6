// Put what a delete removes in the trash (docs/domain.md §13), in the delete's transaction:
// one TrashItem holding the snapshot as JSON text, stamped with the server's time and
// expiring $retention_days later.
// Parameters: $item (map: id, kind, root_id, root_name, root_type, space_id, project_id,
// deleted_by, node_ids, asset_count, file_keys, nodes, edges, moved, repointed (the last
// four JSON text)), $retention_days.
// Returns: id, deleted_at, expires_at.
WITH datetime.truncate('microsecond', datetime()) AS now
CREATE (t:TrashItem)
SET t = $item, t.deleted_at = now, t.expires_at = now + duration({days: $retention_days})
RETURN t.id AS id, t.deleted_at AS deleted_at, t.expires_at AS expires_at
