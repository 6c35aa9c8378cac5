-- Returns every user table (ordinary, partitioned, materialized view) found in pg_catalog with its
-- total, index and TOAST bytes and the planner's row estimate (NULL before the first ANALYZE),
-- largest first; $1 = schema name, or NULL for every user schema. The three sizes are NULL (and
-- the table last) while another session holds or awaits an ACCESS EXCLUSIVE lock on the table,
-- its indexes or its TOAST table: measuring it would wait behind that lock.
SELECT n.nspname::text                                               AS schema_name,
       c.relname::text                                               AS table_name,
       CASE WHEN NOT x.locked THEN pg_total_relation_size(c.oid) END AS total_bytes,
       CASE WHEN NOT x.locked THEN pg_indexes_size(c.oid) END        AS index_bytes,
       CASE WHEN NOT x.locked
            THEN COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) END AS toast_bytes,
       CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS estimated_rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (SELECT (
    -- include: fragments/exclusively_locked.sql
) AS locked) AS x
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND ($1::text IS NULL OR n.nspname = $1)
ORDER BY total_bytes DESC NULLS LAST, schema_name, table_name
