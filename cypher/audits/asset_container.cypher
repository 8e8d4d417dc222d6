// Every asset is IN exactly one container, the one its layer and ids name.
// SPACE -> (:Space {id: space_id}), project_id and task_id null; PROJECT ->
// (:Project {id: project_id}) of that space, task_id null; TASK -> (:Task {id: task_id}) of
// that project and space (docs/domain.md §2, §3). One row per asset; read-only. Parameters: none.
// Returns: subject (asset id), detail, layer, containers (ids of the nodes it is IN).
MATCH (a:Asset)
WITH a, [(a)-[:IN]->(c) | c] AS found
WITH a, found, found[0] AS c
WITH a, found, c,
  CASE a.layer
    WHEN 'SPACE' THEN c:Space AND c.id = a.space_id
      AND a.project_id IS NULL AND a.task_id IS NULL
    WHEN 'PROJECT' THEN c:Project AND c.id = a.project_id AND c.space_id = a.space_id
      AND a.task_id IS NULL
    WHEN 'TASK' THEN c:Task AND c.id = a.task_id AND c.project_id = a.project_id
      AND c.space_id = a.space_id
    ELSE false
  END AS matches
WHERE size(found) <> 1 OR NOT coalesce(matches, false)
RETURN coalesce(a.id, '<no id>') AS subject,
  'asset ' + coalesce(a.id, '<no id>') + ' '
    + CASE
        WHEN size(found) = 0 THEN 'has no IN edge to a container'
        WHEN size(found) > 1 THEN 'is IN ' + toString(size(found))
          + ' nodes; it must be in exactly one container'
        ELSE '(layer ' + coalesce(a.layer, '<none>') + ', space ' + coalesce(a.space_id, '-')
          + ', project ' + coalesce(a.project_id, '-') + ', task ' + coalesce(a.task_id, '-')
          + ') is IN ' + coalesce(head([l IN labels(c) WHERE l IN ['Space', 'Project', 'Task']]),
          head(labels(c)), 'node') + ' ' + coalesce(c.id, '<no id>')
          + ', which does not match its layer and ids'
      END AS detail,
  a.layer AS layer,
  [n IN found | coalesce(n.id, '<no id>')] AS containers
ORDER BY subject
