-- Drops this session's cached statistics snapshot so the next read of pg_stat_user_tables is current; returns nothing useful.
SELECT pg_stat_clear_snapshot()
