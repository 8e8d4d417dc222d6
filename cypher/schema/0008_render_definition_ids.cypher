// Schema version 8: queries that find a render or a definition by id under its own label
// (`(r:Render {id: $id})`) use an index of that label instead of scanning every render.
// Ids are already unique across assets, so these hold on existing data.
// Idempotent (IF NOT EXISTS). Parameters: none. Returns: nothing.
CREATE CONSTRAINT render_id IF NOT EXISTS FOR (r:Render) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT definition_id IF NOT EXISTS FOR (d:Definition) REQUIRE d.id IS UNIQUE;
