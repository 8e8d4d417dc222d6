// Benchmark bulk loader: many assets at once, as assets/create_asset makes one: the stored
// properties, :Asset plus the labels of the type, one IN edge to the container.
// Parameters: $rows (list of maps: container_id, props (the stored properties, id included,
// no nulls)).
// Returns: created (how many assets were made).
UNWIND $rows AS row
CALL (row) {
  MATCH (c:Space {id: row.container_id}) RETURN c
  UNION
  MATCH (c:Project {id: row.container_id}) RETURN c
  UNION
  MATCH (c:Task {id: row.container_id}) RETURN c
}
CREATE (a:Asset)
SET a = row.props, a.created_at = datetime(), a.updated_at = datetime()
FOREACH (_ IN CASE WHEN row.props.type = 'RENDER' THEN [1] ELSE [] END | SET a:Render)
FOREACH (_ IN CASE WHEN row.props.type <> 'RENDER' THEN [1] ELSE [] END | SET a:Definition)
FOREACH (_ IN CASE WHEN row.props.type = 'CHARACTER' THEN [1] ELSE [] END | SET a:Character)
FOREACH (_ IN CASE WHEN row.props.type = 'SCENE' THEN [1] ELSE [] END | SET a:Scene)
FOREACH (_ IN CASE WHEN row.props.type = 'STYLE' THEN [1] ELSE [] END | SET a:Style)
CREATE (a)-[:IN]->(c)
RETURN count(a) AS created
