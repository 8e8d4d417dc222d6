// Record that $child derives from $parent (kind CLONE or VERSION); idempotent.
// Parameters: $child_id, $parent_id, $kind.
// Returns: kind.
MATCH (child:Asset {id: $child_id}), (parent:Asset {id: $parent_id})
MERGE (child)-[d:DERIVES_FROM {kind: $kind}]->(parent)
RETURN d.kind AS kind
