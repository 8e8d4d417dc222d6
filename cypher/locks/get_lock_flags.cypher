// Locked / deletable / immutable for many assets at once, by existence checks only.
// Assets in $excluded count as gone (dry runs ask "what if these were deleted").
// A dependent binds unless it is a space render in DRAFT or DISCARDED (docs/domain.md §4).
// Parameters: $ids, $excluded.
// Returns: id, locked, deletable, immutable.
UNWIND $ids AS id
MATCH (a:Asset {id: id})
WITH a,
     EXISTS {
       MATCH (a)<-[:DERIVES_FROM]-(d:Asset) WHERE NOT d.id IN $excluded
     } OR EXISTS {
       MATCH (a)<-[:USES]-(r:Render)
       WHERE NOT r.id IN $excluded
         AND NOT (r.layer = 'SPACE' AND r.state IN ['DRAFT', 'DISCARDED'])
     } AS locked,
     NOT EXISTS {
       MATCH (a)<-[:DERIVES_FROM|USES]-(d:Asset) WHERE NOT d.id IN $excluded
     } AS deletable
RETURN a.id AS id, locked, deletable,
       locked OR a.origin = 'BASE_CLONE' OR (a.type = 'RENDER' AND a.origin <> 'WORKING_CLONE')
         AS immutable
