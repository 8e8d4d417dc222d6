// Create an asset (definition or render) in container $container_id; idempotent per id.
// Labels follow $props.type: :Asset plus :Render, or :Definition and :Character/:Scene/:Style.
// With $parent_id, the new asset also derives from that asset (DERIVES_FROM of $kind, CLONE
// or VERSION): a clone or a version is written in this one query. With $copy_views, it
// also shows the parent's base views (HAS_VIEW to the same renders, docs/domain.md §6).
// Parameters: $container_id, $props (map of the asset's stored properties, id included),
// $parent_id (or null), $kind (or null), $copy_views.
// Returns: a (the asset node); no row when the container does not exist.
CALL () {
  MATCH (c:Space {id: $container_id}) RETURN c
  UNION
  MATCH (c:Project {id: $container_id}) RETURN c
  UNION
  MATCH (c:Task {id: $container_id}) RETURN c
}
MERGE (a:Asset {id: $props.id})
  ON CREATE SET a += $props, a.created_at = datetime(), a.updated_at = datetime()
FOREACH (_ IN CASE WHEN $props.type = 'RENDER' THEN [1] ELSE [] END | SET a:Render)
FOREACH (_ IN CASE WHEN $props.type <> 'RENDER' THEN [1] ELSE [] END | SET a:Definition)
FOREACH (_ IN CASE WHEN $props.type = 'CHARACTER' THEN [1] ELSE [] END | SET a:Character)
FOREACH (_ IN CASE WHEN $props.type = 'SCENE' THEN [1] ELSE [] END | SET a:Scene)
FOREACH (_ IN CASE WHEN $props.type = 'STYLE' THEN [1] ELSE [] END | SET a:Style)
MERGE (a)-[:IN]->(c)
WITH a
OPTIONAL MATCH (parent:Asset {id: $parent_id})
FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END |
  MERGE (a)-[:DERIVES_FROM {kind: $kind}]->(parent))
WITH a, parent
CALL (a, parent) {
  OPTIONAL MATCH (parent)-[shown:HAS_VIEW]->(view:Render)
  WHERE $copy_views
  FOREACH (_ IN CASE WHEN view IS NULL THEN [] ELSE [1] END |
    MERGE (a)-[:HAS_VIEW {view: shown.view}]->(view))
  RETURN count(*) AS copied
}
RETURN a
