-- Returns the indexes the store lacks: foreign keys (of tables other than temporary ones) without a valid index on their leading columns, and the store's known hot filters ($1 tables, $2 columns, $3 reasons: parallel text arrays, schema public) without one; each with the index's name (index_name), a CREATE INDEX CONCURRENTLY statement built from catalog names (statement), and, when an invalid index of that name is in the way (the leftover of an interrupted build, which IF NOT EXISTS would take for the index), the DROP INDEX CONCURRENTLY statement that clears it (replaces, else NULL).
WITH fk AS (
    SELECT c.conrelid AS relid, n.nspname, t.relname, c.conkey AS attnums,
           array_agg(a.attname::text ORDER BY k.ord) AS columns,
           'unindexed foreign key to ' || c.confrelid::regclass::text AS reason
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
    WHERE c.contype = 'f'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      -- Other sessions' temporary tables: no other session can build an index on them.
      AND t.relpersistence <> 't'
      -- A partitioned parent: PostgreSQL refuses CREATE INDEX CONCURRENTLY on it, and each
      -- partition carries the key too and is listed itself.
      AND t.relkind <> 'p'
    GROUP BY c.oid, c.conrelid, c.confrelid, n.nspname, t.relname, c.conkey
),
hot AS (
    SELECT t.oid AS relid, n.nspname, t.relname, ARRAY[a.attnum] AS attnums,
           ARRAY[a.attname::text] AS columns, w.reason
    FROM unnest($1::text[], $2::text[], $3::text[]) AS w(table_name, column_name, reason)
    JOIN pg_namespace n ON n.nspname = 'public'
    JOIN pg_class t ON t.relnamespace = n.oid AND t.relname = w.table_name AND t.relkind = 'r'
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = w.column_name AND NOT a.attisdropped
),
wanted AS (
    SELECT * FROM fk
    UNION ALL
    SELECT * FROM hot
)
SELECT DISTINCT ON (w.relid, w.attnums)
       w.nspname::text AS schema_name,
       w.relname::text AS table_name,
       w.columns,
       w.reason,
       x.index_name,
       format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I.%I (%s)',
              x.index_name, w.nspname, w.relname,
              (SELECT string_agg(quote_ident(col), ', ') FROM unnest(w.columns) AS col)) AS statement,
       (SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', w.nspname, x.index_name)
        FROM pg_class AS ic
        JOIN pg_index AS ii ON ii.indexrelid = ic.oid
        WHERE ic.relname = x.index_name
          AND ic.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = w.nspname)
          AND NOT ii.indisvalid) AS replaces
FROM wanted w
CROSS JOIN LATERAL (
    SELECT left('pmc_' || w.relname || '_' || array_to_string(w.columns, '_') || '_idx', 63)::text
        AS index_name
) AS x
WHERE NOT EXISTS (
    SELECT 1
    FROM pg_index i
    WHERE i.indrelid = w.relid
      AND i.indisvalid
      AND i.indpred IS NULL
      AND (SELECT array_agg(key ORDER BY pos)
           FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS u(key, pos)
           WHERE pos <= cardinality(w.attnums)) = w.attnums::int2[]
)
ORDER BY w.relid, w.attnums, w.reason
