// Every asset or container a history entry mentions exists, or the history records its
// deletion; every mention belongs to an entry (docs/domain.md §12). One row per mention;
// read-only. Parameters: none.
// Returns: subject (the mentioned id), detail, entry_id.
MATCH (m:HistoryMention)
WITH m,
  EXISTS { MATCH (e:HistoryEntry) WHERE e.id = m.entry_id } AS has_entry,
  EXISTS { MATCH (a:Asset) WHERE a.id = m.subject_id }
    OR EXISTS { MATCH (s:Space) WHERE s.id = m.subject_id }
    OR EXISTS { MATCH (p:Project) WHERE p.id = m.subject_id }
    OR EXISTS { MATCH (t:Task) WHERE t.id = m.subject_id }
    OR EXISTS { MATCH (d:HistoryMention) WHERE d.subject_id = m.subject_id
                AND d.action = 'DELETED' } AS accounted
WHERE NOT (has_entry AND accounted)
RETURN coalesce(m.subject_id, '<no id>') AS subject,
  CASE WHEN NOT has_entry
    THEN 'a mention of ' + coalesce(m.subject_id, '<no id>') + ' names entry '
      + coalesce(m.entry_id, '<none>') + ', which does not exist'
    ELSE coalesce(m.subject, 'subject') + ' ' + m.subject_id + ' is in the history but '
      + 'neither exists nor has its deletion recorded'
  END AS detail,
  m.entry_id AS entry_id
ORDER BY subject, entry_id
