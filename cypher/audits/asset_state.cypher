// Every asset's state fits its kind, and only space definitions are EXPERIMENTAL.
// Definitions: DRAFT, CANONICAL, EXPERIMENTAL, DEPRECATED, ARCHIVED; renders: DRAFT,
// APPROVED, DISCARDED, ARCHIVED (docs/domain.md §5). Assets missing type or state are left to
// asset_required_properties. One row per asset; read-only. Parameters: none.
// Returns: subject (asset id), detail, type, layer, state.
MATCH (a:Asset)
WHERE a.type IS NOT NULL AND a.state IS NOT NULL
WITH a,
  CASE
    WHEN a.type = 'RENDER' THEN ['DRAFT', 'APPROVED', 'DISCARDED', 'ARCHIVED']
    WHEN a.type IN ['CHARACTER', 'SCENE', 'STYLE']
      THEN ['DRAFT', 'CANONICAL', 'EXPERIMENTAL', 'DEPRECATED', 'ARCHIVED']
  END AS states
WHERE states IS NOT NULL
  AND (NOT a.state IN states
    OR (a.state = 'EXPERIMENTAL' AND coalesce(a.layer <> 'SPACE', false)))
RETURN coalesce(a.id, '<no id>') AS subject,
  CASE
    WHEN NOT a.state IN states THEN toLower(a.type) + ' ' + coalesce(a.id, '<no id>')
      + ' is in state ' + toString(a.state) + ', which a ' + toLower(a.type)
      + ' cannot have'
    ELSE toLower(a.type) + ' ' + coalesce(a.id, '<no id>') + ' is EXPERIMENTAL in the '
      + a.layer + ' layer; only space definitions can be EXPERIMENTAL'
  END AS detail,
  a.type AS type,
  a.layer AS layer,
  a.state AS state
ORDER BY subject
