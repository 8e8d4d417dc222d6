// Lineage cycles: an asset that reaches itself along DERIVES_FROM|USES (up to 50 hops).
// Lineage must be acyclic (DESIGN 3, 8); HAS_VIEW and IN are not lineage and do not count.
// One row per asset on a cycle; read-only. Parameters: none.
// Returns: subject (asset id), detail, cycle (ids along one cycle, from subject back to it).
MATCH (a:Asset)
CALL (a) {
  MATCH p = (a)-[:DERIVES_FROM|USES*1..50]->(a)
  RETURN [n IN nodes(p) | coalesce(n.id, '<no id>')] AS cycle
  LIMIT 1
}
RETURN a.id AS subject,
  'asset ' + coalesce(a.id, '<no id>') + ' lies on a lineage cycle: '
    + reduce(s = head(cycle), x IN tail(cycle) | s + ' -> ' + x) AS detail,
  cycle
ORDER BY subject
