// Change the role of an existing member of a space; never adds a member.
// Parameters: $user_id, $space_id, $role.
// Returns: user_id, name, role; no row when the user is not a member of the space.
MATCH (u:User {id: $user_id})-[m:MEMBER_OF]->(:Space {id: $space_id})
SET m.role = $role
RETURN u.id AS user_id, u.name AS name, m.role AS role
