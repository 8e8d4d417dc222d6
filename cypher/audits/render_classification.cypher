// Every render's stored classification equals the one recomputed from its inputs.
// ORIGINAL renders: count the recorded inputs (USES edges, not distinct targets: two task
// clones re-pointed to one ancestor stay two inputs) by type: c CHARACTER, s SCENE not
// neutral, n SCENE neutral, with the neutral flag the edge recorded at generation time
// (else the input's own); styles and renders do not count; c=1,s=0 -> CHARACTER; c=0 and
// (s=1 or s=0,n>=1) -> SCENE; else COMPILATION (docs/domain.md §6). Render clones copy
// their CLONE parent's classification. One row per render; read-only. Parameters: none.
// Returns: subject (render id), detail, stored, expected, characters, scenes, neutral_scenes.
MATCH (r:Render)
CALL (r) {
  OPTIONAL MATCH (r)-[u:USES]->(i:Asset)
  WITH u, i, coalesce(u.neutral, i.neutral, false) AS neutral
  RETURN
    count(CASE WHEN i.type = 'CHARACTER' THEN u END) AS c,
    count(CASE WHEN i.type = 'SCENE' AND NOT neutral THEN u END) AS s,
    count(CASE WHEN i.type = 'SCENE' AND neutral THEN u END) AS n
}
WITH r, c, s, n,
  coalesce(r.origin IN ['BASE_CLONE', 'WORKING_CLONE'], false) AS is_clone,
  head([(r)-[:DERIVES_FROM {kind: 'CLONE'}]->(p) | p]) AS parent
WITH r, c, s, n, is_clone, parent,
  CASE
    WHEN is_clone THEN parent.classification
    WHEN c = 1 AND s = 0 THEN 'CHARACTER'
    WHEN c = 0 AND (s = 1 OR (s = 0 AND n >= 1)) THEN 'SCENE'
    ELSE 'COMPILATION'
  END AS expected
WHERE NOT (is_clone AND parent IS NULL)
  AND (r.classification IS NULL OR expected IS NULL OR r.classification <> expected)
RETURN coalesce(r.id, '<no id>') AS subject,
  'render ' + coalesce(r.id, '<no id>') + ' is classified ' + coalesce(r.classification, '<none>')
    + ' but '
    + CASE
        WHEN is_clone THEN 'its CLONE parent ' + coalesce(parent.id, '<no id>') + ' is '
          + coalesce(parent.classification, '<none>')
        ELSE 'its inputs (' + toString(c) + ' character, ' + toString(s) + ' scene, '
          + toString(n) + ' neutral scene) make it ' + expected
      END AS detail,
  r.classification AS stored,
  expected,
  c AS characters,
  s AS scenes,
  n AS neutral_scenes
ORDER BY subject
