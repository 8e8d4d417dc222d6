// The spaces with exactly this name (the demo finds its own space this way).
// Parameters: $name.
// Returns: c (the space node), labels.
MATCH (c:Space {name: $name})
RETURN c, labels(c) AS labels
