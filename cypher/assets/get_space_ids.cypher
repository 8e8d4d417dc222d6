// The space each id belongs to: an asset's space_id, a container's space (a space is its
// own). Reads plain properties only, so it works on malformed nodes the audits report.
// Parameters: $ids.
// Returns: id, space_id.
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Asset {id: id}) RETURN n.space_id AS space_id
  UNION
  MATCH (n:Space {id: id}) RETURN n.id AS space_id
  UNION
  MATCH (n:Project {id: id}) RETURN n.space_id AS space_id
  UNION
  MATCH (n:Task {id: id}) RETURN n.space_id AS space_id
}
RETURN id, space_id
