// Archive import: create users with the ids and properties the archive holds (only ids
// not yet in the graph are sent). No token or secret comes with them.
// Parameters: $rows (list of {id, container, props}; times as ISO 8601 text).
// Returns: created (how many were created).
UNWIND $rows AS row
CREATE (u:User)
SET u += row.props, u.id = row.id, u.created_at = datetime(row.props.created_at)
RETURN count(u) AS created
