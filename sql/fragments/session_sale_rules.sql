-- Fragment: why vending session `s` holds a sale by its status, payment columns and
-- session_data (with its third_id's payment_mappings row), as text naming the first rule that
-- matches, or NULL (store-facts 7 and 9.1). The rules about orders follow in the including
-- statement, which knows how it reads them.
-- Included by cleanup_sessions_plan.sql, cleanup_sessions_batch.sql, cleanup_sessions_move.sql.
-- coalesce stops at the first rule that matches, so session_data is only read for the sessions
-- the cheap column rules leave. strpos per key is faster than one LIKE ANY over the keys
-- (measured: 1.0 s against 1.7 s over 1M expired sessions): LIKE scans the text once per
-- pattern with no skipping, and the values read here are mostly small and stored inline.
coalesce(
    CASE
        WHEN s.status IN ('payment_completed', 'payment_pending') THEN 'status ' || s.status
        WHEN s.payment_confirmed_at IS NOT NULL THEN 'payment_confirmed_at is set'
        WHEN s.payment_method IS NOT NULL THEN 'payment_method is set'
    END,
    CASE
        WHEN strpos(s.session_data::text, 'payment_data') > 0
            THEN 'session_data carries payment_data'
        WHEN strpos(s.session_data::text, 'chinese_payment_id') > 0
            THEN 'session_data carries chinese_payment_id'
        WHEN strpos(s.session_data::text, 'chinese_order_response') > 0
            THEN 'session_data carries chinese_order_response'
        -- A key written with \u escapes ("payment\u005fdata") is the same key to a JSON
        -- reader but not to strpos. Python never writes one, so in doubt it is a sale. The sale
        -- keys are ASCII, and JSON escapes an ASCII character only as \u0000-\u007F: the regex
        -- (a quoted string holding one, followed by a colon: a key, never a value) runs only
        -- where strpos finds a \u00, which non-ASCII values also have. Four characters instead
        -- of two let strpos skip more of the text per step (measured, a scan with all the rules
        -- over 941,000 expired sessions that hold no sale: 2.8 s against 3.4 s).
        WHEN strpos(s.session_data::text, '\u00') > 0
             AND s.session_data::text ~ '"([^"\\]|\\.)*\\u00[0-7][0-9A-Fa-f]([^"\\]|\\.)*"\s*:'
            THEN 'session_data has a key written with \u escapes'
        -- order_third_id contains third_id: one search rules both out for most sessions.
        WHEN strpos(s.session_data::text, 'third_id') > 0 THEN
            CASE
                WHEN strpos(s.session_data::text, 'order_third_id') > 0
                    THEN 'session_data carries order_third_id'
                -- An empty third id too: `pmc orders` matches whatever text the key holds.
                WHEN EXISTS (SELECT 1
                             FROM payment_mappings AS pm
                             WHERE pm.third_id IN (
                                 SELECT (regexp_matches(s.session_data::text,
                                                        '"(?:chinese_)?third_id"\s*:\s*"([^"\\]*)"',
                                                        'g'))[1]))
                    THEN 'its third_id has a payment_mappings row'
                -- A third_id written with escapes ("PYEN\u0031…", "A\/B") is not the text the
                -- mapping holds, and the pattern above skips it: in doubt, a sale.
                WHEN s.session_data::text ~ '"(?:chinese_)?third_id"\s*:\s*"[^"\\]*\\'
                    THEN 'its third_id is written with escapes'
                -- A number (777001, 7.77002e5) is read as its text by `pmc orders` and may
                -- match a mapping in a form the text here does not show: in doubt, a sale.
                WHEN s.session_data::text ~ '"(?:chinese_)?third_id"\s*:\s*-?[0-9]'
                    THEN 'its third_id is a number'
            END
    END
)
