// One page of a project's history (docs/domain.md §12): the entries of writes in the
// project and its tasks, newest first, by (at, id) descending (keyset pagination), filtered.
// Parameters: $project_id, $user_id (or null: anyone), $operations (list of
// names, or null: any), $since, $until (datetimes, or null: no bound; since inclusive,
// until exclusive), $after (the [at (text), id] key of the last row seen, or null), $limit.
// Returns: e (the entry's properties, `at` as a datetime), key ([at (text), id]).
MATCH (e:HistoryEntry)
USING INDEX e:HistoryEntry(project_id, at)
WHERE e.project_id = $project_id AND e.at IS NOT NULL
  AND ($user_id IS NULL OR e.user_id = $user_id)
  AND ($operations IS NULL OR e.operation IN $operations)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
  AND ($after IS NULL OR e.at < datetime($after[0])
       OR (e.at = datetime($after[0]) AND e.id < $after[1]))
WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
RETURN e {.*} AS e, [toString(e.at), e.id] AS key
