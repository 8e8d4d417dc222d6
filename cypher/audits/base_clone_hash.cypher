// Every base clone has the content_hash of its CLONE parent.
// A BASE_CLONE is an immutable mirror (docs/domain.md §2, §6); a missing hash on either side is a
// violation too. One row per base clone and parent; read-only. Parameters: none.
// Returns: subject (base clone id), detail, parent (parent id), content_hash, parent_hash.
MATCH (a:Asset {origin: 'BASE_CLONE'})-[:DERIVES_FROM {kind: 'CLONE'}]->(p:Asset)
WHERE a.content_hash IS NULL OR p.content_hash IS NULL OR a.content_hash <> p.content_hash
RETURN coalesce(a.id, '<no id>') AS subject,
  'base clone ' + coalesce(a.id, '<no id>') + ' has content_hash '
    + coalesce(a.content_hash, '<none>') + ' but its CLONE parent ' + coalesce(p.id, '<no id>')
    + ' has ' + coalesce(p.content_hash, '<none>') AS detail,
  p.id AS parent,
  a.content_hash AS content_hash,
  p.content_hash AS parent_hash
ORDER BY subject, parent
