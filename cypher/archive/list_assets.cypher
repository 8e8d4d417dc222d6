// Archive export: one page of assets (definitions and renders) in id order, each with the
// container it is IN; labels are not listed, they follow `type` (docs/graph-model.md).
// Parameters: $all (boolean), $space_ids (list), $after (last id of the previous page, '' first),
// $limit (page size).
// Returns: id, container (id of the IN target), props (times as ISO 8601 text).
MATCH (a:Asset)
WHERE a.id > $after AND ($all OR a.space_id IN $space_ids)
WITH a
ORDER BY a.id
LIMIT $limit
OPTIONAL MATCH (a)-[:IN]->(c)
WHERE c:Space OR c:Project OR c:Task
RETURN a.id AS id, c.id AS container,
       a {.*, created_at: toString(a.created_at), updated_at: toString(a.updated_at)} AS props
ORDER BY a.id
