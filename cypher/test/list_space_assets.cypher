// Test support: every asset of a space, whatever its layer, with its type and origin.
// Parameters: $space_id.
// Returns: id, name, type, origin, layer.
MATCH (a:Asset {space_id: $space_id})
RETURN a.id AS id, a.name AS name, a.type AS type, a.origin AS origin, a.layer AS layer
ORDER BY id
