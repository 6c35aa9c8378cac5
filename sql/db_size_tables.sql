-- Returns every user table (ordinary, partitioned, materialized view) found in pg_catalog with its
-- total, index and TOAST bytes and the planner's row estimate (NULL before the first ANALYZE),
-- largest first; $1 = schema name, or NULL for every user schema.
SELECT n.nspname::text                                               AS schema_name,
       c.relname::text                                               AS table_name,
       pg_total_relation_size(c.oid)                                 AS total_bytes,
       pg_indexes_size(c.oid)                                        AS index_bytes,
       COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast_bytes,
       CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS estimated_rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND ($1::text IS NULL OR n.nspname = $1)
ORDER BY total_bytes DESC, schema_name, table_name
