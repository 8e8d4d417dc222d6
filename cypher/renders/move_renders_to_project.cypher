// Move task renders into their project (task delete, KEEP_RENDERS): containment edge,
// layer and ids change; the task's id is kept as origin_task_id.
// Parameters: $ids, $project_id.
// Returns: id.
MATCH (p:Project {id: $project_id})
UNWIND $ids AS id
MATCH (r:Render {id: id})-[old:IN]->(:Task)
DELETE old
MERGE (r)-[:IN]->(p)
SET r.origin_task_id = r.task_id, r.task_id = null, r.layer = 'PROJECT',
    r.updated_at = datetime()
RETURN r.id AS id
