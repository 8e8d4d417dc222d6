// Append history entries (docs/domain.md §12) in the transaction of the write they record:
// one :HistoryEntry per entry, stamped with the server's time (to the microsecond, as
// Python keeps it, so a time read back filters exactly), and one :HistoryMention per
// asset or container it names (asset and container histories read those through their
// (subject_id, at) index). Only new nodes, never a match: no lock on anything that exists,
// so entries add no waiting between writes.
// Parameters: $entries (list of maps: id, operation, user_id (null: an operator), space_id,
// project_id, asset_ids, container_ids, deleted_ids, summary, changes (JSON text),
// mentions (list of maps: subject_id, subject, action)).
// Returns: count (entries written).
UNWIND $entries AS entry
CREATE (e:HistoryEntry)
SET e = entry {.id, .operation, .user_id, .space_id, .project_id, .asset_ids, .container_ids,
               .deleted_ids, .summary, .changes},
    e.at = datetime.truncate('microsecond', datetime())
WITH e, entry
CALL (e, entry) {
  UNWIND entry.mentions AS mention
  CREATE (:HistoryMention {entry_id: e.id, subject_id: mention.subject_id,
                           subject: mention.subject, action: mention.action, at: e.at,
                           space_id: e.space_id, operation: e.operation, user_id: e.user_id})
}
RETURN count(e) AS count
