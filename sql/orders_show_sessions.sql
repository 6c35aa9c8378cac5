-- Returns the vending sessions (and archived ones) whose session_id, id, payment third id
-- (session_data payment_data.third_id or chinese_third_id) or order third id equals $1, or
-- that belong to order $2 (its order_id is $2, or its session_id is $3), as (row, archived,
-- third_ids): row is the whole session as jsonb, session_data included; third_ids (text[]) its
-- payment third ids (payment_data.third_id, chinese_third_id; each once, none of white space
-- only), read here so that a session_data
-- too deep for pmc's JSON reader still ties the session to its order.
-- $1 = the key the operator typed (text), $2 = an order id (text, NULL = none),
-- $3 = that order's session_id (text, NULL = none).
-- session_data is json: both the row and the third ids are read through json_readable.sql, so
-- that a session holding a `\u0000` escape or a number like 1e200000 or 1e400 (beyond an f64)
-- is shown, with what cannot be read as text, instead of failing the statement or the decode.
-- The derived table is named jt to be the fragment's input: each row's json text, rewritten.
SELECT q.row, q.archived,
       ARRAY(SELECT DISTINCT t
             FROM unnest(ARRAY[q.row -> 'session_data' -> 'payment_data' ->> 'third_id',
                               q.row -> 'session_data' ->> 'chinese_third_id']) AS t
             WHERE t !~ ('^' ||
                 -- include: fragments/white_space.sql
                 || '*$')) AS third_ids
FROM (
SELECT (
           -- include: fragments/json_readable.sql
       )::jsonb AS row, jt.archived
FROM (
    SELECT row_to_json(s)::text AS json_text, true AS rewrite_always, false AS archived
    FROM vending_machine_sessions AS s
    CROSS JOIN LATERAL (SELECT s.session_data::text AS json_text,
                               false AS rewrite_always) AS jt
    WHERE s.session_id = $1::text OR s.id = $1::text OR s.order_id = $2::text
       OR s.session_id = $3::text
       OR (strpos(s.session_data::text, $1::text) > 0
           AND EXISTS (SELECT 1
                       FROM (SELECT (
                                        -- include: fragments/json_readable.sql
                                    )::jsonb AS doc) AS d
                       WHERE $1::text IN (d.doc -> 'payment_data' ->> 'third_id',
                                          d.doc ->> 'chinese_third_id',
                                          d.doc ->> 'order_third_id')))
    /*[pmc_archive.vending_sessions]
    UNION ALL
    SELECT row_to_json(a)::text, true, true
    FROM pmc_archive.vending_sessions AS a
    CROSS JOIN LATERAL (SELECT a.session_data::text AS json_text,
                               false AS rewrite_always) AS jt
    WHERE a.session_id = $1::text OR a.id = $1::text OR a.order_id = $2::text
       OR a.session_id = $3::text
       OR (strpos(a.session_data::text, $1::text) > 0
           AND EXISTS (SELECT 1
                       FROM (SELECT (
                                        -- include: fragments/json_readable.sql
                                    )::jsonb AS doc) AS d
                       WHERE $1::text IN (d.doc -> 'payment_data' ->> 'third_id',
                                          d.doc ->> 'chinese_third_id',
                                          d.doc ->> 'order_third_id')))
    */
) AS jt
ORDER BY 2, 1
LIMIT 10
) AS q
ORDER BY q.archived, q.row
