// Archive export: how many nodes and edges of each kind are in scope (sizes the progress bar).
// Parameters: $all (boolean), $space_ids (list).
// Returns: user, space, project, task, asset, member_of, derives_from, uses, has_view.
CALL () {
  MATCH (u:User)
  WHERE $all OR EXISTS { MATCH (u)-[:MEMBER_OF]->(s:Space) WHERE s.id IN $space_ids }
  RETURN count(u) AS user
}
CALL () {
  MATCH (u:User)-[m:MEMBER_OF]->(s:Space) WHERE $all OR s.id IN $space_ids
  RETURN count(m) AS member_of
}
CALL () {
  MATCH (s:Space) WHERE $all OR s.id IN $space_ids RETURN count(s) AS space
}
CALL () {
  MATCH (p:Project) WHERE $all OR p.space_id IN $space_ids RETURN count(p) AS project
}
CALL () {
  MATCH (t:Task) WHERE $all OR t.space_id IN $space_ids RETURN count(t) AS task
}
CALL () {
  MATCH (a:Asset) WHERE $all OR a.space_id IN $space_ids
  RETURN count(a) AS asset,
         sum(COUNT { (a)-[:DERIVES_FROM]->(:Asset) }) AS derives_from,
         sum(COUNT { (a)-[:USES]->(:Asset) }) AS uses,
         sum(COUNT { (a)-[:HAS_VIEW]->(:Asset) }) AS has_view
}
RETURN user, space, project, task, asset, member_of, derives_from, uses, has_view
