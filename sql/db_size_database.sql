-- Returns the current database's name and total size in bytes.
SELECT current_database()::text AS name, pg_database_size(current_database()) AS size_bytes
