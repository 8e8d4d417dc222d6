// What a delete needs to decide, read in one query under the write locks it takes, in the
// order every write takes them (docs/domain.md §11): first the containers (a task's project
// before the task: kept renders move into it; an asset's own container), then in one batch
// in id order every asset the delete touches: the assets it deletes or moves and those at
// the other end of their lineage edges. Everything is matched again once locked (an asset
// deleted while we waited is gone). Python decides from these facts (services/deletion.py).
// The doomed set is the asset $asset_id, or every asset within the container $container_id
// (if it is one of $kinds) except, with $keep_renders, the renders generated there
// (ORIGINAL renders: they move to the project instead).
// Parameters: $asset_id (or null), $container_id (or null), $kinds (container labels the
// delete accepts), $keep_renders, $limit (most dependents returned).
// Returns: one row: container (map: node, labels; null unless $container_id names one),
// inner (ids of the tasks, then projects, within an accepted container), boxes (list of
// maps: id, name, labels: the inner containers and the container itself), doomed (list of
// maps: id, type, space_id, project_id, file (JSON text, renders only)), described (list of maps: id,
// type, origin, name, version, state, content_hash, container (map: id, name, labels):
// each planned asset and each lineage target, for the report and the history), moved
// (ids), dependents (list
// of maps: asset_id, dependent_id, dependent_type, edge, binding: dependents outside the
// doomed set, binding first by the rule of locks/get_dependents, at most $limit; USES
// edges of moved renders are in repoints instead), targets (list of maps: id, flags:
// [[locked, deletable] now, [locked, deletable] once the doomed assets are gone], by the
// rule of locks/get_lock_flags), repoints (list of maps: render_id, clone_id, target_id:
// each USES edge of a moved render into a doomed clone with the clone's nearest CLONE
// ancestor outside the doomed set, at most 5 steps up, or null), shown_files (the `file`
// texts of the renders left that may show a doomed render's key: those holding a prefix
// of its `"key": "..."` member; Python checks the exact member).
OPTIONAL MATCH (unlocked:Asset {id: $asset_id})
OPTIONAL MATCH (task:Task {id: $container_id})
WITH [id IN [task.project_id, $container_id,
             coalesce(unlocked.task_id, unlocked.project_id, unlocked.space_id)]
      WHERE id IS NOT NULL] AS container_ids
CALL (container_ids) {
  UNWIND container_ids AS id
  CALL (id) {
    MATCH (c:Space {id: id}) RETURN c
    UNION
    MATCH (c:Project {id: id}) RETURN c
    UNION
    MATCH (c:Task {id: id}) RETURN c
  }
  SET c._lock = true
  REMOVE c._lock
  RETURN collect(c) AS locked
}
// The container to delete is among those just locked (none for an asset's delete).
WITH head([c IN locked WHERE c.id = $container_id]) AS subject
CALL (subject) {
  WITH subject WHERE any(label IN labels(subject) WHERE label IN $kinds)
  WITH CASE WHEN subject:Space THEN subject.id ELSE subject.space_id END AS space_id,
       CASE WHEN subject:Project THEN subject.id ELSE subject.project_id END AS project_id,
       CASE WHEN subject:Task THEN subject.id END AS task_id
  MATCH (a:Asset {space_id: space_id})
  WHERE (project_id IS NULL OR a.project_id = project_id)
    AND (task_id IS NULL OR a.task_id = task_id)
  RETURN collect(a) AS within
}
CALL (subject) {
  WITH subject WHERE any(label IN labels(subject) WHERE label IN $kinds)
  // Along the containment edges (no index covers a task's space_id): a project's tasks,
  // or a space's tasks, then its projects.
  CALL (subject) {
    MATCH (t:Task)-[:IN]->(subject)
    RETURN t AS c
    UNION ALL
    MATCH (t:Task)-[:IN]->(:Project)-[:IN]->(subject)
    RETURN t AS c
    UNION ALL
    MATCH (p:Project)-[:IN]->(subject)
    RETURN p AS c
  }
  RETURN collect(c.id) AS inner, collect({id: c.id, name: c.name, labels: labels(c)}) AS boxes
}
OPTIONAL MATCH (asset:Asset {id: $asset_id})
WITH subject, inner, boxes, within + CASE WHEN asset IS NULL THEN [] ELSE [asset] END AS planned
WITH subject, inner, boxes,
     [a IN planned WHERE $keep_renders AND a.type = 'RENDER' AND a.origin = 'ORIGINAL' | a.id]
       AS moved_ids,
     [a IN planned | a.id] AS planned_ids
WITH subject, inner, boxes, moved_ids, planned_ids,
     [id IN planned_ids WHERE NOT id IN moved_ids] AS doomed_ids
