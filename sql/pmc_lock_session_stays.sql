-- Keeps the session that holds a job's advisory lock open however long it sits idle between the job's statements: a database or role with idle_session_timeout set would otherwise have the server end it, and with it the lock, while the job runs on (PostgreSQL 14 and newer; pmc runs it only there). No parameters.
SET idle_session_timeout = 0
