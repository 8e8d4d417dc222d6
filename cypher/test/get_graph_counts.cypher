// Test support: how many nodes and relationships the graph holds (refusals change nothing).
// Parameters: none.
// Returns: nodes, edges.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS edges }
RETURN nodes, edges
