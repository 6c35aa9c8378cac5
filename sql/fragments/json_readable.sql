-- Fragment: the json text jt.json_text (text) as a text that casts to jsonb without error and
-- whose numbers a serde_json f64 holds; with jt.rewrite_always (boolean) false, texts that
-- need nothing come back unchanged after a cheap test. Included by fragments/orders_sales.sql,
-- orders_stuck.sql, orders_show_orders.sql and orders_show_sessions.sql, which name the input
-- in a LATERAL subquery `jt (json_text, rewrite_always)`.
-- The store's json columns keep any valid JSON text, but a cast to jsonb fails for the whole
-- statement on three things a customer or a partner can put there (there is no
-- pg_input_is_valid in PostgreSQL 15 and no function may be created): a `\u0000` escape
-- (`unsupported Unicode escape sequence`), an escape of half a surrogate pair (`\ud800` alone),
-- and a number numeric cannot hold (`1e200000`, `1e-20000`: `value overflows numeric format`).
-- The rewrite makes each bad escape `\ufffd` (the replacement character) and each number with
-- an exponent of three or more digits, or of 200 or more characters, a string of its text: no
-- amount, no id, but no error, and jsonb holds every number left, as does an f64 (below 1e299).
-- The fast test must never pass a text that the cast refuses: under 15,000 bytes no number
-- without such an exponent can exceed numeric's 16,383 decimals or 131,072 digits. It costs
-- about a third of the cast it guards, mostly the regular expression on exponents (measured
-- over 100,000 sessions: 0.4 s against 0.55 s for the cast; LIKE and strpos 0.1 s each).
-- Strings are found first, so that digits or escapes inside them are not taken for numbers;
-- outside strings JSON has no backslash, so the escapes can then be read over the whole text.
CASE WHEN NOT jt.rewrite_always
          AND (jt.json_text NOT LIKE '%\\u%'
               OR (strpos(jt.json_text, '\u0000') = 0
                   AND ((strpos(jt.json_text, '\ud') = 0 AND strpos(jt.json_text, '\uD') = 0)
                        OR jt.json_text !~ ('\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])'
                                            '|(?<![^\\]\\u[dD][89abAB][0-9a-fA-F]{2})'
                                            '\\u[dD][c-fC-F]'))))
          AND octet_length(jt.json_text) < 15000
          AND jt.json_text !~ '(?:^|[:,\[])\s*-?[0-9.]+[eE][+-]?[0-9]{3,}\s*(?:[,}\]]|$)'
     THEN jt.json_text
     ELSE (SELECT CASE WHEN strpos(n.text, '\u0000') = 0 AND strpos(n.text, '\ud') = 0
                            AND strpos(n.text, '\uD') = 0
                       THEN n.text
                       ELSE (SELECT string_agg(CASE WHEN length(e.tok[1]) = 6
                                                         AND e.tok[1] ~ '^\\u(0000|[dD][89a-fA-F])'
                                                    THEN '\ufffd' ELSE e.tok[1] END,
                                               '' ORDER BY e.at)
                             FROM regexp_matches(n.text,
                                                 '\\u[dD][89abAB][0-9a-fA-F]{2}'
                                                 '\\u[dD][c-fC-F][0-9a-fA-F]{2}'
                                                 '|\\u[0-9a-fA-F]{4}|\\.|[^\\]+', 'g')
                                  WITH ORDINALITY AS e (tok, at))
                  END
           FROM (SELECT string_agg(CASE WHEN t.tok[1] ~ '^-?[0-9]'
                                             AND (octet_length(t.tok[1]) >= 200
                                                  OR t.tok[1] ~ '[eE][+-]?[0-9]{3}')
                                        THEN '"' || t.tok[1] || '"' ELSE t.tok[1] END,
                                   '' ORDER BY t.at)
                 FROM regexp_matches(jt.json_text,
                                     '"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|[^"0-9-]+', 'g')
                      WITH ORDINALITY AS t (tok, at)) AS n (text))
END
