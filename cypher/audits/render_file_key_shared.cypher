// No two generated renders share one file: a file key is registered once (docs/domain.md §6).
// Deleting either of two renders with one file would take the other's image with it. The key
// is read from the stored `file` JSON ("key": "..."); render clones show their source's
// file and are left out. One row per shared key; read-only. Parameters: none.
// Returns: subject (the file key), detail, renders (ids of the renders that share it).
MATCH (r:Render)
WHERE r.origin = 'ORIGINAL' AND r.file CONTAINS '"key": "'
WITH split(split(r.file, '"key": "')[1], '"')[0] AS key, r.id AS id
ORDER BY id
WITH key, collect(id) AS renders
WHERE size(renders) > 1
RETURN key AS subject,
  'file ' + key + ' is registered by ' + toString(size(renders)) + ' renders ('
    + reduce(s = '', i IN renders | s + CASE WHEN s = '' THEN '' ELSE ', ' END + coalesce(i, '<no id>'))
    + '); keep it on one and give the others their own upload' AS detail,
  renders
ORDER BY subject
