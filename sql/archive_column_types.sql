-- Returns the columns of store table $1 whose archive copy in $2 (when the archive exists) is
-- missing or would not hold the live values as they are: a different type, or a shorter
-- varchar (a store column changed after pmc created its archive, say session_data json → text),
-- as (column_name, live_type, archive_type: NULL when missing, statement: the ALTER TABLE that
-- makes the archive column the live type, or adds the missing one). $1 = live table, $2 = archive table (text).
SELECT a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS live_type,
       format_type(b.atttypid, b.atttypmod) AS archive_type,
       CASE WHEN b.attname IS NULL
            THEN format('ALTER TABLE %s ADD COLUMN %I %s', to_regclass($2)::text, a.attname,
                        format_type(a.atttypid, a.atttypmod))
            ELSE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::%s',
                        to_regclass($2)::text, a.attname, format_type(a.atttypid, a.atttypmod),
                        a.attname, format_type(a.atttypid, a.atttypmod))
       END AS statement
FROM pg_attribute AS a
LEFT JOIN pg_attribute AS b
       ON b.attrelid = to_regclass($2) AND b.attname = a.attname AND NOT b.attisdropped
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
  AND to_regclass($2) IS NOT NULL
  AND (b.attname IS NULL
       OR NOT (b.atttypid = a.atttypid
               AND (b.atttypmod = a.atttypmod
                    OR (a.atttypid = 'character varying'::regtype
                        AND (b.atttypmod = -1 OR b.atttypmod >= a.atttypmod)))))
ORDER BY a.attnum
