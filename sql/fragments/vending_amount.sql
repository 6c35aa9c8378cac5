-- Fragment: a vending sale's amount in pounds (numeric), or NULL when unknown, from session `p`
-- (p.payment_amount numeric, p.doc the session_data as jsonb). Included by
-- fragments/orders_sales.sql and orders_stuck.sql.
-- The first of the payment_amount column, session_data's payment_amount and payment_data.amount
-- that is a number a machine can charge, 0 (promo machines) to 500 pounds (store-facts 7).
-- Text, 1e17 or -5 there is unreadable: the amount is unknown rather than capped or an error
-- for the whole statement (bigint range). The inner CASEs guard the casts, which only a JSON
-- number survives.
coalesce(CASE WHEN p.payment_amount BETWEEN 0 AND 500 THEN p.payment_amount END,
         CASE WHEN jsonb_typeof(p.doc -> 'payment_amount') = 'number' THEN
             CASE WHEN (p.doc ->> 'payment_amount')::numeric BETWEEN 0 AND 500
                  THEN (p.doc ->> 'payment_amount')::numeric END END,
         CASE WHEN jsonb_typeof(p.doc -> 'payment_data' -> 'amount') = 'number' THEN
             CASE WHEN (p.doc -> 'payment_data' ->> 'amount')::numeric BETWEEN 0 AND 500
                  THEN (p.doc -> 'payment_data' ->> 'amount')::numeric END END)
