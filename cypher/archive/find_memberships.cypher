// Archive import: the MEMBER_OF edges already in the graph between these users and spaces.
// Parameters: $pairs (list of {from: user id, to: space id}).
// Returns: source (user id), to (space id), props (the edge's properties).
UNWIND $pairs AS pair
MATCH (u:User {id: pair.from})-[m:MEMBER_OF]->(s:Space {id: pair.to})
RETURN u.id AS source, s.id AS to, properties(m) AS props
