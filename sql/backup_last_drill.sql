-- Returns the newest restore drill in the journal: (started_at, finished_at, outcome, summary);
-- a drill is a `restore` run whose summary says "drill": true or whose arguments hold --drill
-- (a drill that failed with an error has no summary). No parameters.
SELECT started_at, finished_at, outcome, summary
FROM pmc.runs
WHERE command = 'restore'
  AND (summary @> '{"drill": true}'::jsonb OR arguments ? '--drill')
ORDER BY started_at DESC
LIMIT 1
