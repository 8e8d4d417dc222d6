// What a cleanup could delete (docs/domain.md §6, cleanup): clones that no render reaches
// (base and working clones, of definitions or of renders, with no render downstream
// within 10 lineage steps), discarded renders, and tasks that hold no asset; each asset
// with its direct dependents, which must go first. Read-only; a sweep over every asset
// and task (filtered by space when one is given), run by an operator, never by a request.
// Parameters: $space_id (or null: every space).
// Returns: one row: assets (list of maps: id, name, type, origin, state, container_id,
// reason ('UNUSED_CLONE' or 'DISCARDED_RENDER'), dependents (ids)), tasks (list of maps:
// id, name, project_id), both ordered by id.
CALL () {
  MATCH (a:Asset)
  WHERE ($space_id IS NULL OR a.space_id = $space_id)
    AND ((a.origin IN ['BASE_CLONE', 'WORKING_CLONE']
          AND NOT EXISTS { MATCH (a)<-[:DERIVES_FROM|USES*1..10]-(:Render) })
         OR (a:Render AND a.state = 'DISCARDED'))
  WITH a ORDER BY a.id
  RETURN collect({
    id: a.id, name: a.name, type: a.type, origin: a.origin, state: a.state,
    container_id: coalesce(a.task_id, a.project_id, a.space_id),
    reason: CASE WHEN a:Render AND a.state = 'DISCARDED' THEN 'DISCARDED_RENDER'
                 ELSE 'UNUSED_CLONE' END,
    dependents: COLLECT { MATCH (a)<-[:DERIVES_FROM|USES]-(d:Asset) RETURN DISTINCT d.id }
  }) AS assets
}
CALL () {
  MATCH (t:Task)
  WHERE ($space_id IS NULL OR t.space_id = $space_id)
    AND NOT EXISTS { MATCH (:Asset)-[:IN]->(t) }
  WITH t ORDER BY t.id
  RETURN collect({id: t.id, name: t.name, project_id: t.project_id}) AS tasks
}
RETURN assets, tasks
