// Every USES edge goes from a render with a role that fits the input's type.
// Roles: CHARACTER, SCENE and STYLE for those definitions, REFERENCE for renders
// (docs/domain.md §3). One row per edge (a render may hold several edges to one asset,
// told apart by repointed_from); read-only. Parameters: none.
// Returns: subject (id of the node the edge starts at), detail, input (input id), role,
// input_type, repointed_from.
MATCH (r)-[u:USES]->(i)
WITH r, u, i,
  {CHARACTER: 'CHARACTER', SCENE: 'SCENE', STYLE: 'STYLE', RENDER: 'REFERENCE'}[i.type]
    AS expected
WITH r, u, i, expected,
  NOT coalesce(u.role IN ['CHARACTER', 'SCENE', 'STYLE', 'REFERENCE'], false) AS unknown_role
WHERE NOT r:Render OR unknown_role OR (expected IS NOT NULL AND u.role <> expected)
RETURN coalesce(r.id, '<no id>') AS subject,
  CASE
    WHEN NOT r:Render THEN coalesce(r.id, '<no id>') + ' USES ' + coalesce(i.id, '<no id>')
      + ' but is not a render; only renders use inputs'
    WHEN unknown_role THEN 'render ' + coalesce(r.id, '<no id>') + ' uses '
      + coalesce(i.id, '<no id>') + ' with role ' + coalesce(toString(u.role), '<none>')
      + '; the role must be CHARACTER, SCENE, STYLE or REFERENCE'
    ELSE 'render ' + coalesce(r.id, '<no id>') + ' uses ' + i.type + ' '
      + coalesce(i.id, '<no id>') + ' as ' + u.role + '; it must be ' + expected
  END AS detail,
  i.id AS input,
  u.role AS role,
  i.type AS input_type,
  u.repointed_from AS repointed_from
ORDER BY subject, input, coalesce(repointed_from, '')
