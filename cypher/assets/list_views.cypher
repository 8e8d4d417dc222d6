// The base views (HAS_VIEW) of each definition.
// Parameters: $ids.
// Returns: id (the definition's), view, render (node).
UNWIND $ids AS id
MATCH (:Definition {id: id})-[v:HAS_VIEW]->(render:Render)
RETURN id, v.view AS view, render
ORDER BY id, view
