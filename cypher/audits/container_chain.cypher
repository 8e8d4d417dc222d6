// Every project is IN its space and every task IN its project, exactly once.
// A Project is IN the Space named by its space_id; a Task is IN the Project named by its
// project_id, in the task's space (docs/domain.md §3). One row per project or task; read-only.
// Parameters: none.
// Returns: subject (project or task id), detail, kind (Project or Task), parents (ids it is IN).
MATCH (x)
WHERE x:Project OR x:Task
WITH x, [(x)-[:IN]->(c) | c] AS found, CASE WHEN x:Project THEN 'Project' ELSE 'Task' END AS kind
WITH x, found, kind, found[0] AS c
WITH x, found, kind, c,
  CASE kind
    WHEN 'Project' THEN c:Space AND c.id = x.space_id
    ELSE c:Project AND c.id = x.project_id AND c.space_id = x.space_id
  END AS matches
WHERE size(found) <> 1 OR NOT coalesce(matches, false)
RETURN coalesce(x.id, '<no id>') AS subject,
  toLower(kind) + ' ' + coalesce(x.id, '<no id>') + ' '
    + CASE
        WHEN size(found) = 0 THEN 'has no IN edge to its '
          + CASE kind WHEN 'Project' THEN 'space' ELSE 'project' END
        WHEN size(found) > 1 THEN 'is IN ' + toString(size(found)) + ' nodes; it must be in one'
        WHEN kind = 'Project' THEN '(space_id ' + coalesce(x.space_id, '<none>') + ') is IN '
          + coalesce(head(labels(c)), 'node') + ' ' + coalesce(c.id, '<no id>')
          + ', not in its space'
        ELSE '(project_id ' + coalesce(x.project_id, '<none>') + ', space_id '
          + coalesce(x.space_id, '<none>') + ') is IN ' + coalesce(head(labels(c)), 'node') + ' '
          + coalesce(c.id, '<no id>') + ' (space ' + coalesce(c.space_id, '<none>')
          + '), not in its project'
      END AS detail,
  kind,
  [n IN found | coalesce(n.id, '<no id>')] AS parents
ORDER BY subject
