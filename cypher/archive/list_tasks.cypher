// Archive export: one page of tasks in id order, each with the project it is IN.
// Parameters: $all (boolean), $space_ids (list), $after (last id of the previous page, '' first),
// $limit (page size).
// Returns: id, container (id of the IN target), props (times as ISO 8601 text).
MATCH (t:Task)
WHERE t.id > $after AND ($all OR t.space_id IN $space_ids)
WITH t
ORDER BY t.id
LIMIT $limit
OPTIONAL MATCH (t)-[:IN]->(c:Project)
RETURN t.id AS id, c.id AS container,
       t {.*, created_at: toString(t.created_at), updated_at: toString(t.updated_at)} AS props
ORDER BY t.id
