// Delete containers (tasks, projects, a space) once their assets are gone; their
// containment and membership edges go with them. Assets left inside make DELETE fail.
// Parameters: $ids.
// Returns: deleted (count).
UNWIND $ids AS id
CALL (id) {
  MATCH (c:Task {id: id}) RETURN c
  UNION
  MATCH (c:Project {id: id}) RETURN c
  UNION
  MATCH (c:Space {id: id}) RETURN c
}
OPTIONAL MATCH (c)-[out:IN]->()
OPTIONAL MATCH (c)<-[member:MEMBER_OF]-(:User)
DELETE out, member
WITH DISTINCT c
DELETE c
RETURN count(*) AS deleted
