// Benchmark bulk loader: many DERIVES_FROM edges at once (kind CLONE or VERSION), as
// assets/create_derives_from records one.
// Parameters: $rows (list of maps: child_id, parent_id, kind).
// Returns: created (how many edges were made).
UNWIND $rows AS row
MATCH (child:Asset {id: row.child_id}), (parent:Asset {id: row.parent_id})
CREATE (child)-[:DERIVES_FROM {kind: row.kind}]->(parent)
RETURN count(*) AS created
