// Archive import: the Task nodes of these ids already in the graph, in the form the
// export writes them (to tell an identical node from a conflicting one).
// Parameters: $ids (list of ids).
// Returns: id, container (id of the IN target, or null), props (times as ISO 8601 text).
UNWIND $ids AS id
MATCH (t:Task {id: id})
RETURN t.id AS id, head([(t)-[:IN]->(c:Project) | c.id]) AS container,
       t {.*, created_at: toString(t.created_at), updated_at: toString(t.updated_at)} AS props
