-- Returns the newest orders.created_at, the recovery point of a backup (null without orders).
-- No parameters.
SELECT max(created_at) FROM public.orders
