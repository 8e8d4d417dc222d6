// Every binding USES edge holds the input's current content_hash.
// Binding: from any render except a SPACE render in DRAFT or DISCARDED (docs/domain.md §4);
// a locked input cannot have changed. Edges re-pointed by a task delete (repointed_from
// set) keep the hash of the deleted clone and are skipped. One row per edge (a render may
// hold several edges to one asset); read-only.
// Parameters: none.
// Returns: subject (render id), detail, input (input id), role, used_hash, current_hash.
MATCH (r:Asset)-[u:USES]->(t:Asset)
WHERE u.repointed_from IS NULL
  AND NOT coalesce(r.layer = 'SPACE' AND r.state IN ['DRAFT', 'DISCARDED'], false)
  AND (u.content_hash IS NULL OR t.content_hash IS NULL OR u.content_hash <> t.content_hash)
RETURN coalesce(r.id, '<no id>') AS subject,
  coalesce(r.layer, '?') + ' render ' + coalesce(r.id, '<no id>') + ' (' + coalesce(r.state, '?')
    + ') used ' + coalesce(t.id, '<no id>') + ' with content_hash '
    + coalesce(u.content_hash, '<none>') + ' but its current content_hash is '
    + coalesce(t.content_hash, '<none>') AS detail,
  t.id AS input,
  u.role AS role,
  u.content_hash AS used_hash,
  t.content_hash AS current_hash
ORDER BY subject, input, role
