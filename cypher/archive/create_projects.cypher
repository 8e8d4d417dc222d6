// Archive import: create projects with the ids and properties the archive holds, each IN
// its space (no row, so not counted, when the space is missing).
// Parameters: $rows (list of {id, container: space id, props}; times as ISO 8601 text).
// Returns: created (how many were created).
UNWIND $rows AS row
MATCH (c:Space {id: row.container})
CREATE (p:Project)-[:IN]->(c)
SET p += row.props, p.id = row.id, p.created_at = datetime(row.props.created_at),
    p.updated_at = datetime(row.props.updated_at)
RETURN count(p) AS created
