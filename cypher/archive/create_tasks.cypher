// Archive import: create tasks with the ids and properties the archive holds, each IN its
// project (no row, so not counted, when the project is missing).
// Parameters: $rows (list of {id, container: project id, props}; times as ISO 8601 text).
// Returns: created (how many were created).
UNWIND $rows AS row
MATCH (c:Project {id: row.container})
CREATE (t:Task)-[:IN]->(c)
SET t += row.props, t.id = row.id, t.created_at = datetime(row.props.created_at),
    t.updated_at = datetime(row.props.updated_at)
RETURN count(t) AS created
