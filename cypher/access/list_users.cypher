// Every user, by name, with how many API tokens and space memberships each has.
// Parameters: none.
// Returns: u (the user node), tokens, spaces (counts).
MATCH (u:User)
RETURN u, COUNT { (u)<-[:FOR]-(:ApiToken) } AS tokens,
       COUNT { (u)-[:MEMBER_OF]->(:Space) } AS spaces
ORDER BY u.name, u.id
