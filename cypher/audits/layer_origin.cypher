// Every asset's (layer, origin) pair is allowed for its kind.
// docs/domain.md §2 table: definitions: SPACE ORIGINAL; PROJECT and TASK BASE_CLONE or
// WORKING_CLONE (new definitions only in a space); renders: SPACE ORIGINAL; PROJECT BASE_CLONE or
// ORIGINAL; TASK BASE_CLONE, WORKING_CLONE (variant) or ORIGINAL. Assets missing type,
// layer or origin are left to asset_required_properties. One row per asset; read-only.
// Parameters: none.
// Returns: subject (asset id), detail, type, layer, origin, allowed (origins for that layer).
WITH {
  `DEFINITION SPACE`: ['ORIGINAL'],
  `DEFINITION PROJECT`: ['BASE_CLONE', 'WORKING_CLONE'],
  `DEFINITION TASK`: ['BASE_CLONE', 'WORKING_CLONE'],
  `RENDER SPACE`: ['ORIGINAL'],
  `RENDER PROJECT`: ['BASE_CLONE', 'ORIGINAL'],
  `RENDER TASK`: ['BASE_CLONE', 'WORKING_CLONE', 'ORIGINAL']
} AS table
MATCH (a:Asset)
WHERE a.type IS NOT NULL AND a.layer IS NOT NULL AND a.origin IS NOT NULL
WITH a, CASE WHEN a.type = 'RENDER' THEN 'RENDER' ELSE 'DEFINITION' END AS kind, table
WITH a, kind, table[kind + ' ' + a.layer] AS allowed
WHERE allowed IS NULL OR NOT a.origin IN allowed
RETURN coalesce(a.id, '<no id>') AS subject,
  CASE
    WHEN allowed IS NULL THEN toLower(kind) + ' ' + coalesce(a.id, '<no id>')
      + ' has unknown layer ' + toString(a.layer)
    ELSE toLower(kind) + ' ' + coalesce(a.id, '<no id>') + ' is a ' + toString(a.origin)
      + ' in the ' + a.layer + ' layer; allowed there: '
      + reduce(s = head(allowed), x IN tail(allowed) | s + ', ' + x)
  END AS detail,
  a.type AS type,
  a.layer AS layer,
  a.origin AS origin,
  allowed
ORDER BY subject
