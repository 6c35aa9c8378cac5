-- The foreign keys into the tables pmc deletes from, other than the ones pmc handles itself (added to the store by hand, a self-reference included): deleting a row they reference would fail, or cascade into rows no archive keeps; returns referencing (text), constraint_name (text) and referenced (text). $1 = the tables pmc deletes from (text[]), $2 = the keys pmc handles, each as `referencing(columns)>referenced` (text[], e.g. `order_images(order_id)>orders`).
SELECT k.referencing, k.constraint_name, k.referenced
FROM (
    SELECT con.conrelid::regclass::text AS referencing,
           con.conname::text AS constraint_name,
           con.confrelid::regclass::text AS referenced,
           con.conrelid::regclass::text || '('
               || (SELECT string_agg(a.attname::text, ',' ORDER BY u.ord)
                   FROM unnest(con.conkey) WITH ORDINALITY AS u (attnum, ord)
                   JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = u.attnum)
               || ')>' || con.confrelid::regclass::text AS key
    FROM pg_constraint AS con
    WHERE con.contype = 'f'
      AND con.confrelid IN (SELECT to_regclass(t) FROM unnest($1::text[]) AS t)
) AS k
WHERE k.key <> ALL ($2::text[])
ORDER BY 1, 2
