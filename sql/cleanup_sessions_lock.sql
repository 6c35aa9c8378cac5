-- Locks up to $4 vending sessions of the block range [$1, $2) whose expires_at is before $3, skipping rows another transaction holds (a rerun picks them up); returns tid (text, the row's ctid), id, session_id and, when $5 is false (session_data is not json-typed), parse (text): the session_data of rows naming none of the sale keys, which pmc must check parses. $1, $2 = first and end ctid of the range as text, e.g. (0,0) and (120,0); $3 = cutoff (timestamptz); $4 = batch size (bigint); $5 = session_data is json-typed (boolean).
SELECT s.ctid::text AS tid,
       s.id::text AS id,
       s.session_id::text AS session_id,
       CASE WHEN NOT $5::boolean AND s.session_data IS NOT NULL
                 AND s.session_data::text
                     !~ '(payment_data|chinese_payment_id|chinese_order_response|order_third_id)'
            THEN s.session_data::text END AS parse
FROM vending_machine_sessions AS s
WHERE s.ctid >= $1::text::tid AND s.ctid < $2::text::tid
  AND s.expires_at < $3
LIMIT $4
FOR UPDATE OF s SKIP LOCKED
