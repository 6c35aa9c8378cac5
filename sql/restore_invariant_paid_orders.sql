-- Paid orders (status or payment_status 'paid') with no payment reference at all: no Stripe
-- payment intent, no partner payment id (PYEN third id or MSPY id), and no vending session_id
-- (orders made by /api/orders/create are paid at the machine): (count, the smallest such
-- order id or NULL).
SELECT count(*), min(o.id)::text
FROM public.orders AS o
WHERE (o.status = 'paid' OR o.payment_status = 'paid')
  AND o.stripe_payment_intent_id IS NULL
  AND o.third_party_payment_id IS NULL
  AND o.chinese_payment_id IS NULL
  AND o.session_id IS NULL
