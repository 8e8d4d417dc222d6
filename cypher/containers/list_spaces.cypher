// Every space, by name.
// Parameters: none.
// Returns: c (the space node), labels.
MATCH (c:Space)
RETURN c, labels(c) AS labels
ORDER BY c.name, c.id
