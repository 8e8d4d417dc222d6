// Attach render $render_id as base view $view of definition $definition_id; idempotent.
// Parameters: $definition_id, $render_id, $view.
// Returns: view.
MATCH (d:Definition {id: $definition_id}), (r:Render {id: $render_id})
MERGE (d)-[v:HAS_VIEW {view: $view}]->(r)
RETURN v.view AS view