CALL (planned_ids) {
  CALL (planned_ids) {
    UNWIND planned_ids AS id
    RETURN id
    UNION
    UNWIND planned_ids AS id
    MATCH (:Asset {id: id})-[:DERIVES_FROM|USES]->(t:Asset)
    RETURN t.id AS id
  }
  WITH id ORDER BY id
  MATCH (locked:Asset {id: id})
  SET locked._lock = true
  REMOVE locked._lock
  RETURN count(locked) AS locked_assets
}
CALL (doomed_ids) {
  UNWIND doomed_ids AS id
  MATCH (a:Asset {id: id})
  RETURN collect(a {.id, .type, .space_id, .project_id,
                    file: CASE WHEN a:Render THEN a.file END}) AS doomed
}
// What a report shows of each asset it may name: the planned ones and their targets.
CALL (planned_ids) {
  CALL (planned_ids) {
    UNWIND planned_ids AS id
    RETURN id
    UNION
    UNWIND planned_ids AS id
    MATCH (:Asset {id: id})-[:DERIVES_FROM|USES]->(t:Asset)
    RETURN t.id AS id
  }
  MATCH (a:Asset {id: id})-[:IN]->(c)
  RETURN collect({id: a.id, type: a.type, origin: a.origin, name: a.name, version: a.version,
                  state: a.state, content_hash: a.content_hash,
                  container: {id: c.id, name: c.name, labels: labels(c)}}) AS described
}
CALL (doomed_ids, moved_ids) {
  UNWIND doomed_ids AS id
  MATCH (a:Asset {id: id})<-[e:DERIVES_FROM|USES]-(d:Asset)
  WHERE NOT d.id IN doomed_ids AND NOT (type(e) = 'USES' AND d.id IN moved_ids)
  WITH DISTINCT a.id AS asset_id, d, type(e) AS edge
  WITH asset_id, d, edge,
       edge = 'DERIVES_FROM' OR NOT (d.layer = 'SPACE' AND d.state IN ['DRAFT', 'DISCARDED'])
         AS binding
  ORDER BY binding DESC, d.id, edge, asset_id
  LIMIT $limit
  RETURN collect({asset_id: asset_id, dependent_id: d.id, dependent_type: d.type, edge: edge,
                  binding: binding}) AS dependents
}
CALL (doomed_ids) {
  UNWIND doomed_ids AS id
  MATCH (:Asset {id: id})-[:DERIVES_FROM|USES]->(a:Asset)
  WHERE NOT a.id IN doomed_ids
  WITH DISTINCT a
  RETURN collect({id: a.id, flags: [excluded IN [[], doomed_ids] | [
    EXISTS {
      MATCH (a)<-[:DERIVES_FROM]-(d:Asset) WHERE NOT d.id IN excluded
    } OR EXISTS {
      MATCH (a)<-[:USES]-(r:Render)
      WHERE NOT r.id IN excluded
        AND NOT (r.layer = 'SPACE' AND r.state IN ['DRAFT', 'DISCARDED'])
    },
    NOT EXISTS {
      MATCH (a)<-[:DERIVES_FROM|USES]-(d:Asset) WHERE NOT d.id IN excluded
    }
  ]]}) AS targets
}
CALL (doomed_ids, moved_ids) {
  UNWIND moved_ids AS id
  MATCH (r:Render {id: id})-[:USES]->(clone:Asset)
  WHERE clone.id IN doomed_ids
  CALL (clone, doomed_ids) {
    OPTIONAL MATCH p = (clone)-[steps:DERIVES_FROM*1..5]->(ancestor:Asset)
    WHERE all(step IN steps WHERE step.kind = 'CLONE') AND NOT ancestor.id IN doomed_ids
      AND all(between IN nodes(p)[1..-1] WHERE between.id IN doomed_ids)
    RETURN ancestor ORDER BY length(p) LIMIT 1
  }
  RETURN collect({render_id: r.id, clone_id: clone.id, target_id: ancestor.id}) AS repoints
}
CALL (doomed_ids) {
  UNWIND doomed_ids AS id
  MATCH (gone:Render {id: id})
  WHERE gone.file IS NOT NULL
  UNWIND split(gone.file, '"key": "')[1..] AS rest
  WITH DISTINCT '"key": "' + split(rest, '"')[0] AS needle, doomed_ids
  MATCH (r:Render)
  WHERE r.file CONTAINS needle AND NOT r.id IN doomed_ids
  RETURN collect(DISTINCT r.file) AS shown_files
}
RETURN CASE WHEN subject IS NULL THEN null
         ELSE {node: subject {.*, created_at: subject.created_at.epochMillis},
               labels: labels(subject)} END AS container,
       inner, boxes + CASE WHEN subject IS NULL THEN [] ELSE
         [{id: subject.id, name: subject.name, labels: labels(subject)}] END AS boxes,
       doomed, described, moved_ids AS moved, dependents, targets, repoints, shown_files
