// The base clone of $source_id that lives in container $container_id, if any
// (import and use-in-task are idempotent per container and source).
// Parameters: $source_id, $container_id.
// Returns: a (the clone node).
MATCH (a:Asset {origin: 'BASE_CLONE'})-[:DERIVES_FROM {kind: 'CLONE'}]->(:Asset {id: $source_id})
MATCH (a)-[:IN]->(c)
WHERE c.id = $container_id
RETURN a
LIMIT 1
