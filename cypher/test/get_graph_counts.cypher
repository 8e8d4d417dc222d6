// Test support: how many nodes and relationships the graph holds (refusals change nothing),
// and how many of the nodes are bookkeeping: the change history's (entries and mentions)
// and the trash's items, which writes and deletes add beside the graph's own nodes.
// Parameters: none.
// Returns: nodes, edges, history.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS edges }
CALL () { MATCH (h) WHERE h:HistoryEntry OR h:HistoryMention OR h:TrashItem RETURN count(h) AS history }
RETURN nodes, edges, history
