-- Fragment: a regular expression character class (text) of white space as Python and Rust see
-- it (Unicode's), not only PostgreSQL's `\s`, which is ASCII's in the C locale. Included where
-- an id or a currency of white space only counts as none (`'^' || class || '*$'`), so that the
-- SQL agrees with the Rust side (`str::trim`): fragments/orders_sales.sql, orders_stuck.sql,
-- orders_stats.sql and orders_show_sessions.sql.
'[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]'
