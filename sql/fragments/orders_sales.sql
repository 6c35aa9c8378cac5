-- Fragment: the CTEs that make one row per sale, every order and every vending session holding
-- a sale (after sources). Included by orders_list.sql and orders_stats.sql.
-- session_data is json text: parse it only for sessions that can hold a sale (a cheap status
-- test, or the key names appearing in the text), not for the many abandoned ones, and only
-- once per row (OFFSET 0 keeps the planner from copying the parse into every use of doc).
-- The parse goes through json_readable.sql: one session holding what jsonb cannot (a `\u0000`
-- escape, a number like 1e200000) would otherwise fail the whole statement.
-- One strpos per quoted key name rather than one regular expression over them all: 0.97 s
-- against 1.2 s for `orders list` over 120,000 sessions (the expression scans each text with
-- PostgreSQL's regex engine; strpos skips ahead).
parsed AS (
    SELECT p.id, p.session_id, p.machine_id, p.status, p.order_id, p.payment_method,
           p.payment_confirmed_at, p.created_at, p.archived_at,
           p.doc ?| ARRAY['payment_data', 'chinese_payment_id', 'chinese_order_response',
                          'order_third_id'] AS sale_keys,
           p.doc ? 'chinese_order_response' AS order_submitted,
           coalesce(p.doc -> 'payment_data' ->> 'third_id', p.doc ->> 'chinese_third_id')
               AS third_id,
           -- Both payment third ids, each only when it holds more than white space: the one an
           -- order holds ties the session to that order, whichever key carries it.
           CASE WHEN p.doc -> 'payment_data' ->> 'third_id' !~ ('^' ||
               -- include: fragments/white_space.sql
               || '*$')
                THEN p.doc -> 'payment_data' ->> 'third_id' END AS pay_third_id,
           CASE WHEN p.doc ->> 'chinese_third_id' !~ ('^' ||
               -- include: fragments/white_space.sql
               || '*$')
                THEN p.doc ->> 'chinese_third_id' END AS chinese_third_id,
           -- include: fragments/vending_amount.sql
               AS amount,
           coalesce(p.payment_amount IS NOT NULL
                    OR jsonb_typeof(p.doc -> 'payment_amount') <> 'null'
                    OR jsonb_typeof(p.doc -> 'payment_data' -> 'amount') <> 'null', false)
               AS amount_given,
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
                         OR strpos(s.json_text, '"payment_data"') > 0
                         OR strpos(s.json_text, '"chinese_payment_id"') > 0
                         OR strpos(s.json_text, '"chinese_order_response"') > 0
                         OR strpos(s.json_text, '"order_third_id"') > 0
                         OR strpos(s.json_text, '"chinese_third_id"') > 0
                    THEN (
                        -- include: fragments/json_readable.sql
                    )::jsonb END AS doc
        -- The json as text once per row (OFFSET 0): each `session_data::text` is a copy.
        FROM (SELECT s.*, s.session_data::text AS json_text FROM sessions_all AS s OFFSET 0) AS s
        CROSS JOIN LATERAL (SELECT s.json_text, false AS rewrite_always) AS jt
        OFFSET 0
    ) AS p
),
-- A session holds a sale when it reached payment (store-facts 7 and 9.1; `expired` does not
-- mean unpaid). One an order references is that order's sale and is not listed twice; so is
-- one whose third id is an order's third_party_payment_id (the placeholder order the store makes
-- for a payStatus 3 that found no live session, store-facts 3.7: the same payment).
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
      AND NOT coalesce(p.pay_third_id IN (SELECT o.third_party_payment_id FROM orders_all AS o
                                          WHERE o.third_party_payment_id IS NOT NULL), false)
      AND NOT coalesce(p.chinese_third_id IN (SELECT o.third_party_payment_id
                                              FROM orders_all AS o
                                              WHERE o.third_party_payment_id IS NOT NULL), false)
),
-- One row per sale: every order, and every session holding a sale (kind vending).
-- Amounts in pence, NULL when unknown; amount_unreadable tells an amount the store holds but
-- that is no amount (a vending one outside 0 to 500 pounds) from none at all.
-- orders.total_amount is numeric(10,2): in pence it always fits a bigint.
-- The machine of the sessions an order stands for, for an order without a machine_id of its
-- own (the store writes placeholder orders without one): by session_id, order_id or the
-- payment's third id, each an equi-join the planner can hash.
order_machines AS (
    SELECT u.id, min(u.machine_id) AS machine_id
    FROM (SELECT o.id, p.machine_id FROM orders_all AS o
          JOIN parsed AS p ON p.session_id = o.session_id
          WHERE o.machine_id IS NULL
          UNION ALL
          SELECT o.id, p.machine_id FROM orders_all AS o
          JOIN parsed AS p ON p.order_id = o.id
          WHERE o.machine_id IS NULL AND p.order_id IS NOT NULL
          UNION ALL
          SELECT o.id, p.machine_id FROM orders_all AS o
          JOIN parsed AS p ON p.pay_third_id = o.third_party_payment_id
          WHERE o.machine_id IS NULL
          UNION ALL
          SELECT o.id, p.machine_id FROM orders_all AS o
          JOIN parsed AS p ON p.chinese_third_id = o.third_party_payment_id
          WHERE o.machine_id IS NULL) AS u
    GROUP BY u.id
),
sales AS (
    SELECT o.kind, 'order' AS source, o.id, o.order_number, o.status,
           o.payment_status AS payment,
           round(o.total_amount * 100)::bigint AS amount_pence, false AS amount_unreadable,
           o.currency,
           o.template_id AS template, pm.display_name AS model,
           coalesce(o.machine_id, om.machine_id) AS machine_id, o.created_at,
           o.third_party_payment_id AS third_id, o.chinese_payment_id, o.chinese_order_id,
           NULL::text AS order_third_id, o.archived_at IS NOT NULL AS archived
    FROM orders_all AS o
    LEFT JOIN phone_models AS pm ON pm.id = o.model_id
    LEFT JOIN order_machines AS om ON o.machine_id IS NULL AND om.id = o.id
    UNION ALL
    SELECT 'vending', 'session', s.session_id, NULL, s.status,
           CASE WHEN s.payment_confirmed_at IS NOT NULL OR s.status = 'payment_completed'
                     OR s.order_submitted THEN 'paid'
                WHEN s.status = 'payment_failed' THEN 'failed'
                ELSE 'pending' END,
           round(s.amount * 100)::bigint, s.amount IS NULL AND s.amount_given, s.currency,
           s.template, s.model, s.machine_id, s.created_at, s.third_id, s.chinese_payment_id,
           s.chinese_order_id, s.order_third_id, s.archived_at IS NOT NULL
    FROM sale_sessions AS s
)
