// Schema version 9: name search ignores case. Every asset stores `name_folded`, its name
// in lower case, written with the name (graph.codec) and searched through its own text
// index; assets stored before this version get it here, in batches of 10,000. The
// case-sensitive name index it replaces goes.
// Idempotent (IF NOT EXISTS / IF EXISTS; the backfill fills only what is missing).
// Parameters: none. Returns: nothing.
CREATE TEXT INDEX asset_name_folded_text IF NOT EXISTS FOR (n:Asset) ON (n.name_folded);
MATCH (a:Asset)
WHERE a.name_folded IS NULL AND a.name IS NOT NULL
CALL (a) {
  SET a.name_folded = toLower(a.name)
} IN TRANSACTIONS OF 10000 ROWS;
DROP INDEX asset_name_text IF EXISTS;
