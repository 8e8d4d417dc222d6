// Note that an API token signed someone in, unless that was noted less than $every_s
// seconds ago (so a busy token costs one write a minute, not one per sign-in).
// Parameters: $id, $every_s.
// Returns: recorded (count: 0 when it was noted recently or the token is gone).
OPTIONAL MATCH (t:ApiToken {id: $id})
WHERE t.last_used_at IS NULL OR t.last_used_at < datetime() - duration({seconds: $every_s})
SET t.last_used_at = datetime()
RETURN count(t) AS recorded
