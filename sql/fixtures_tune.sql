-- Raises work_mem for the fixture transaction only, so the window sorts over every generated
-- row stay in memory, and skips the WAL flush wait at commit (throwaway data). Returns both
-- settings. No parameters.
SELECT set_config('work_mem', '256MB', true) AS work_mem,
       set_config('synchronous_commit', 'off', true) AS synchronous_commit
