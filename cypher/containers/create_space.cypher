// Create a space; idempotent per id (a retried transaction finds the one it made).
// Parameters: $id, $props (map: name, description, created_by).
// Returns: c (the space node), labels.
MERGE (c:Space {id: $id})
  ON CREATE SET c += $props, c.created_at = datetime()
RETURN c, labels(c) AS labels
