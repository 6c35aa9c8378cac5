-- Fragment: the CTEs sessions_all and orders_all: the store's vending sessions and orders, with
-- their archived copies when pmc enables the archive branches (src/orders/sources.rs). Included by
-- orders_list.sql, orders_stats.sql and orders_stuck.sql.
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
-- vending session id (made by /api/orders/create), that a session points at, or whose third id
-- is a vending payment (a payment_mappings row with pay_type 5: the placeholder order the store
-- makes when the partner's payStatus 3 finds no live session, store-facts 3.7), else `stripe`.
orders_all AS NOT MATERIALIZED (
    SELECT u.*,
           CASE WHEN u.session_id IS NOT NULL
                     OR u.id IN (SELECT s.order_id FROM sessions_all AS s
                                 WHERE s.order_id IS NOT NULL)
                     OR u.third_party_payment_id IN (SELECT pm.third_id
                                                     FROM payment_mappings AS pm
                                                     WHERE pm.pay_type = 5)
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
