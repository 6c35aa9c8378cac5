-- Whether a database named $1 exists: one boolean.
SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)
