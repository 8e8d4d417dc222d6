// Archive import: create USES edges between assets, with the properties the archive holds.
// Parameters: $rows (list of {from: asset id, to: asset id, props}).
// Returns: created (how many were created; one whose end is missing is not).
UNWIND $rows AS row
MATCH (a:Asset {id: row.from}), (b:Asset {id: row.to})
CREATE (a)-[r:USES]->(b)
SET r = row.props
RETURN count(r) AS created
