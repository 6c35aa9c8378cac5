-- Starts the read-only REPEATABLE READ transaction whose snapshot pg_dump imports and in which
-- the row counts are taken; returns nothing. No parameters.
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY
