-- Returns the newest size snapshot of the current database taken at or before $1 (timestamptz), if any.
SELECT id, taken_at, database_bytes
FROM pmc.size_snapshots
WHERE database_name = current_database() AND taken_at <= $1
ORDER BY taken_at DESC
LIMIT 1
