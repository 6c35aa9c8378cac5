-- Returns whether index $2 (text, its name) of schema $1 (text) exists on table $3 (text, of that schema) with the key columns $4 (text[], in order) and is valid, that is, usable by queries: valid (boolean). An index of that name on another table or other columns is not the one pmc built (valid is false).
SELECT coalesce((SELECT i.indisvalid
                 FROM pg_index AS i
                 JOIN pg_class AS c ON c.oid = i.indexrelid
                 JOIN pg_namespace AS n ON n.oid = c.relnamespace
                 JOIN pg_class AS t ON t.oid = i.indrelid
                 WHERE n.nspname = $1 AND c.relname = $2 AND t.relname = $3
                   AND t.relnamespace = n.oid
                   AND i.indnkeyatts = cardinality($4::text[])
                   AND (SELECT array_agg(a.attname::text ORDER BY u.pos)
                        FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS u (key, pos)
                        JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = u.key
                        WHERE u.pos <= i.indnkeyatts) = $4::text[]), false) AS valid
