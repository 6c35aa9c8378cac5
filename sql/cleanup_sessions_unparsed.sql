-- The session_data text of every session expired before the cutoff whose session_data names none of the sale keys, for pmc to check that it parses as JSON (needed only when the column is not json-typed, so a value may be any text); returns id (text) and data (text). $1 = cutoff (timestamptz).
SELECT s.id, s.session_data::text AS data
FROM vending_machine_sessions AS s
WHERE s.expires_at < $1
  AND s.session_data IS NOT NULL
  AND s.session_data::text
      !~ '(payment_data|chinese_payment_id|chinese_order_response|order_third_id)'
