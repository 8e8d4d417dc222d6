// Archive import: the Project nodes of these ids already in the graph, in the form the
// export writes them (to tell an identical node from a conflicting one).
// Parameters: $ids (list of ids).
// Returns: id, container (id of the IN target, or null), props (times as ISO 8601 text).
UNWIND $ids AS id
MATCH (p:Project {id: id})
RETURN p.id AS id, head([(p)-[:IN]->(c:Space) | c.id]) AS container,
       p {.*, created_at: toString(p.created_at), updated_at: toString(p.updated_at)} AS props
