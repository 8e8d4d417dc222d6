// Re-point USES edges from task clones that are about to go to their nearest surviving
// ancestor, keeping the snapshot and recording the clone's id (task delete, KEEP_RENDERS).
// Parameters: $moves (list of maps: render_id, clone_id, target_id).
// Returns: render_id, target_id.
UNWIND $moves AS move
MATCH (r:Render {id: move.render_id})-[old:USES]->(:Asset {id: move.clone_id})
MATCH (target:Asset {id: move.target_id})
MERGE (r)-[new:USES]->(target)
  ON CREATE SET new = properties(old), new.repointed_from = move.clone_id
DELETE old
RETURN r.id AS render_id, target.id AS target_id
