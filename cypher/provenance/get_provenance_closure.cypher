// The upstream provenance closure of an asset, or of every asset of a task, project (its
// tasks' assets included) or space: the seeds and every asset they were made from within
// 20 lineage steps (DERIVES_FROM and USES, docs/domain.md §3), each once (a breadth-first
// expansion to distinct assets, no path enumeration), at most $limit of them, seeds first;
// then, for each kept asset, its outgoing lineage edges with what they record, and the users
// who created the kept assets. Lineage never leaves a space (docs/domain.md §2), so only
// assets of the root's space are kept. An edge whose target was not kept (cut by the step
// bound or $limit) tells the caller the closure was truncated. Read-only.
// Parameters: $id (an asset, task, project or space id), $limit (most assets kept).
// Returns: no row when $id names nothing; else one row: kind ('ASSET', 'TASK', 'PROJECT' or
// 'SPACE'), space_id, assets (list of property maps, times as epoch milliseconds), more
// (more assets were within reach than $limit), derivations (list of maps: child, parent,
// kind), usages (list of maps: render, input, role, content_hash, repointed_from), users
// (list of maps: id, name (null for a user that no longer exists)).
CALL () {
  MATCH (a:Asset {id: $id}) RETURN 'ASSET' AS kind, a.space_id AS space_id
  UNION
  MATCH (t:Task {id: $id}) RETURN 'TASK' AS kind, t.space_id AS space_id
  UNION
  MATCH (p:Project {id: $id}) RETURN 'PROJECT' AS kind, p.space_id AS space_id
  UNION
  MATCH (s:Space {id: $id}) RETURN 'SPACE' AS kind, s.id AS space_id
}
WITH kind, space_id LIMIT 1
CALL (kind, space_id) {
  CALL (kind, space_id) {
    MATCH (seed:Asset {id: $id}) WHERE kind = 'ASSET' RETURN seed
    UNION
    MATCH (seed:Asset {task_id: $id}) WHERE kind = 'TASK' RETURN seed
    UNION
    MATCH (seed:Asset {project_id: $id}) WHERE kind = 'PROJECT' RETURN seed
    UNION
    MATCH (seed:Asset {space_id: $id}) WHERE kind = 'SPACE' RETURN seed
  }
  MATCH (seed)-[:DERIVES_FROM|USES*0..20]->(u:Asset)
  WITH DISTINCT seed, u
  WITH u, min(CASE WHEN u = seed THEN 0 ELSE 1 END) AS upstream
  WHERE u.space_id = space_id
  ORDER BY upstream, u.id
  LIMIT $limit + 1
  RETURN collect(u) AS found
}
WITH kind, space_id, found[..$limit] AS kept, size(found) > $limit AS more
CALL (kept) {
  UNWIND kept AS child
  MATCH (child)-[d:DERIVES_FROM]->(parent:Asset)
  RETURN collect({child: child.id, parent: parent.id, kind: d.kind}) AS derivations
}
CALL (kept) {
  UNWIND kept AS render
  MATCH (render)-[u:USES]->(input:Asset)
  RETURN collect({
    render: render.id, input: input.id, role: u.role, content_hash: u.content_hash,
    repointed_from: u.repointed_from
  }) AS usages
}
CALL (kept) {
  UNWIND kept AS a
  WITH DISTINCT a.created_by AS user_id
  WHERE user_id IS NOT NULL
  OPTIONAL MATCH (user:User {id: user_id})
  RETURN collect({id: user_id, name: user.name}) AS users
}
RETURN kind, space_id, more, derivations, usages, users,
  [a IN kept | a {.*, created_at: a.created_at.epochMillis,
                  updated_at: a.updated_at.epochMillis}] AS assets
