-- The names of every role on the server: one text column (restore creates only those missing).
SELECT rolname::text FROM pg_roles
