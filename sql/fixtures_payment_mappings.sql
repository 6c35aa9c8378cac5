-- Inserts the payment mappings that payData leaves behind: one per vending session that
-- reached init-payment (pay_type 5, from session_data.payment_data) and one per order that
-- was sent to the factory or got a partner payment status (pay_type 12).
-- $1 = scale (unused: follows the sessions and orders), $2 = now (unused).
WITH
-- Parsed once as jsonb: every `->` on a json value parses the whole text again.
parsed AS MATERIALIZED (
    SELECT s.session_data::jsonb AS d, s.machine_id
    FROM vending_machine_sessions AS s
    WHERE s.session_data IS NOT NULL
),
vending AS (
    SELECT p.d -> 'payment_data' AS pd, p.d ->> 'chinese_payment_id' AS mspy, p.machine_id
    FROM parsed AS p
    WHERE p.d ? 'payment_data'
)
INSERT INTO payment_mappings (id, third_id, chinese_payment_id, device_id, mobile_model_id,
                              pay_amount, pay_type, created_at)
SELECT md5('payment_mapping:' || (v.pd ->> 'third_id'))::uuid::text,
       v.pd ->> 'third_id', v.mspy, v.machine_id, v.pd ->> 'mobile_model_id',
       (v.pd ->> 'amount')::numeric, 5,
       (v.pd ->> 'payment_initiated_at')::timestamp AT TIME ZONE 'UTC'
FROM vending AS v
UNION ALL
SELECT md5('payment_mapping:' || o.third_party_payment_id)::uuid::text,
       o.third_party_payment_id, o.chinese_payment_id,
       -- payData uses the QR machine as device for QR checkouts, else the default device.
       CASE WHEN o.total_amount = 0 THEN '16DCTRYUJSJH'
            WHEN o.machine_id IS NOT NULL THEN o.machine_id
            ELSE 'JMSOOMSZRQO9' END,
       pm.chinese_model_id, o.total_amount, 12,
       o.paid_at + interval '3 seconds'
FROM orders AS o
JOIN phone_models AS pm ON pm.id = o.model_id
WHERE o.third_party_payment_id IS NOT NULL
