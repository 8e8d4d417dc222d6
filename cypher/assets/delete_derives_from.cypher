// Remove the CLONE edge from $child to $parent (a rebase moves a working clone).
// Parameters: $child_id, $parent_id.
// Returns: removed (count).
MATCH (:Asset {id: $child_id})-[d:DERIVES_FROM {kind: 'CLONE'}]->(:Asset {id: $parent_id})
DELETE d
RETURN count(*) AS removed
