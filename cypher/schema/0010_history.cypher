// Schema version 10: the change history (docs/domain.md §12). Entries are unique by id and
// read newest first per space and per project; mentions are read newest first per asset or
// container. Idempotent (IF NOT EXISTS).
// Parameters: none. Returns: nothing.
CREATE CONSTRAINT history_entry_id IF NOT EXISTS FOR (e:HistoryEntry) REQUIRE e.id IS UNIQUE;
CREATE INDEX history_entry_space_at IF NOT EXISTS FOR (e:HistoryEntry) ON (e.space_id, e.at);
CREATE INDEX history_entry_project_at IF NOT EXISTS FOR (e:HistoryEntry) ON (e.project_id, e.at);
CREATE INDEX history_mention_subject_at IF NOT EXISTS FOR (m:HistoryMention) ON (m.subject_id, m.at);
