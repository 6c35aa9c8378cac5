-- Returns the sales (orders, archived orders, vending sessions holding a sale, archived ones)
-- that match the filters, newest first, as (kind, source, id, order_number, status, payment,
-- amount_pence, currency, template, model, machine_id, created_at, third_id,
-- chinese_payment_id, chinese_order_id, order_third_id, archived, total_matching).
-- $1 = statuses (text[], NULL = any), $2 = payment statuses (text[], NULL = any),
-- $3 = created before (timestamptz, NULL = no bound), $4 = created at or after (timestamptz,
-- NULL = no bound), $5 = machine id (text, NULL = any), $6 = kind `stripe` | `vending`
-- (text, NULL = both), $7 = limit (bigint).
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
matching AS (
    SELECT s.*
    FROM sales AS s
    WHERE ($1::text[] IS NULL OR s.status = ANY ($1::text[]))
      AND ($2::text[] IS NULL OR s.payment = ANY ($2::text[]))
      AND ($3::timestamptz IS NULL OR s.created_at < $3::timestamptz)
      AND ($4::timestamptz IS NULL OR s.created_at >= $4::timestamptz)
      AND ($5::text IS NULL OR s.machine_id = $5::text)
      AND ($6::text IS NULL OR s.kind = $6::text)
)
SELECT m.kind, m.source, m.id, m.order_number, m.status, m.payment, m.amount_pence, m.currency,
       m.template, m.model, m.machine_id, m.created_at, m.third_id, m.chinese_payment_id,
       m.chinese_order_id, m.order_third_id, m.archived, count(*) OVER () AS total_matching
FROM matching AS m
ORDER BY m.created_at DESC, m.id
LIMIT $7::bigint
