// Cookbook: what is made from this space asset, project by project: the definitions
// (clones, and clones of clones in tasks) and the renders downstream of it within at most
// 10 lineage steps, counted per project (docs/cypher.md).
// Parameters: $id (a space asset's id).
// Returns: project (name), project_id, definitions, renders (counts), ordered by project.
MATCH (source:Asset {id: $id})<-[:DERIVES_FROM|USES*1..10]-(made:Asset)
WHERE made.project_id IS NOT NULL
WITH DISTINCT made
MATCH (project:Project {id: made.project_id})
RETURN project.name AS project, project.id AS project_id,
       count(CASE WHEN made.type <> 'RENDER' THEN 1 END) AS definitions,
       count(CASE WHEN made.type = 'RENDER' THEN 1 END) AS renders
ORDER BY project, project_id
