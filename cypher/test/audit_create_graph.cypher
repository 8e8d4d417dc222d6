// Test support for the audit tests: create a small graph from data, nodes then edges.
// Nodes are referred to by `ref` (so nodes without an id can still get edges).
// Parameters: $nodes (list of maps: ref, labels (list), props (map)),
// $edges (list of maps: from (ref), type, to (ref), props (map)).
// Returns: nodes, edges (how many were created).
UNWIND $nodes AS spec
CREATE (n:$(spec.labels))
SET n = spec.props
WITH collect({ref: spec.ref, node: n}) AS made
UNWIND $edges AS edge
WITH made, edge,
  [m IN made WHERE m.ref = edge.from | m.node][0] AS a,
  [m IN made WHERE m.ref = edge.to | m.node][0] AS b
CREATE (a)-[r:$(edge.type)]->(b)
SET r = edge.props
RETURN size(made) AS nodes, count(r) AS edges
