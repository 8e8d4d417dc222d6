// One page of the direct dependents of each asset (the nodes whose DERIVES_FROM or USES
// edge points at it), ordered by dependent id, edge type and role, with the total count.
// Keyset pagination: only rows whose key comes after $after.
// A render may hold several USES edges to one asset (re-pointed task clones): each is a
// row, told apart by repointed_from, the key's last part.
// Parameters: $ids, $after (the [dependent id, edge type, role, repointed_from] key of the
// last row seen, or null), $limit (rows per asset).
// Returns: id, total, page (list of maps: node (the asset's properties, times
// as epoch milliseconds), type, role, key).
UNWIND $ids AS id
MATCH (a:Asset {id: id})
RETURN id,
  COUNT { (a)<-[:DERIVES_FROM|USES]-(:Asset) } AS total,
  COLLECT {
    MATCH (a)<-[e:DERIVES_FROM|USES]-(d:Asset)
    WITH d, type(e) AS type, coalesce(e.role, e.kind, '') AS role,
         coalesce(e.repointed_from, '') AS repointed_from
    WITH d, type, role, [d.id, type, role, repointed_from] AS key
    WHERE $after IS NULL OR key > $after
    RETURN {node: d {.*, created_at: d.created_at.epochMillis,
                     updated_at: d.updated_at.epochMillis},
            type: type, role: role, key: key}
    ORDER BY key LIMIT $limit
  } AS page
