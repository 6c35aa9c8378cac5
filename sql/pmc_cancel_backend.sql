-- Cancels the statement that backend $1 (integer, a pid of pmc's own session) is running, as Ctrl-C in psql does; the session and its locks held outside that statement stay. Returns cancelled (boolean): whether the signal was sent.
SELECT pg_cancel_backend($1) AS cancelled
