// Lineage edges out of reach: a DERIVES_FROM or USES edge to an asset outside the source's
// container chain (another space, a sibling project or task, or a lower layer).
// The target's space_id must equal the source's; its project_id and task_id must be null
// or equal to the source's (DESIGN 6, 7). One row per edge; read-only. Parameters: none.
// Returns: subject (source asset id), detail, relationship, target (target asset id).
MATCH (s:Asset)-[r:DERIVES_FROM|USES]->(t:Asset)
WITH s, r, t,
  NOT coalesce(t.space_id = s.space_id, false) AS other_space,
  t.project_id IS NOT NULL AND NOT coalesce(t.project_id = s.project_id, false) AS other_project,
  t.task_id IS NOT NULL AND NOT coalesce(t.task_id = s.task_id, false) AS other_task
WHERE other_space OR other_project OR other_task
RETURN s.id AS subject,
  coalesce(s.id, '<no id>') + ' ' + type(r) + ' ' + coalesce(t.id, '<no id>') + ', which lives in '
    + CASE
        WHEN other_space THEN 'space ' + coalesce(t.space_id, '<none>')
          + ', not the source''s space ' + coalesce(s.space_id, '<none>')
        WHEN other_project THEN 'project ' + t.project_id + ', outside the source''s '
          + coalesce('project ' + s.project_id, 'space')
        ELSE 'task ' + t.task_id + ', outside the source''s '
          + coalesce('task ' + s.task_id, 'project')
      END AS detail,
  type(r) AS relationship,
  t.id AS target
ORDER BY subject, target
