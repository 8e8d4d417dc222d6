// Archive import: the Asset nodes of these ids already in the graph, in the form the
// export writes them (to tell an identical node from a conflicting one).
// Parameters: $ids (list of ids).
// Returns: id, container (id of the IN target, or null), props (times as ISO 8601 text).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
RETURN a.id AS id, head([(a)-[:IN]->(c) WHERE c:Space OR c:Project OR c:Task | c.id]) AS container,
       a {.*, created_at: toString(a.created_at), updated_at: toString(a.updated_at)} AS props
