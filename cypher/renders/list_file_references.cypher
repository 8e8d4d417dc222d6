// Which of the given file keys a render outside $excluded still shows: its owner, a clone
// of it (clones copy their source's `file`), or an older render that registered the same
// key before keys were unique. A deleted render's file is removed only when none is left.
// Matches the stored `file` JSON text (the text index render_file) on the key's own
// `"key": "..."` member, given as a needle per key.
// Parameters: $files (list of maps: key, needle), $excluded (render ids about to go).
// Returns: key, render_id (one row per key still referenced).
UNWIND $files AS wanted
MATCH (r:Render)
WHERE r.file CONTAINS wanted.needle AND NOT r.id IN $excluded
WITH wanted.key AS key, min(r.id) AS render_id
RETURN key, render_id
ORDER BY key
