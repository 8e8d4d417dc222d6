// Schema version 2: the indexes listings and lineage lookups filter on.
// Idempotent (IF NOT EXISTS); applied at start-up and by `lineage migrate`.
// Parameters: none. Returns: nothing.
CREATE INDEX asset_space_id IF NOT EXISTS FOR (n:Asset) ON (n.space_id);
CREATE INDEX asset_project_id IF NOT EXISTS FOR (n:Asset) ON (n.project_id);
CREATE INDEX asset_task_id IF NOT EXISTS FOR (n:Asset) ON (n.task_id);
CREATE INDEX asset_type_state IF NOT EXISTS FOR (n:Asset) ON (n.type, n.state);
CREATE TEXT INDEX asset_name_text IF NOT EXISTS FOR (n:Asset) ON (n.name);
