// Every DERIVES_FROM has kind CLONE or VERSION; VERSION joins space definitions of one type.
// A VERSION edge is a new space version of an older one: both ends are SPACE-layer
// ORIGINAL definitions of the same type (docs/domain.md §3, §6). One row per edge; read-only.
// Parameters: none.
// Returns: subject (child asset id), detail, kind, parent (parent id).
MATCH (c)-[d:DERIVES_FROM]->(p)
WITH c, d, p,
  NOT coalesce(d.kind IN ['CLONE', 'VERSION'], false) AS bad_kind,
  d.kind = 'VERSION' AND NOT coalesce(
    c.type IN ['CHARACTER', 'SCENE', 'STYLE'] AND c.type = p.type
    AND c.layer = 'SPACE' AND p.layer = 'SPACE'
    AND c.origin = 'ORIGINAL' AND p.origin = 'ORIGINAL', false) AS bad_version
WHERE bad_kind OR bad_version
RETURN coalesce(c.id, '<no id>') AS subject,
  CASE
    WHEN bad_kind THEN coalesce(c.id, '<no id>') + ' DERIVES_FROM ' + coalesce(p.id, '<no id>')
      + ' with kind ' + coalesce(toString(d.kind), '<none>') + '; the kind must be CLONE or VERSION'
    ELSE coalesce(c.id, '<no id>') + ' (' + coalesce(c.layer, '?') + ' ' + coalesce(c.origin, '?')
      + ' ' + coalesce(c.type, '?') + ') is a VERSION of ' + coalesce(p.id, '<no id>') + ' ('
      + coalesce(p.layer, '?') + ' ' + coalesce(p.origin, '?') + ' ' + coalesce(p.type, '?')
      + '); versions join space ORIGINAL definitions of one type'
  END AS detail,
  d.kind AS kind,
  p.id AS parent
ORDER BY subject, parent
