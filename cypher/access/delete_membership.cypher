// Remove a user's membership of a space.
// Parameters: $user_id, $space_id.
// Returns: removed (count).
MATCH (:User {id: $user_id})-[m:MEMBER_OF]->(:Space {id: $space_id})
DELETE m
RETURN count(*) AS removed
