-- Describes vending_machine_sessions for a cleanup run; returns no row when the table does not exist, else one row: blocks (bigint, its size in blocks), estimated_rows (float8, the planner's estimate, -1 before the first ANALYZE), session_data_type (text, e.g. json), unknown_columns (text[], columns pmc does not copy into the archive) and now (timestamptz, the server's clock). $1 = the column names pmc knows (text[]).
SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint AS blocks,
       c.reltuples::float8 AS estimated_rows,
       (SELECT format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute AS a
        WHERE a.attrelid = c.oid AND a.attname = 'session_data' AND NOT a.attisdropped)
           AS session_data_type,
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum)
                 FROM pg_attribute AS a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   AND a.attname <> ALL ($1::text[])), '{}') AS unknown_columns,
       now() AS now
FROM pg_class AS c
WHERE c.oid = to_regclass('vending_machine_sessions')
