// The clone and version derivations (DERIVES_FROM edges) of the assets of a space, or of
// one of its projects: what an OpenLineage export writes as one derivation run per edge
// (docs/interchange.md). The parent may sit in an enclosing container or another space.
// Parameters: $space_id, $project_id (or null: the whole space).
// Returns: child (node), kind (CLONE or VERSION), parent_id, parent_hash (the parent's
// content hash now), ordered by the child's creation then ids.
// The space's assets come from the space_id index, whatever the planner's statistics say
// (a type scan of DERIVES_FROM would read every space's edges).
MATCH (child:Asset {space_id: $space_id})
USING INDEX child:Asset(space_id)
WHERE $project_id IS NULL OR child.project_id = $project_id
MATCH (child)-[d:DERIVES_FROM]->(parent:Asset)
RETURN child, d.kind AS kind, parent.id AS parent_id, parent.content_hash AS parent_hash
ORDER BY child.created_at, child.id, parent.id
