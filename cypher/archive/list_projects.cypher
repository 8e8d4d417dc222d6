// Archive export: one page of projects in id order, each with the space it is IN.
// Parameters: $all (boolean), $space_ids (list), $after (last id of the previous page, '' first),
// $limit (page size).
// Returns: id, container (id of the IN target), props (times as ISO 8601 text).
MATCH (p:Project)
WHERE p.id > $after AND ($all OR p.space_id IN $space_ids)
WITH p
ORDER BY p.id
LIMIT $limit
OPTIONAL MATCH (p)-[:IN]->(c:Space)
RETURN p.id AS id, c.id AS container,
       p {.*, created_at: toString(p.created_at), updated_at: toString(p.updated_at)} AS props
ORDER BY p.id
