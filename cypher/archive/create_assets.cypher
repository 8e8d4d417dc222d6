// Archive import: create assets with the ids and properties the archive holds, each IN its
// container; labels follow `type` as when an asset is created (assets/create_asset).
// Parameters: $rows (list of {id, container, props}; times as ISO 8601 text).
// Returns: created (how many were created; an asset whose container is missing is not).
UNWIND $rows AS row
CALL (row) {
  MATCH (c:Space {id: row.container}) RETURN c
  UNION
  MATCH (c:Project {id: row.container}) RETURN c
  UNION
  MATCH (c:Task {id: row.container}) RETURN c
}
CREATE (a:Asset)-[:IN]->(c)
SET a += row.props, a.id = row.id, a.created_at = datetime(row.props.created_at),
    a.updated_at = datetime(row.props.updated_at)
FOREACH (_ IN CASE WHEN row.props.type = 'RENDER' THEN [1] ELSE [] END | SET a:Render)
FOREACH (_ IN CASE WHEN row.props.type <> 'RENDER' THEN [1] ELSE [] END | SET a:Definition)
FOREACH (_ IN CASE WHEN row.props.type = 'CHARACTER' THEN [1] ELSE [] END | SET a:Character)
FOREACH (_ IN CASE WHEN row.props.type = 'SCENE' THEN [1] ELSE [] END | SET a:Scene)
FOREACH (_ IN CASE WHEN row.props.type = 'STYLE' THEN [1] ELSE [] END | SET a:Style)
RETURN count(a) AS created
