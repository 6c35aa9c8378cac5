-- Returns the invalid indexes of table $2 (text) in schema $1 (text), of its partitions (at any depth) and of their TOAST tables that bear the names REINDEX ... CONCURRENTLY gives its transient indexes (`<index>_ccnew` or `_ccold`, with a number when the name is taken), so that an index another session is building meanwhile under its own name is never taken for one: index_oid (bigint), schema_name, index_name, and statement, the DROP INDEX CONCURRENTLY IF EXISTS that removes it.
WITH RECURSIVE tree AS (
    SELECT t.oid
    FROM pg_class AS t
    JOIN pg_namespace AS tn ON tn.oid = t.relnamespace
    WHERE tn.nspname = $1 AND t.relname = $2
    UNION ALL
    -- A partitioned table's REINDEX rebuilds its partitions' indexes, and leaves theirs.
    SELECT inh.inhrelid
    FROM tree
    JOIN pg_inherits AS inh ON inh.inhparent = tree.oid
    JOIN pg_class AS parent ON parent.oid = inh.inhparent AND parent.relkind = 'p'
)
SELECT ic.oid::bigint AS index_oid,
       n.nspname::text AS schema_name,
       ic.relname::text AS index_name,
       format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, ic.relname) AS statement
FROM tree
JOIN pg_class AS t ON t.oid = tree.oid
JOIN pg_index AS i ON i.indrelid = t.oid OR (t.reltoastrelid <> 0 AND i.indrelid = t.reltoastrelid)
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_namespace AS n ON n.oid = ic.relnamespace
WHERE NOT i.indisvalid
  AND ic.relname ~ '_cc(new|old)[0-9]*$'
ORDER BY n.nspname, ic.relname
