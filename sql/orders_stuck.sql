-- Returns the orders and vending sessions past an SLA for their state, oldest first within
-- each category, as (category, kind, id, order_number, status, since, amount_pence,
-- machine_id, stripe_session_id, third_id, chinese_order_id, queue_number, archived, currency):
-- `unconfirmed_checkout`: pending_payment with a Stripe checkout, created before $1;
-- `paid_not_sent`: status paid without a factory order id, paid before $2;
-- (an id that is empty or white space only is none: the status endpoints store what they are
-- sent);
-- `no_factory_progress`: sent_to_chinese, last changed before $3;
-- `vending_payment_pending`: a session in payment_pending (not archived, and not one whose third
-- id an order holds: the store made that placeholder order because payStatus 3 came), last
-- active before $4.
-- `since` is the instant the age is measured from. An order without a machine_id of its own
-- (the store writes placeholder orders without one) takes that of a session it stands for, as
-- in orders_sales.sql. $1..$4 are timestamptz cut-offs.
WITH
-- include: fragments/orders_sources.sql
,
stuck AS (
SELECT 'unconfirmed_checkout' AS category,
       o.kind,
       o.id, o.order_number, o.status, o.created_at AS since,
       round(o.total_amount * 100)::bigint AS amount_pence, o.machine_id, o.stripe_session_id,
       o.third_party_payment_id AS third_id, o.chinese_order_id, o.queue_number,
       o.archived_at IS NOT NULL AS archived, o.currency, o.session_id AS order_session_id
FROM orders_all AS o
WHERE o.status = 'pending_payment'
  AND o.stripe_session_id !~ ('^' ||
      -- include: fragments/white_space.sql
      || '*$')
  AND o.created_at < $1::timestamptz
UNION ALL
SELECT 'paid_not_sent', o.kind,
       o.id, o.order_number, o.status, coalesce(o.paid_at, o.created_at),
       round(o.total_amount * 100)::bigint, o.machine_id, o.stripe_session_id,
       o.third_party_payment_id, o.chinese_order_id, o.queue_number, o.archived_at IS NOT NULL,
       o.currency, o.session_id
FROM orders_all AS o
WHERE o.status = 'paid'
  AND coalesce(o.chinese_order_id ~ ('^' ||
      -- include: fragments/white_space.sql
      || '*$'), true)
  AND coalesce(o.paid_at, o.created_at) < $2::timestamptz
UNION ALL
SELECT 'no_factory_progress', o.kind,
       o.id, o.order_number, o.status, coalesce(o.updated_at, o.paid_at, o.created_at),
       round(o.total_amount * 100)::bigint, o.machine_id, o.stripe_session_id,
       o.third_party_payment_id, o.chinese_order_id, o.queue_number, o.archived_at IS NOT NULL,
       o.currency, o.session_id
FROM orders_all AS o
WHERE o.status = 'sent_to_chinese'
  AND coalesce(o.updated_at, o.paid_at, o.created_at) < $3::timestamptz
UNION ALL
SELECT 'vending_payment_pending', 'vending', p.session_id, NULL, p.status,
       coalesce(p.last_activity, p.created_at),
       round((
                 -- include: fragments/vending_amount.sql
             ) * 100)::bigint,
       p.machine_id, NULL,
       coalesce(p.doc -> 'payment_data' ->> 'third_id', p.doc ->> 'chinese_third_id'),
       NULL, p.doc ->> 'queue_number', p.archived_at IS NOT NULL,
       coalesce(p.doc ->> 'currency', 'GBP'), NULL
-- session_data parsed once per session, through json_readable.sql as in orders_sales.sql: the
-- json operators would fail the whole check on one session holding a `\u0000` escape or a
-- number like 1e200000, and `orders stuck` is the monitoring check (exit 3 then).
FROM (SELECT s.session_id, s.status, s.last_activity, s.created_at, s.payment_amount,
             s.machine_id, s.archived_at,
             (
                 -- include: fragments/json_readable.sql
             )::jsonb AS doc
      FROM sessions_all AS s
      CROSS JOIN LATERAL (SELECT s.session_data::text AS json_text,
                                 false AS rewrite_always) AS jt
      WHERE s.status = 'payment_pending'
        -- Not an archived one: the store matches a late payStatus only in the hot table, so
        -- nothing can complete it any more, and it would keep the check at warning for ever.
        AND s.archived_at IS NULL
        AND coalesce(s.last_activity, s.created_at) < $4::timestamptz
      OFFSET 0) AS p
-- Either third id (not one of white space only) that an order holds makes it that order's.
WHERE NOT coalesce(CASE WHEN p.doc -> 'payment_data' ->> 'third_id' !~ ('^' ||
    -- include: fragments/white_space.sql
    || '*$')
                        THEN p.doc -> 'payment_data' ->> 'third_id' END
                   IN (SELECT o.third_party_payment_id FROM orders_all AS o
                       WHERE o.third_party_payment_id IS NOT NULL), false)
  AND NOT coalesce(CASE WHEN p.doc ->> 'chinese_third_id' !~ ('^' ||
      -- include: fragments/white_space.sql
      || '*$')
                        THEN p.doc ->> 'chinese_third_id' END
                   IN (SELECT o.third_party_payment_id FROM orders_all AS o
                       WHERE o.third_party_payment_id IS NOT NULL), false)
),
-- Orders that need a machine: vending ones without their own (rare but for placeholders).
need AS MATERIALIZED (
    SELECT st.id, st.order_session_id, st.third_id
    FROM stuck AS st
    WHERE st.machine_id IS NULL AND st.kind = 'vending'
      AND st.category <> 'vending_payment_pending'
),
-- By session_id or order_id: equi-joins the planner can hash.
by_link AS MATERIALIZED (
    SELECT n.id, s.machine_id FROM need AS n JOIN sessions_all AS s
        ON s.session_id = n.order_session_id
    UNION ALL
    SELECT n.id, s.machine_id FROM need AS n JOIN sessions_all AS s ON s.order_id = n.id
),
-- By either payment third id, for the orders no link names (the placeholders): only sessions
-- whose text holds the third id are parsed.
by_third AS (
    SELECT n.id, s.machine_id
    FROM need AS n
    JOIN sessions_all AS s ON strpos(s.session_data::text, n.third_id) > 0
    WHERE n.id NOT IN (SELECT l.id FROM by_link AS l)
      AND n.third_id !~ ('^' ||
          -- include: fragments/white_space.sql
          || '*$')
      AND n.third_id IN (
          SELECT v.third_id
          FROM (SELECT (
                    -- include: fragments/json_readable.sql
                )::jsonb AS doc
                FROM (SELECT s.session_data::text AS json_text,
                             false AS rewrite_always) AS jt) AS d
          CROSS JOIN LATERAL (VALUES (d.doc -> 'payment_data' ->> 'third_id'),
                                     (d.doc ->> 'chinese_third_id')) AS v (third_id))
),
machines AS (
    SELECT u.id, min(u.machine_id) AS machine_id
    FROM (SELECT * FROM by_link UNION ALL SELECT * FROM by_third) AS u
    GROUP BY u.id
)
SELECT st.category, st.kind, st.id, st.order_number, st.status, st.since, st.amount_pence,
       coalesce(st.machine_id, m.machine_id) AS machine_id, st.stripe_session_id, st.third_id,
       st.chinese_order_id, st.queue_number, st.archived, st.currency
FROM stuck AS st
LEFT JOIN machines AS m ON st.machine_id IS NULL AND m.id = st.id
ORDER BY 1, 6, 3
