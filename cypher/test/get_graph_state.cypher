// Test support: the whole graph as data, to check that a refused operation changed nothing
// (not even a property). Schema migration records are left out.
// Parameters: none.
// Returns: nodes (list of maps: labels, props), edges (list of maps: type, from, to, props).
CALL () {
  MATCH (n) WHERE NOT n:SchemaMigration
  RETURN collect({labels: labels(n), props: properties(n)}) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  RETURN collect({type: type(r), from: a.id, to: b.id, props: properties(r)}) AS edges
}
RETURN nodes, edges
