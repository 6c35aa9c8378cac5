-- The newest order's created_at, the recovery point of a restored store: one row, NULL when
-- there are no orders.
SELECT max(created_at) FROM public.orders
