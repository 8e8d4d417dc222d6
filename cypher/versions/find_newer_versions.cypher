// The versions that derive (through VERSION edges, at most 50 steps) from $id.
// Parameters: $id.
// Returns: a (the newer version node), steps.
MATCH path = (a:Asset)-[:DERIVES_FROM*1..50]->(:Asset {id: $id})
WHERE all(d IN relationships(path) WHERE d.kind = 'VERSION')
RETURN a, length(path) AS steps
ORDER BY steps
