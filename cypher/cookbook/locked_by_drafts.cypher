// Cookbook: assets locked only by draft work: every binding dependent (docs/domain.md §4)
// is still in DRAFT (a working clone being refined, a project or task render not yet
// approved, a clone of a draft). Discarding or deleting that work would unlock them; a
// change that cannot wait for it can go through a new version instead (docs/cypher.md).
// Parameters: none.
// Returns: asset (name), asset_id, layer, state, drafts (the binding dependents' names,
// sorted), ordered by asset, state, asset_id.
MATCH (a:Asset)
WITH a, [(a)<-[e:DERIVES_FROM|USES]-(d:Asset)
         WHERE type(e) = 'DERIVES_FROM'
            OR NOT (d.layer = 'SPACE' AND d.state IN ['DRAFT', 'DISCARDED']) | d] AS binding
WHERE size(binding) > 0 AND all(d IN binding WHERE d.state = 'DRAFT')
RETURN a.name AS asset, a.id AS asset_id, a.layer AS layer, a.state AS state,
       COLLECT { UNWIND binding AS d RETURN d.name ORDER BY d.name } AS drafts
ORDER BY asset, state, asset_id
