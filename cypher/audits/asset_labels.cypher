// Every asset's labels follow its type, and every definition or render node is an :Asset.
// RENDER -> :Asset:Render; CHARACTER, SCENE, STYLE -> :Asset:Definition plus :Character,
// :Scene or :Style, and nothing else of these (graph model). Assets with no or an unknown
// type are left to asset_required_properties. One row per node; read-only.
// Parameters: none.
// Returns: subject (node id), detail, type, labels, expected_labels.
MATCH (a)
WHERE a:Asset OR a:Definition OR a:Render OR a:Character OR a:Scene OR a:Style
WITH a,
  CASE a.type
    WHEN 'RENDER' THEN ['Render']
    WHEN 'CHARACTER' THEN ['Definition', 'Character']
    WHEN 'SCENE' THEN ['Definition', 'Scene']
    WHEN 'STYLE' THEN ['Definition', 'Style']
  END AS expected,
  [l IN labels(a) WHERE l IN ['Definition', 'Render', 'Character', 'Scene', 'Style']] AS found
WHERE NOT a:Asset
  OR (expected IS NOT NULL
    AND NOT (size(found) = size(expected) AND all(l IN expected WHERE l IN found)))
RETURN coalesce(a.id, '<no id>') AS subject,
  CASE
    WHEN NOT a:Asset THEN 'node ' + coalesce(a.id, '<no id>') + ' is labelled '
      + reduce(s = '', l IN labels(a) | s + ':' + l) + ' but not :Asset'
    ELSE 'asset ' + coalesce(a.id, '<no id>') + ' of type ' + a.type + ' is labelled '
      + reduce(s = '', l IN labels(a) | s + ':' + l) + '; expected :Asset'
      + reduce(s = '', l IN expected | s + ':' + l)
  END AS detail,
  a.type AS type,
  labels(a) AS labels,
  CASE WHEN expected IS NULL THEN null ELSE ['Asset'] + expected END AS expected_labels
ORDER BY subject
