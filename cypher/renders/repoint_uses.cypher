// Re-point USES edges from task clones that are about to go to their nearest surviving
// ancestor (task delete, KEEP_RENDERS). Every edge stays an edge of its own: two clones of
// one ancestor (a task base clone and its working clone) give two edges to that ancestor,
// each with its own snapshot, role, content_hash and neutral flag, told apart by
// `repointed_from` (the clone's id); nothing recorded is merged or lost (docs/domain.md §6).
// Parameters: $moves (list of maps: render_id, clone_id, target_id).
// Returns: render_id, clone_id, target_id.
UNWIND $moves AS move
MATCH (r:Render {id: move.render_id})-[old:USES]->(:Asset {id: move.clone_id})
MATCH (target:Asset {id: move.target_id})
CREATE (r)-[new:USES]->(target)
SET new = properties(old), new.repointed_from = move.clone_id
DELETE old
RETURN r.id AS render_id, move.clone_id AS clone_id, target.id AS target_id
