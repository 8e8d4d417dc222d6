// No edge touches a deleted or missing node: no dependent hangs on nothing.
// Every edge joins two nodes that have an id, and DERIVES_FROM and USES join two :Asset
// nodes (docs/domain.md §4, §8). One row per edge; read-only. Parameters: none.
// Returns: subject (the id on the edge that has one), detail, relationship, source, target,
// source_element, target_element (element ids, to find id-less nodes).
MATCH (a)-[r]->(b)
WHERE a.id IS NULL OR b.id IS NULL
  OR (type(r) IN ['DERIVES_FROM', 'USES'] AND NOT (a:Asset AND b:Asset))
RETURN coalesce(a.id, b.id, '<no id>') AS subject,
  CASE
    WHEN a.id IS NULL AND b.id IS NULL THEN 'a ' + type(r) + ' edge joins two nodes with no id'
    WHEN b.id IS NULL THEN a.id + ' has a ' + type(r) + ' edge to a node with no id (labels '
      + reduce(s = '', l IN labels(b) | s + ':' + l) + '): it depends on a missing node'
    WHEN a.id IS NULL THEN b.id + ' has a ' + type(r) + ' edge from a node with no id (labels '
      + reduce(s = '', l IN labels(a) | s + ':' + l) + '): a dependent that is not recorded'
    ELSE a.id + ' ' + type(r) + ' ' + b.id + ', but '
      + CASE WHEN a:Asset THEN b.id ELSE a.id END + ' is not an asset (labels '
      + reduce(s = '', l IN labels(CASE WHEN a:Asset THEN b ELSE a END) | s + ':' + l) + ')'
  END AS detail,
  type(r) AS relationship,
  a.id AS source,
  b.id AS target,
  elementId(a) AS source_element,
  elementId(b) AS target_element
ORDER BY subject, relationship
