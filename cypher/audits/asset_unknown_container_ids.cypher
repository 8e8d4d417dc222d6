// Every asset's space_id, project_id and task_id name an existing Space, Project and Task.
// E.g. no render keeps the task_id of a deleted task (docs/domain.md §3, §6). One row per asset;
// read-only. Parameters: none.
// Returns: subject (asset id), detail, unknown (the ids that name nothing, with their kind).
MATCH (a:Asset)
WHERE a.space_id IS NOT NULL OR a.project_id IS NOT NULL OR a.task_id IS NOT NULL
WITH a, [x IN [
    CASE WHEN a.space_id IS NOT NULL AND NOT EXISTS { MATCH (s:Space) WHERE s.id = a.space_id }
      THEN 'space ' + a.space_id END,
    CASE WHEN a.project_id IS NOT NULL
        AND NOT EXISTS { MATCH (p:Project) WHERE p.id = a.project_id }
      THEN 'project ' + a.project_id END,
    CASE WHEN a.task_id IS NOT NULL AND NOT EXISTS { MATCH (t:Task) WHERE t.id = a.task_id }
      THEN 'task ' + a.task_id END
  ] WHERE x IS NOT NULL] AS unknown
WHERE size(unknown) > 0
RETURN coalesce(a.id, '<no id>') AS subject,
  coalesce(a.type, 'asset') + ' ' + coalesce(a.id, '<no id>') + ' names '
    + reduce(s = head(unknown), x IN tail(unknown) | s + ', ' + x)
    + CASE WHEN size(unknown) = 1 THEN ', which does not exist' ELSE ', which do not exist' END
    AS detail,
  unknown
ORDER BY subject
