// Cookbook: clones left behind: base and working clones that nothing derives from or
// uses, whose original upstream (the space definition or render at the root of their
// CLONE chain, up to 10 steps) is retired: DEPRECATED, ARCHIVED or DISCARDED. New work
// should start from a newer version; these can usually go (`lineage cleanup plan`). A
// clone with no parent at all is listed too (the clone_parent_count audit reports it as
// a broken graph) (docs/cypher.md).
// Parameters: none.
// Returns: clone (name), clone_id, container_id, source (name), source_id, source_state
// (null without a parent), ordered by clone, clone_id.
MATCH (c:Asset)
WHERE c.origin IN ['BASE_CLONE', 'WORKING_CLONE']
  AND NOT EXISTS { MATCH (c)<-[:DERIVES_FROM|USES]-(:Asset) }
OPTIONAL MATCH (c)-[:DERIVES_FROM*1..10 {kind: 'CLONE'}]->(source:Asset {origin: 'ORIGINAL'})
WITH c, source
WHERE source IS NULL OR source.state IN ['DEPRECATED', 'ARCHIVED', 'DISCARDED']
RETURN c.name AS clone, c.id AS clone_id,
       coalesce(c.task_id, c.project_id, c.space_id) AS container_id,
       source.name AS source, source.id AS source_id, source.state AS source_state
ORDER BY clone, clone_id
