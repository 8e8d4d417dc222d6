// Archive import: create spaces with the ids and properties the archive holds.
// Parameters: $rows (list of {id, container, props}; times as ISO 8601 text).
// Returns: created (how many were created).
UNWIND $rows AS row
CREATE (s:Space)
SET s += row.props, s.id = row.id, s.created_at = datetime(row.props.created_at),
    s.updated_at = datetime(row.props.updated_at)
RETURN count(s) AS created
