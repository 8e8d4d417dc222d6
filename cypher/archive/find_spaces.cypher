// Archive import: the Space nodes of these ids already in the graph, in the form the
// export writes them (to tell an identical node from a conflicting one).
// Parameters: $ids (list of ids).
// Returns: id, container (id of the IN target, or null), props (times as ISO 8601 text).
UNWIND $ids AS id
MATCH (s:Space {id: id})
RETURN s.id AS id, null AS container,
       s {.*, created_at: toString(s.created_at), updated_at: toString(s.updated_at)} AS props
