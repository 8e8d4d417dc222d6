// Schema version 6: a render file key is registered by at most one render (two renders
// sharing one file would lose it together when either is deleted; docs/domain.md §6).
// The generated render that registered a file owns its key (`file_key`; clones show their
// source's file and own none). Renders registered before this version get `file_key`
// from their stored `file` JSON, the oldest first; a later render with the same key is
// left without one (the render_file_key_shared audit lists it) so the constraint can be
// made. The text index serves the delete path's "is this file still shown?" lookup.
// Idempotent (IF NOT EXISTS; the backfill only fills what is missing).
// Parameters: none. Returns: nothing.
MATCH (r:Render)
WHERE r.origin = 'ORIGINAL' AND r.file_key IS NULL AND r.file CONTAINS '"key": "'
WITH r, split(split(r.file, '"key": "')[1], '"')[0] AS key
ORDER BY r.created_at, r.id
WITH key, collect(r)[0] AS owner
WHERE key <> '' AND NOT EXISTS { MATCH (:Render {file_key: key}) }
SET owner.file_key = key;
CREATE CONSTRAINT render_file_key IF NOT EXISTS FOR (r:Render) REQUIRE r.file_key IS UNIQUE;
CREATE TEXT INDEX render_file IF NOT EXISTS FOR (r:Render) ON (r.file);
