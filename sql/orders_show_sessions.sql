-- Returns the vending sessions (and archived ones) whose session_id, id, payment third id
-- (session_data payment_data.third_id or chinese_third_id) or order third id equals $1, or
-- that belong to order $2 (its order_id is $2, or its session_id is $3), as (row, archived):
-- row is the whole session as jsonb, session_data included.
-- $1 = the key the operator typed (text), $2 = an order id (text, NULL = none),
-- $3 = that order's session_id (text, NULL = none).
SELECT to_jsonb(s) AS row, false AS archived
FROM vending_machine_sessions AS s
WHERE s.session_id = $1::text OR s.id = $1::text OR s.order_id = $2::text
   OR s.session_id = $3::text
   OR (strpos(s.session_data::text, $1::text) > 0
       AND $1::text IN (s.session_data -> 'payment_data' ->> 'third_id',
                        s.session_data ->> 'chinese_third_id',
                        s.session_data ->> 'order_third_id'))
/*[pmc_archive.vending_sessions]
UNION ALL
SELECT to_jsonb(a), true
FROM pmc_archive.vending_sessions AS a
WHERE a.session_id = $1::text OR a.id = $1::text OR a.order_id = $2::text
   OR a.session_id = $3::text
   OR (strpos(a.session_data::text, $1::text) > 0
       AND $1::text IN (a.session_data -> 'payment_data' ->> 'third_id',
                        a.session_data ->> 'chinese_third_id',
                        a.session_data ->> 'order_third_id'))
*/
ORDER BY 2, 1
LIMIT 10
