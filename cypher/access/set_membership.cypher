// Make a user a member of a space with a role (or change the role).
// Parameters: $user_id, $space_id, $role.
// Returns: user_id, name, role; no row when the user or space does not exist.
MATCH (u:User {id: $user_id}), (s:Space {id: $space_id})
MERGE (u)-[m:MEMBER_OF]->(s)
SET m.role = $role
RETURN u.id AS user_id, u.name AS name, m.role AS role
