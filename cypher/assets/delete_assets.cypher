// Delete assets with their containment, outgoing lineage and view edges. A lineage edge
// from any asset not in $ids makes the plain DELETE fail: nothing is left dangling.
// Parameters: $ids.
// Returns: deleted (count).
MATCH (a:Asset)
WHERE a.id IN $ids
OPTIONAL MATCH (a)-[out:IN|DERIVES_FROM|USES|HAS_VIEW]->()
DELETE out
WITH DISTINCT a
OPTIONAL MATCH (a)<-[view:HAS_VIEW]-()
DELETE view
WITH DISTINCT a
DELETE a
RETURN count(*) AS deleted
