// Archive import: the User nodes of these ids already in the graph, in the form the
// export writes them (to tell an identical node from a conflicting one).
// Parameters: $ids (list of ids).
// Returns: id, container (id of the IN target, or null), props (times as ISO 8601 text).
UNWIND $ids AS id
MATCH (u:User {id: id})
RETURN u.id AS id, null AS container,
       u {.*, created_at: toString(u.created_at)} AS props
