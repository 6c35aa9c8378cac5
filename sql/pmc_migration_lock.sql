-- Takes the transaction-scoped advisory lock that serialises pmc migrations; returns nothing. $1 = lock class, $2 = lock id.
SELECT pg_advisory_xact_lock($1, $2)
