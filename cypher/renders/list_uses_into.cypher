// USES edges from the renders in $render_ids to the assets in $target_ids.
// Parameters: $render_ids, $target_ids.
// Returns: render_id, target_id.
MATCH (r:Render)-[:USES]->(t:Asset)
WHERE r.id IN $render_ids AND t.id IN $target_ids
RETURN r.id AS render_id, t.id AS target_id
