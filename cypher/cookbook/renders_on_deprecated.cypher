// Cookbook: renders that still use a deprecated space definition, directly or through
// the clones it was taken into projects and tasks by (at most 10 clone steps): candidates
// to regenerate on the newer version (docs/cypher.md).
// Parameters: none.
// Returns: render (name), render_id, deprecated (name), deprecated_id, version, ordered by
// render then deprecated definition.
MATCH (r:Render)-[:USES]->(input:Asset)
MATCH (input)-[steps:DERIVES_FROM*0..10]->(old:Definition {layer: 'SPACE', state: 'DEPRECATED'})
WHERE all(step IN steps WHERE step.kind = 'CLONE')
RETURN DISTINCT r.name AS render, r.id AS render_id, old.name AS deprecated,
       old.id AS deprecated_id, old.version AS version
ORDER BY render, render_id, deprecated_id
