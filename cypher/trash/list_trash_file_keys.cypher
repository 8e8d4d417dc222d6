// Every render file key a trash item holds: files kept for a restore until the purge
// (`lineage files gc` counts them as referenced; docs/domain.md §13).
// Parameters: none.
// Returns: key (one row per distinct key).
MATCH (t:TrashItem)
UNWIND coalesce(t.file_keys, []) AS key
RETURN DISTINCT key
