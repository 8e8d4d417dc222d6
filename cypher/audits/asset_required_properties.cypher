// Every asset has id, type, layer, origin, state and space_id, with known values.
// type, layer, origin and state take values from their vocabularies (graph model).
// One row per asset; read-only. Parameters: none.
// Returns: subject (asset id, or '<no id>'), detail, missing (property names), invalid
// ("property value" pairs), element_id (to find an asset that has no id).
MATCH (a:Asset)
WITH a,
  [p IN ['id', 'type', 'layer', 'origin', 'state', 'space_id'] WHERE a[p] IS NULL] AS missing,
  [check IN [
      {property: 'type', allowed: ['CHARACTER', 'SCENE', 'STYLE', 'RENDER']},
      {property: 'layer', allowed: ['SPACE', 'PROJECT', 'TASK']},
      {property: 'origin', allowed: ['ORIGINAL', 'BASE_CLONE', 'WORKING_CLONE']},
      {property: 'state', allowed: ['DRAFT', 'CANONICAL', 'EXPERIMENTAL', 'DEPRECATED',
        'ARCHIVED', 'APPROVED', 'DISCARDED']}
    ] WHERE a[check.property] IS NOT NULL AND NOT a[check.property] IN check.allowed
    | check.property + ' ' + toString(a[check.property])] AS invalid
WHERE size(missing) > 0 OR size(invalid) > 0
RETURN coalesce(a.id, '<no id>') AS subject,
  'asset ' + coalesce(a.id, '<no id>')
    + coalesce(' (name ' + a.name + ')', '')
    + CASE WHEN size(missing) > 0
        THEN ' lacks ' + reduce(s = head(missing), x IN tail(missing) | s + ', ' + x)
        ELSE '' END
    + CASE WHEN size(missing) > 0 AND size(invalid) > 0 THEN ' and' ELSE '' END
    + CASE WHEN size(invalid) > 0
        THEN ' has unknown ' + reduce(s = head(invalid), x IN tail(invalid) | s + ', ' + x)
        ELSE '' END AS detail,
  missing,
  invalid,
  elementId(a) AS element_id
ORDER BY subject, element_id
