// Test support: how many nodes and relationships the graph holds (refusals change nothing),
// and how many of the nodes are the change history's (entries and mentions).
// Parameters: none.
// Returns: nodes, edges, history.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS edges }
CALL () { MATCH (h) WHERE h:HistoryEntry OR h:HistoryMention RETURN count(h) AS history }
RETURN nodes, edges, history
