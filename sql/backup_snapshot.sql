-- Exports the snapshot of the current REPEATABLE READ transaction for pg_dump --snapshot; returns
-- (snapshot id, server_version, database name). No parameters.
SELECT pg_export_snapshot()                 AS snapshot,
       current_setting('server_version')    AS server_version,
       current_database()::text             AS database
