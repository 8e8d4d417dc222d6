// The history entries of several assets that create or re-point them (docs/domain.md §12),
// through their mentions: what an as-of lineage walk needs to put a deleted asset's own
// edges back (the edges it was created with, then each rebase or task-delete move).
// Parameters: $subject_ids (asset ids), $until (datetime: entries after it are left out).
// Returns: subject_id, e (the entry's properties, `at` as a datetime), oldest first per
// subject.
UNWIND $subject_ids AS subject_id
MATCH (m:HistoryMention)
USING INDEX m:HistoryMention(subject_id, at)
WHERE m.subject_id = subject_id AND m.at IS NOT NULL AND m.at <= $until
  AND m.action IN ['CREATED', 'UPDATED', 'MOVED']
MATCH (e:HistoryEntry {id: m.entry_id})
RETURN subject_id, e {.*} AS e
ORDER BY subject_id, e.at, e.id
