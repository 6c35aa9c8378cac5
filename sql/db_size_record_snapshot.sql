-- Saves a size snapshot of the current database and returns its id and time; $1 = run id, $2 = database bytes.
INSERT INTO pmc.size_snapshots (run_id, database_name, database_bytes)
VALUES ($1, current_database(), $2)
RETURNING id, taken_at
