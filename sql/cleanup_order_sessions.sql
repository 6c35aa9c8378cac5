-- The session ids orders refer to (orders.session_id), read once per cleanup run because orders.session_id has no index; returns session_id (text).
SELECT DISTINCT o.session_id::text
FROM orders AS o
WHERE o.session_id IS NOT NULL
