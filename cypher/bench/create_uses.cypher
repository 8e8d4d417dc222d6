// Benchmark bulk loader: many USES edges at once, as renders/create_registrations records a render's
// inputs: role, the input's content snapshot (JSON), its hash and its neutral flag. The
// render is matched as :Asset, whose id is indexed (no index covers :Render ids).
// Parameters: $rows (list of maps: render_id, id, role, snapshot, content_hash, neutral).
// Returns: created (how many edges were made).
UNWIND $rows AS row
MATCH (r:Asset {id: row.render_id}), (x:Asset {id: row.id})
CREATE (r)-[u:USES]->(x)
SET u.role = row.role, u.snapshot = row.snapshot, u.content_hash = row.content_hash,
    u.neutral = row.neutral
RETURN count(*) AS created
