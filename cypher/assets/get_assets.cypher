// Assets by id, in the order asked; missing ids give no row.
// Parameters: $ids.
// Returns: a (the asset node).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
RETURN a
