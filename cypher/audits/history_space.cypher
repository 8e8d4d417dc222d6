// Every history entry names a space that exists, or one whose deletion it records: a
// DELETE_SPACE entry of that space (docs/domain.md §12). One row per entry; read-only.
// Parameters: none.
// Returns: subject (entry id), detail, space_id.
MATCH (e:HistoryEntry)
WHERE e.space_id IS NULL
   OR NOT (EXISTS { MATCH (s:Space) WHERE s.id = e.space_id }
           OR EXISTS { MATCH (d:HistoryEntry)
                       WHERE d.space_id = e.space_id AND d.operation = 'DELETE_SPACE' })
RETURN coalesce(e.id, '<no id>') AS subject,
  'history entry ' + coalesce(e.id, '<no id>') + ' (' + coalesce(e.operation, '?') + ') '
    + CASE WHEN e.space_id IS NULL THEN 'names no space'
      ELSE 'names space ' + e.space_id + ', which neither exists nor has its deletion recorded'
      END AS detail,
  e.space_id AS space_id
ORDER BY subject
