-- Returns (schema, table) of every table whose rows pg_dump saves: ordinary tables and leaf
-- partitions in user schemas, without temporary tables and extension members. No parameters.
-- A backup counts these rows into its manifest, and a restore's validation counts the same
-- tables, so that the two compare (a partitioned parent is counted through its partitions).
SELECT n.nspname::text AS schema, c.relname::text AS table
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (
      SELECT 1 FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 1, 2
