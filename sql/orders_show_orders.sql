-- Returns the orders (and archived orders) whose id, order_number, session_id or
-- third_party_payment_id equals $1, or whose id equals $2, as (row, archived, template_name,
-- model_name, brand_name): row is the whole order as jsonb (every column the live table
-- has), archived tells whether it came from pmc_archive.orders.
-- $1 = the key the operator typed (text), $2 = an order id a vending session points at
-- (text, NULL = none).
-- The row is read through json_readable.sql as in orders_show_sessions.sql: user_data is json
-- and may hold what jsonb or an f64 cannot. The derived table jt is the fragment's input.
SELECT (
           -- include: fragments/json_readable.sql
       )::jsonb AS row, jt.archived, jt.template_name, jt.model_name, jt.brand_name
FROM (
    SELECT row_to_json(o)::text AS json_text, true AS rewrite_always, false AS archived,
           t.name AS template_name, pm.display_name AS model_name, b.name AS brand_name
    FROM orders AS o
    LEFT JOIN templates AS t ON t.id = o.template_id
    LEFT JOIN phone_models AS pm ON pm.id = o.model_id
    LEFT JOIN brands AS b ON b.id = o.brand_id
    WHERE o.id = $1::text OR o.order_number = $1::text OR o.session_id = $1::text
       OR o.third_party_payment_id = $1::text OR o.id = $2::text
    /*[pmc_archive.orders]
    UNION ALL
    SELECT row_to_json(a)::text, true, true, t.name, pm.display_name, b.name
    FROM pmc_archive.orders AS a
    LEFT JOIN templates AS t ON t.id = a.template_id
    LEFT JOIN phone_models AS pm ON pm.id = a.model_id
    LEFT JOIN brands AS b ON b.id = a.brand_id
    WHERE a.id = $1::text OR a.order_number = $1::text OR a.session_id = $1::text
       OR a.third_party_payment_id = $1::text OR a.id = $2::text
    */
) AS jt
ORDER BY 2, 1
LIMIT 10
