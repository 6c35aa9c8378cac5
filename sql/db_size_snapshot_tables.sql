-- Returns the total size of each table in one snapshot; $1 = snapshot id.
SELECT schema_name, table_name, total_bytes FROM pmc.size_history WHERE snapshot_id = $1
