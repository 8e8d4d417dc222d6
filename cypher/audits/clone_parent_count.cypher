// Every clone has exactly one CLONE parent, and an ORIGINAL has none.
// Clones are origin BASE_CLONE or WORKING_CLONE; the parent edge is
// DERIVES_FROM {kind: 'CLONE'} (docs/domain.md §2, §3, §8). One row per asset; read-only.
// Parameters: none.
// Returns: subject (asset id), detail, origin, clone_parents (ids of its CLONE parents).
MATCH (a:Asset)
WHERE a.origin IS NOT NULL
WITH a, [(a)-[:DERIVES_FROM {kind: 'CLONE'}]->(p) | coalesce(p.id, '<no id>')] AS parents,
  a.origin IN ['BASE_CLONE', 'WORKING_CLONE'] AS is_clone
WHERE (is_clone AND size(parents) <> 1) OR (NOT is_clone AND size(parents) > 0)
RETURN coalesce(a.id, '<no id>') AS subject,
  CASE
    WHEN NOT is_clone THEN a.origin + ' asset ' + coalesce(a.id, '<no id>')
      + ' has a CLONE parent (' + reduce(s = head(parents), x IN tail(parents) | s + ', ' + x)
      + '); only clones derive by CLONE'
    WHEN size(parents) = 0 THEN a.origin + ' ' + coalesce(a.id, '<no id>')
      + ' has no DERIVES_FROM {kind: CLONE} parent'
    ELSE a.origin + ' ' + coalesce(a.id, '<no id>') + ' has ' + toString(size(parents))
      + ' CLONE parents (' + reduce(s = head(parents), x IN tail(parents) | s + ', ' + x)
      + '); it must have exactly one'
  END AS detail,
  a.origin AS origin,
  parents AS clone_parents
ORDER BY subject
