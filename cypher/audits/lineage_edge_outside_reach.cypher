// No lineage edge leaves the source's container chain or space.
// A DERIVES_FROM or USES target must have the source's space_id, and a project_id and
// task_id that are null or equal to the source's: no other space, no sibling project or
// task, no lower layer (docs/domain.md §6, §7). A render generated in a task is a project render
// (docs/domain.md §2): its task does not bound who may use it. One row per edge; read-only.
// Parameters: none.
// Returns: subject (source asset id), detail, relationship, target (target asset id).
MATCH (s:Asset)-[r:DERIVES_FROM|USES]->(t:Asset)
WITH s, r, t,
  NOT coalesce(t.space_id = s.space_id, false) AS other_space,
  t.project_id IS NOT NULL AND NOT coalesce(t.project_id = s.project_id, false) AS other_project,
  t.task_id IS NOT NULL AND NOT coalesce(t.task_id = s.task_id, false)
    AND NOT (t.type = 'RENDER' AND t.origin = 'ORIGINAL') AS other_task
WHERE other_space OR other_project OR other_task
RETURN coalesce(s.id, '<no id>') AS subject,
  coalesce(s.id, '<no id>') + ' ' + type(r) + ' ' + coalesce(t.id, '<no id>') + ', which lives in '
    + CASE
        WHEN other_space THEN 'space ' + coalesce(t.space_id, '<none>')
          + ', not in space ' + coalesce(s.space_id, '<none>')
        WHEN other_project THEN 'project ' + t.project_id + ', outside '
          + coalesce('project ' + s.project_id, 'its space')
        ELSE 'task ' + t.task_id + ', outside '
          + coalesce('task ' + s.task_id, 'its project')
      END AS detail,
  type(r) AS relationship,
  t.id AS target
ORDER BY subject, target
