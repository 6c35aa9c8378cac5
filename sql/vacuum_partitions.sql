-- Returns the leaf partitions, at any depth, of the partitioned table $2 (text) of schema $1 (text) that VACUUM processes (ordinary tables: a foreign-table partition is not vacuumed), as schema_name and table_name, by name; none for a table that is not partitioned. Read from pg_inherits, which takes no lock: pg_partition_tree() locks every partition, and would wait for one another session holds.
WITH RECURSIVE tree AS (
    SELECT t.oid, t.relkind
    FROM pg_class AS t
    JOIN pg_namespace AS tn ON tn.oid = t.relnamespace
    WHERE tn.nspname = $1 AND t.relname = $2 AND t.relkind = 'p'
    UNION ALL
    SELECT c.oid, c.relkind
    FROM tree
    JOIN pg_inherits AS inh ON inh.inhparent = tree.oid
    JOIN pg_class AS c ON c.oid = inh.inhrelid
    WHERE tree.relkind = 'p'
)
SELECT n.nspname::text AS schema_name,
       c.relname::text AS table_name
FROM tree
JOIN pg_class AS c ON c.oid = tree.oid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE tree.relkind = 'r'
ORDER BY 1, 2
