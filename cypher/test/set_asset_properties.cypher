// Test support: overwrite properties of an asset (to plant audit violations).
// Parameters: $id, $props (map). Returns: id.
MATCH (a:Asset {id: $id})
SET a += $props
RETURN a.id AS id
