// Benchmark bulk loader: many tasks at once, each IN its project, with the properties
// containers/create_task gives one (docs/domain.md §3).
// Parameters: $rows (list of maps: id, project_id, props (name, description, created_by)).
// Returns: created (how many tasks were made).
UNWIND $rows AS row
MATCH (p:Project {id: row.project_id})
CREATE (c:Task {id: row.id})
SET c += row.props, c.project_id = row.project_id, c.space_id = p.space_id,
    c.created_at = datetime()
CREATE (c)-[:IN]->(p)
RETURN count(c) AS created
