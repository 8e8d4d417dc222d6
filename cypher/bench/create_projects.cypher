// Benchmark bulk loader: many projects at once, each IN its space, with the properties
// containers/create_project gives one (docs/domain.md §3).
// Parameters: $rows (list of maps: id, space_id, props (name, description, created_by)).
// Returns: created (how many projects were made).
UNWIND $rows AS row
MATCH (s:Space {id: row.space_id})
CREATE (c:Project {id: row.id})
SET c += row.props, c.space_id = row.space_id, c.created_at = datetime()
CREATE (c)-[:IN]->(s)
RETURN count(c) AS created
