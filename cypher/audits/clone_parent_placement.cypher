// Every clone's CLONE parent has its type and the layer and origin the clone chain allows.
// E.g. a project base clone mirrors a space original, a task working clone derives from a
// task base clone (docs/domain.md §2, §6); a render generated in a task counts as a project render
// (a TASK ORIGINAL parent of a task base render clone); and no render variant (task WORKING_CLONE render) is
// cloned from a COMPILATION render, which is reference-only.
// One row per CLONE edge; read-only. Parameters: none.
// Returns: subject (clone id), detail, parent (parent id), expected_parent (allowed
// "LAYER ORIGIN" pairs), found_parent ("LAYER ORIGIN" of the parent).
WITH {
  `DEFINITION PROJECT BASE_CLONE`: ['SPACE ORIGINAL'],
  `DEFINITION PROJECT WORKING_CLONE`: ['PROJECT BASE_CLONE'],
  `DEFINITION TASK BASE_CLONE`: ['PROJECT BASE_CLONE', 'PROJECT WORKING_CLONE'],
  `DEFINITION TASK WORKING_CLONE`: ['TASK BASE_CLONE'],
  `RENDER PROJECT BASE_CLONE`: ['SPACE ORIGINAL'],
  `RENDER TASK BASE_CLONE`: ['PROJECT BASE_CLONE', 'PROJECT ORIGINAL', 'TASK ORIGINAL'],
  `RENDER TASK WORKING_CLONE`: ['TASK BASE_CLONE']
} AS sources
MATCH (c:Asset)-[:DERIVES_FROM {kind: 'CLONE'}]->(p:Asset)
WHERE c.origin IN ['BASE_CLONE', 'WORKING_CLONE']
  AND c.type IS NOT NULL AND c.layer IS NOT NULL
  AND p.type IS NOT NULL AND p.layer IS NOT NULL AND p.origin IS NOT NULL
WITH c, p,
  sources[CASE c.type WHEN 'RENDER' THEN 'RENDER' ELSE 'DEFINITION' END
    + ' ' + c.layer + ' ' + c.origin] AS expected,
  p.layer + ' ' + p.origin AS found
WITH c, p, expected, found,
  c.type <> p.type AS other_type,
  expected IS NOT NULL AND NOT found IN expected AS misplaced,
  c.type = 'RENDER' AND c.origin = 'WORKING_CLONE'
    AND coalesce(p.classification = 'COMPILATION', false) AS compilation_variant
WHERE other_type OR misplaced OR compilation_variant
RETURN coalesce(c.id, '<no id>') AS subject,
  CASE
    WHEN other_type THEN c.type + ' ' + coalesce(c.id, '<no id>') + ' is a clone of '
      + p.type + ' ' + coalesce(p.id, '<no id>') + '; a clone has the type of its parent'
    WHEN misplaced THEN c.layer + ' ' + c.origin + ' ' + coalesce(c.id, '<no id>')
      + ' is cloned from ' + found + ' ' + coalesce(p.id, '<no id>') + '; its parent must be '
      + reduce(s = head(expected), x IN tail(expected) | s + ' or ' + x)
    ELSE 'render variant ' + coalesce(c.id, '<no id>') + ' is cloned from compilation render '
      + coalesce(p.id, '<no id>') + ', which is reference-only'
  END AS detail,
  p.id AS parent,
  expected AS expected_parent,
  found AS found_parent
ORDER BY subject, parent
