-- Sets this session's application_name to $1 (so pg_stat_activity says who holds a lock);
-- returns the name set.
SELECT set_config('application_name', $1, false)
