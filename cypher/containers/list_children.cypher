// The projects of a space or the tasks of a project, by name.
// Parameters: $id (the parent container).
// Returns: c (the child container node), labels.
MATCH (c)-[:IN]->(parent {id: $id})
WHERE (c:Project AND parent:Space) OR (c:Task AND parent:Project)
RETURN c, labels(c) AS labels
ORDER BY c.name, c.id
