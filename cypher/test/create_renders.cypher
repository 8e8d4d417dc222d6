// Test support: create bare render nodes with the given properties (renders as older
// versions of the service stored them, or with a planted file), each with a creation time.
// Parameters: $rows (list of maps: props (map), at (ISO date-time or null)).
// Returns: created (count).
UNWIND $rows AS row
CREATE (r:Asset:Render)
SET r = row.props
SET r.created_at = CASE WHEN row.at IS NULL THEN null ELSE datetime(row.at) END
RETURN count(r) AS created
