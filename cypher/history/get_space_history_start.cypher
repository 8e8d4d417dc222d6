// When a space's recorded history begins: the time of its oldest entry (docs/domain.md §12).
// An as-of answer for an earlier instant cannot know of assets deleted before it.
// Parameters: $space_id. Returns: at (datetime; no row: nothing recorded).
MATCH (e:HistoryEntry)
USING INDEX e:HistoryEntry(space_id, at)
WHERE e.space_id = $space_id AND e.at IS NOT NULL
RETURN e.at AS at
ORDER BY e.at
LIMIT 1
