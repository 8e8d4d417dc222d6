// Archive export: one page of the render files owned by renders in scope (`file_key`, the
// generated render that registered it; clones show the same file), in key order.
// Parameters: $all (boolean), $space_ids (list), $after (last key of the previous page, ''
// first), $limit (page size).
// Returns: key, file (the render's `file` JSON string: key, content type, size, checksum).
MATCH (r:Render)
WHERE r.file_key > $after AND ($all OR r.space_id IN $space_ids)
RETURN r.file_key AS key, r.file AS file
ORDER BY key
LIMIT $limit
