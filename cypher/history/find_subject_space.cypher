// The space an asset or container with recorded history belongs to, found through its
// mentions (it may be deleted): who may read its history is decided on it.
// Parameters: $subject_id. Returns: space_id (no row: nothing recorded about it).
MATCH (m:HistoryMention)
WHERE m.subject_id = $subject_id
RETURN m.space_id AS space_id
LIMIT 1
