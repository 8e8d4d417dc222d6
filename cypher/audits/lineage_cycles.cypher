// No lineage cycles: no asset reaches itself along DERIVES_FROM|USES (up to 50 hops).
// Lineage must be acyclic (docs/domain.md §3, §8); HAS_VIEW and IN are not lineage and do not
// count. One row per asset on a cycle; read-only. Parameters: none.
// Returns: subject (asset id), detail, cycle (ids along one cycle, from subject back to it).
// SHORTEST 1 searches breadth-first, so a dense acyclic lineage does not blow up the way
// enumerating every path (`*1..50`) would.
MATCH (a:Asset)
CALL (a) {
  MATCH p = SHORTEST 1 (a)-[:DERIVES_FROM|USES]->{1,50}(a)
  RETURN [n IN nodes(p) | coalesce(n.id, '<no id>')] AS cycle
}
RETURN coalesce(a.id, '<no id>') AS subject,
  'asset ' + coalesce(a.id, '<no id>') + ' lies on a lineage cycle: '
    + reduce(s = head(cycle), x IN tail(cycle) | s + ' -> ' + x) AS detail,
  cycle
ORDER BY subject
