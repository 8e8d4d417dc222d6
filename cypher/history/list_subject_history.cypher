// One page of the history of one asset or container (docs/domain.md §12), deleted or not,
// through its mentions: newest first, by (at, entry id) descending (keyset pagination),
// filtered, and kept to one space when $space_id is given.
// Parameters: $subject_id, $space_id (or null), $user_id (or null: anyone),
// $operations (list of names, or null: any), $since, $until (datetimes, or null: no bound;
// since inclusive, until exclusive), $after (the [at (text), id] key of the last row seen,
// or null), $limit (rows).
// Returns: e (the entry's properties, `at` as a datetime), key ([at (text), id]).
MATCH (m:HistoryMention)
USING INDEX m:HistoryMention(subject_id, at)
WHERE m.subject_id = $subject_id AND m.at IS NOT NULL
  AND ($space_id IS NULL OR m.space_id = $space_id)
  AND ($user_id IS NULL OR m.user_id = $user_id)
  AND ($operations IS NULL OR m.operation IN $operations)
  AND ($since IS NULL OR m.at >= $since)
  AND ($until IS NULL OR m.at < $until)
  AND ($after IS NULL OR m.at < datetime($after[0])
       OR (m.at = datetime($after[0]) AND m.entry_id < $after[1]))
WITH m ORDER BY m.at DESC, m.entry_id DESC LIMIT $limit
MATCH (e:HistoryEntry {id: m.entry_id})
RETURN e {.*} AS e, [toString(e.at), e.id] AS key
ORDER BY key[0] DESC, key[1] DESC
