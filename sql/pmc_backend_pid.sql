-- The backend pid of this session, to cancel its statement from another one: pid (integer). No parameters.
SELECT pg_backend_pid() AS pid
