-- Returns the payment_mappings rows whose third_id is in $1, as (third_id, chinese_payment_id,
-- device_id, mobile_model_id, pay_amount_pence, pay_type, created_at).
-- $1 = third ids (text[]).
SELECT m.third_id, m.chinese_payment_id, m.device_id, m.mobile_model_id,
       round(m.pay_amount * 100)::bigint AS pay_amount_pence, m.pay_type, m.created_at
FROM payment_mappings AS m
WHERE m.third_id = ANY ($1::text[])
ORDER BY m.created_at, m.third_id
