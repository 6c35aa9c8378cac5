-- Bounds every statement of the current cleanup batch transaction (SET LOCAL statement_timeout), so the row locks a batch holds are released within database.lock_timeout even on a slow server; returns the setting. $1 = the bound in milliseconds, as text.
SELECT set_config('statement_timeout', $1, true)
