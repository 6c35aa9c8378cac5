-- Returns the indexes the store lacks: foreign keys (of tables other than temporary ones) without a valid index on their leading columns (in any order: an index on (b, a) serves a key (a, b), whose lookups bind both), and the store's known hot filters ($1 tables, $2 columns, $3 reasons: parallel text arrays, schema public) without one; each with the index's name (index_name), a CREATE INDEX CONCURRENTLY statement built from catalog names (statement), and, when an invalid index of that name on that table is in the way (the leftover of an interrupted build, which IF NOT EXISTS would take for the index), the DROP INDEX CONCURRENTLY statement that clears it (replaces, else NULL).
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
),
-- One row per wanted index, with the plain name pmc_<table>_<columns>_idx.
missing AS (
    SELECT DISTINCT ON (w.relid, w.attnums)
           w.*, 'pmc_' || w.relname || '_' || array_to_string(w.columns, '_') AS stem,
           'pmc_' || w.relname || '_' || array_to_string(w.columns, '_') || '_idx' AS plain
    FROM wanted w
    WHERE NOT EXISTS (
        SELECT 1
        FROM pg_index i
        -- A B-tree, whose leading key columns serve the equality lookups: not BRIN or GIN,
        -- and not columns an INCLUDE only carries along.
        JOIN pg_class AS ic ON ic.oid = i.indexrelid
        JOIN pg_am AS am ON am.oid = ic.relam AND am.amname = 'btree'
        WHERE i.indrelid = w.relid
          AND i.indisvalid
          AND i.indpred IS NULL
          AND i.indnkeyatts >= cardinality(w.attnums)
          AND (SELECT array_agg(key ORDER BY key)
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS u(key, pos)
               WHERE pos <= cardinality(w.attnums))
              = (SELECT array_agg(k ORDER BY k) FROM unnest(w.attnums::int2[]) AS k)
    )
    ORDER BY w.relid, w.attnums, w.reason
),
-- The plain name, unless it is cut to PostgreSQL's 63 bytes, another wanted index has it
-- (x_y (z) and x (y_z) are both pmc_x_y_z_idx), or a relation other than an invalid leftover
-- of this very index has it: then a name with a hash of the table and columns, so that IF NOT
-- EXISTS never takes another index for this one.
named AS (
    SELECT m.*,
           CASE WHEN octet_length(m.plain) <= 63
                     AND count(*) OVER (PARTITION BY m.nspname, m.plain) = 1
                     AND NOT EXISTS (
                         SELECT 1
                         FROM pg_class AS c
                         LEFT JOIN pg_index AS i ON i.indexrelid = c.oid
                         WHERE c.relname = m.plain
                           AND c.relnamespace = (SELECT oid FROM pg_namespace
                                                 WHERE nspname = m.nspname)
                           AND NOT (i.indrelid IS NOT DISTINCT FROM m.relid
                                    AND NOT i.indisvalid))
                THEN m.plain
                -- At most 49 bytes of the plain name, cut between characters, + 13.
                ELSE (SELECT left(m.stem, max(k)) FROM generate_series(0, 49) AS k
                      WHERE octet_length(left(m.stem, k)) <= 49)
                     || '_' || left(md5(m.nspname || '.' || m.relname || '('
                                        || array_to_string(m.columns, ',') || ')'), 8)
                     || '_idx'
           END AS index_name
    FROM missing AS m
)
SELECT x.nspname::text AS schema_name,
       x.relname::text AS table_name,
       x.columns,
       x.reason,
       x.index_name,
       format('CREATE INDEX CONCURRENTLY IF NOT EXISTS %I ON %I.%I (%s)',
              x.index_name, x.nspname, x.relname,
              (SELECT string_agg(quote_ident(col), ', ') FROM unnest(x.columns) AS col)) AS statement,
       (SELECT format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', x.nspname, x.index_name)
        FROM pg_class AS ic
        JOIN pg_index AS ii ON ii.indexrelid = ic.oid
        WHERE ic.relname = x.index_name
          AND ic.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = x.nspname)
          AND ii.indrelid = x.relid
          AND NOT ii.indisvalid) AS replaces
FROM named AS x
ORDER BY x.relid, x.attnums, x.reason
