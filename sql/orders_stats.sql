-- Returns the sales created in [$1, $2) aggregated four ways, one row per group, as
-- (dimension, day, kind, template, model, status, sales, paid, revenue_pence):
-- dimension `day` (per UTC day and kind), `template`, `model`, `status` (per kind and status).
-- A sale is paid when its payment is `paid`; revenue sums the paid sales' amounts in pence.
-- $1 = from (timestamptz, inclusive), $2 = to (timestamptz, exclusive).
WITH
-- sources: begin (identical in every orders_*.sql statement that has it; a unit test checks)
-- The vending sessions and, when pmc_archive.vending_sessions exists and is readable, the
-- archived ones: pmc enables the commented branch then (see src/orders/sources.rs). Not
-- materialized, so that each use reads only the columns and rows it needs.
sessions_all AS NOT MATERIALIZED (
    SELECT s.id, s.session_id, s.machine_id, s.status, s.order_id, s.payment_method,
           s.payment_amount, s.payment_confirmed_at, s.last_activity, s.created_at,
           s.session_data, NULL::timestamptz AS archived_at
    FROM vending_machine_sessions AS s
    /*[pmc_archive.vending_sessions]
    UNION ALL
    SELECT a.id, a.session_id, a.machine_id, a.status, a.order_id, a.payment_method,
           a.payment_amount, a.payment_confirmed_at, a.last_activity, a.created_at,
           a.session_data, a.archived_at
    FROM pmc_archive.vending_sessions AS a
    */
),
-- The orders and the archived orders likewise. kind: `vending` for an order that carries a
-- vending session id (made by /api/orders/create) or that a session points at, else `stripe`.
orders_all AS NOT MATERIALIZED (
    SELECT u.*,
           CASE WHEN u.session_id IS NOT NULL
                     OR u.id IN (SELECT s.order_id FROM sessions_all AS s
                                 WHERE s.order_id IS NOT NULL)
                THEN 'vending' ELSE 'stripe' END AS kind
    FROM (
        SELECT o.id, o.session_id, o.order_number, o.status, o.payment_status, o.total_amount,
               o.currency, o.template_id, o.model_id, o.machine_id, o.stripe_session_id,
               o.paid_at, o.queue_number, o.third_party_payment_id, o.chinese_payment_id,
               o.chinese_order_id, o.created_at, o.updated_at, NULL::timestamptz AS archived_at
        FROM orders AS o
        /*[pmc_archive.orders]
        UNION ALL
        SELECT a.id, a.session_id, a.order_number, a.status, a.payment_status, a.total_amount,
               a.currency, a.template_id, a.model_id, a.machine_id, a.stripe_session_id,
               a.paid_at, a.queue_number, a.third_party_payment_id, a.chinese_payment_id,
               a.chinese_order_id, a.created_at, a.updated_at, a.archived_at
        FROM pmc_archive.orders AS a
        */
    ) AS u
),
-- sources: end
-- sales: begin (identical in orders_list.sql and orders_stats.sql; a unit test checks)
-- session_data is json text: parse it only for sessions that can hold a sale (a cheap status
-- test, or the key names appearing in the text), not for the many abandoned ones, and only
-- once per row (OFFSET 0 keeps the planner from copying the parse into every use of doc).
parsed AS (
    SELECT p.id, p.session_id, p.machine_id, p.status, p.order_id, p.payment_method,
           p.payment_amount, p.payment_confirmed_at, p.created_at, p.archived_at,
           p.doc ?| ARRAY['payment_data', 'chinese_payment_id', 'chinese_order_response',
                          'order_third_id'] AS sale_keys,
           p.doc ? 'chinese_order_response' AS order_submitted,
           coalesce(p.doc -> 'payment_data' ->> 'third_id', p.doc ->> 'chinese_third_id')
               AS third_id,
           CASE WHEN jsonb_typeof(p.doc -> 'payment_amount') = 'number'
                    THEN (p.doc ->> 'payment_amount')::numeric
                WHEN jsonb_typeof(p.doc -> 'payment_data' -> 'amount') = 'number'
                    THEN (p.doc -> 'payment_data' ->> 'amount')::numeric END AS data_amount,
           coalesce(p.doc ->> 'currency', 'GBP') AS currency,
           p.doc -> 'order_summary' ->> 'template' AS template,
           p.doc -> 'order_summary' ->> 'model' AS model,
           p.doc ->> 'chinese_payment_id' AS chinese_payment_id,
           p.doc -> 'chinese_order_response' -> 'data' ->> 'id' AS chinese_order_id,
           p.doc ->> 'order_third_id' AS order_third_id
    FROM (
        SELECT s.*,
               CASE WHEN s.status IN ('payment_completed', 'payment_pending')
                         OR s.payment_confirmed_at IS NOT NULL OR s.payment_method IS NOT NULL
                         OR s.session_data::text ~ ('"(payment_data|chinese_payment_id|'
                             'chinese_order_response|order_third_id|chinese_third_id)"')
                    THEN s.session_data::jsonb END AS doc
        FROM sessions_all AS s
        OFFSET 0
    ) AS p
),
-- A session holds a sale when it reached payment (store-facts 7 and 9.1; `expired` does not
-- mean unpaid). One an order references is that order's sale and is not listed twice.
sale_sessions AS (
    SELECT p.*
    FROM parsed AS p
    WHERE (p.status IN ('payment_completed', 'payment_pending')
           OR p.payment_confirmed_at IS NOT NULL
           OR p.payment_method IS NOT NULL
           OR p.sale_keys
           OR p.third_id IN (SELECT pm.third_id FROM payment_mappings AS pm))
      AND NOT (p.order_id IS NOT NULL
               AND p.order_id IN (SELECT o.id FROM orders_all AS o))
      AND p.session_id NOT IN (SELECT o.session_id FROM orders_all AS o
                               WHERE o.session_id IS NOT NULL)
),
-- One row per sale: every order, and every session holding a sale (kind vending).
-- Amounts in pence; a vending amount is the session's column, else session_data's numbers.
sales AS (
    SELECT o.kind, 'order' AS source, o.id, o.order_number, o.status,
           o.payment_status AS payment,
           round(o.total_amount * 100)::bigint AS amount_pence, o.currency,
           o.template_id AS template, pm.display_name AS model, o.machine_id, o.created_at,
           o.third_party_payment_id AS third_id, o.chinese_payment_id, o.chinese_order_id,
           NULL::text AS order_third_id, o.archived_at IS NOT NULL AS archived
    FROM orders_all AS o
    LEFT JOIN phone_models AS pm ON pm.id = o.model_id
    UNION ALL
    SELECT 'vending', 'session', s.session_id, NULL, s.status,
           CASE WHEN s.payment_confirmed_at IS NOT NULL OR s.status = 'payment_completed'
                     OR s.order_submitted THEN 'paid'
                WHEN s.status = 'payment_failed' THEN 'failed'
                ELSE 'pending' END,
           round(coalesce(s.payment_amount, s.data_amount) * 100)::bigint, s.currency,
           s.template, s.model, s.machine_id, s.created_at, s.third_id, s.chinese_payment_id,
           s.chinese_order_id, s.order_third_id, s.archived_at IS NOT NULL
    FROM sale_sessions AS s
),
-- sales: end
period AS (
    SELECT s.kind, (s.created_at AT TIME ZONE 'UTC')::date AS day, s.status,
           s.payment = 'paid' AS paid, coalesce(s.amount_pence, 0) AS amount_pence,
           s.template, s.model
    FROM sales AS s
    WHERE s.created_at >= $1::timestamptz AND s.created_at < $2::timestamptz
)
SELECT CASE WHEN GROUPING(p.day) = 0 THEN 'day'
            WHEN GROUPING(p.template) = 0 THEN 'template'
            WHEN GROUPING(p.model) = 0 THEN 'model'
            ELSE 'status' END AS dimension,
       p.day, p.kind, p.template, p.model, p.status,
       count(*) AS sales,
       count(*) FILTER (WHERE p.paid) AS paid,
       coalesce(sum(p.amount_pence) FILTER (WHERE p.paid), 0)::bigint AS revenue_pence
FROM period AS p
GROUP BY GROUPING SETS ((p.day, p.kind), (p.template), (p.model), (p.kind, p.status))
ORDER BY 1, 2, 3, 4, 5, 6
