-- Fragment: why vending session `s` holds a sale by its status, payment columns and
-- session_data (with its third_id's payment_mappings row), as text naming the first rule that
-- matches, or NULL (store-facts 7 and 9.1). The rules about orders follow in the including
-- statement, which knows how it reads them.
-- Included by cleanup_sessions_plan.sql, cleanup_sessions_batch.sql, cleanup_sessions_move.sql.
-- coalesce stops at the first rule that matches. session_data is read (and, when it is stored
-- out of line, fetched from TOAST) once per row for the common no-sale case: LIKE ANY evaluates
-- its left side once, where one strpos per key would read it five times.
coalesce(
    CASE
        WHEN s.status IN ('payment_completed', 'payment_pending') THEN 'status ' || s.status
        WHEN s.payment_confirmed_at IS NOT NULL THEN 'payment_confirmed_at is set'
        WHEN s.payment_method IS NOT NULL THEN 'payment_method is set'
    END,
    CASE WHEN s.session_data::text LIKE ANY ('{%payment_data%,%chinese_payment_id%,%chinese_order_response%,%order_third_id%,%third_id%}'::text[]) THEN
        CASE
            WHEN strpos(s.session_data::text, 'payment_data') > 0
                THEN 'session_data carries payment_data'
            WHEN strpos(s.session_data::text, 'chinese_payment_id') > 0
                THEN 'session_data carries chinese_payment_id'
            WHEN strpos(s.session_data::text, 'chinese_order_response') > 0
                THEN 'session_data carries chinese_order_response'
            WHEN strpos(s.session_data::text, 'order_third_id') > 0
                THEN 'session_data carries order_third_id'
            WHEN EXISTS (SELECT 1
                         FROM payment_mappings AS pm
                         WHERE pm.third_id IN (
                             SELECT (regexp_matches(s.session_data::text,
                                                    '"(?:chinese_)?third_id"\s*:\s*"([^"\\]+)"',
                                                    'g'))[1]))
                THEN 'its third_id has a payment_mappings row'
        END
    END
)
