// Archive import: create MEMBER_OF edges (user to space, with the role) the archive holds.
// Parameters: $rows (list of {from: user id, to: space id, props}).
// Returns: created (how many were created; one whose user or space is missing is not).
UNWIND $rows AS row
MATCH (u:User {id: row.from}), (s:Space {id: row.to})
CREATE (u)-[m:MEMBER_OF]->(s)
SET m = row.props
RETURN count(m) AS created
