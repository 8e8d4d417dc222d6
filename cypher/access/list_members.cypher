// The members of each space with their roles.
// Parameters: $space_ids.
// Returns: space_id, user_id, name, role.
UNWIND $space_ids AS space_id
MATCH (u:User)-[m:MEMBER_OF]->(:Space {id: space_id})
RETURN space_id, u.id AS user_id, u.name AS name, m.role AS role
ORDER BY space_id, name, user_id
