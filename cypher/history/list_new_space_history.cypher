// The entries appended to a space's history since a time (docs/domain.md §12, Live
// activity), oldest first, for the `spaceActivity` subscription's poll: those at or after
// $since that are not among $seen (already delivered), and after the $after key when one is
// given. An entry's `at` is set before its transaction commits, so an entry may become
// visible after a later-stamped one: the poller reads back a window ($since) as long as a
// transaction may run and leaves out what it has delivered.
// Parameters: $space_id, $since (datetime, or null: $window_s seconds before now),
// $window_s (seconds), $seen (ids), $after ([at (text), id], or null), $limit (rows).
// Returns: now (the server's time), entries (list of maps: e (the entry's properties),
// key ([at (text), id])).
WITH datetime() AS now
CALL (now) {
  MATCH (e:HistoryEntry)
  USING INDEX e:HistoryEntry(space_id, at)
  WHERE e.space_id = $space_id
    AND e.at >= coalesce($since, now - duration({seconds: $window_s}))
    AND NOT e.id IN $seen
    AND ($after IS NULL OR e.at > datetime($after[0])
         OR (e.at = datetime($after[0]) AND e.id > $after[1]))
  WITH e ORDER BY e.at, e.id LIMIT $limit
  RETURN collect({e: e {.*}, key: [toString(e.at), e.id]}) AS entries
}
RETURN now, entries
