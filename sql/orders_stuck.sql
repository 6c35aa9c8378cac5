-- Returns the orders and vending sessions past an SLA for their state, oldest first within
-- each category, as (category, kind, id, order_number, status, since, amount_pence,
-- machine_id, stripe_session_id, third_id, chinese_order_id, queue_number, archived):
-- `unconfirmed_checkout`: pending_payment with a Stripe checkout, created before $1;
-- `paid_not_sent`: status paid without a factory order id, paid before $2;
-- `no_factory_progress`: sent_to_chinese, last changed before $3;
-- `vending_payment_pending`: a session in payment_pending, last active before $4.
-- `since` is the instant the age is measured from. $1..$4 are timestamptz cut-offs.
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
)
-- sources: end
SELECT 'unconfirmed_checkout' AS category,
       o.kind,
       o.id, o.order_number, o.status, o.created_at AS since,
       round(o.total_amount * 100)::bigint AS amount_pence, o.machine_id, o.stripe_session_id,
       o.third_party_payment_id AS third_id, o.chinese_order_id, o.queue_number,
       o.archived_at IS NOT NULL AS archived
FROM orders_all AS o
WHERE o.status = 'pending_payment' AND o.stripe_session_id IS NOT NULL
  AND o.created_at < $1::timestamptz
UNION ALL
SELECT 'paid_not_sent', o.kind,
       o.id, o.order_number, o.status, coalesce(o.paid_at, o.created_at),
       round(o.total_amount * 100)::bigint, o.machine_id, o.stripe_session_id,
       o.third_party_payment_id, o.chinese_order_id, o.queue_number, o.archived_at IS NOT NULL
FROM orders_all AS o
WHERE o.status = 'paid' AND o.chinese_order_id IS NULL
  AND coalesce(o.paid_at, o.created_at) < $2::timestamptz
UNION ALL
SELECT 'no_factory_progress', o.kind,
       o.id, o.order_number, o.status, coalesce(o.updated_at, o.paid_at, o.created_at),
       round(o.total_amount * 100)::bigint, o.machine_id, o.stripe_session_id,
       o.third_party_payment_id, o.chinese_order_id, o.queue_number, o.archived_at IS NOT NULL
FROM orders_all AS o
WHERE o.status = 'sent_to_chinese'
  AND coalesce(o.updated_at, o.paid_at, o.created_at) < $3::timestamptz
UNION ALL
SELECT 'vending_payment_pending', 'vending', s.session_id, NULL, s.status,
       coalesce(s.last_activity, s.created_at),
       round(coalesce(s.payment_amount,
                      CASE WHEN json_typeof(s.session_data -> 'payment_amount') = 'number'
                           THEN (s.session_data ->> 'payment_amount')::numeric END) * 100)::bigint,
       s.machine_id, NULL,
       coalesce(s.session_data -> 'payment_data' ->> 'third_id',
                s.session_data ->> 'chinese_third_id'),
       NULL, s.session_data ->> 'queue_number', s.archived_at IS NOT NULL
FROM sessions_all AS s
WHERE s.status = 'payment_pending'
  AND coalesce(s.last_activity, s.created_at) < $4::timestamptz
ORDER BY 1, 6, 3
