-- Releases the advisory lock of a pmc job and returns whether it was held; $1 = lock class, $2 = job's lock id.
SELECT pg_advisory_unlock($1, $2)
