
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pmc' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pmc'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pmc' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('db-size', 'db-size', [CompletionResultType]::ParameterValue, 'Database and table sizes, growth since the last snapshot, days until the size limit')
            [CompletionResult]::new('vacuum', 'vacuum', [CompletionResultType]::ParameterValue, 'Vacuum and analyze the tables that need it; list and create missing indexes')
            [CompletionResult]::new('orders', 'orders', [CompletionResultType]::ParameterValue, 'Sales, web and vending: list, show one, stuck past their SLA, daily stats, archive')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Back up the store database (pg_dump, zstd, age) and manage the backups')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into a new database and validate it; --replace, --drill')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Boot a throwaway sandbox store and run the on-call routine against it')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each value comes from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages for every subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pmc;db-size' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Show only the N largest tables (the totals still count every table)')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'Show only the tables of this schema (for example public or pmc)')
            [CompletionResult]::new('--warn-at', '--warn-at', [CompletionResultType]::ParameterName, 'Exit 1 when the database is at least this big')
            [CompletionResult]::new('--crit-at', '--crit-at', [CompletionResultType]::ParameterName, 'Exit 2 when the database is at least this big')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Save a snapshot of every table''s size in pmc.size_history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;vacuum' {
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Vacuum this table (schema.table, or a table of schema public); repeatable')
            [CompletionResult]::new('--min-dead-ratio', '--min-dead-ratio', [CompletionResultType]::ParameterName, 'Pick tables whose dead tuples are at least this share of all tuples')
            [CompletionResult]::new('--xid-age', '--xid-age', [CompletionResultType]::ParameterName, 'Pick tables whose oldest unfrozen transaction id is at least this old (and freeze them)')
            [CompletionResult]::new('--max-runtime', '--max-runtime', [CompletionResultType]::ParameterName, 'Stop between tables once this much time has passed (e.g. 30m); the rest is reported as not run')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Vacuum every user table, needed or not')
            [CompletionResult]::new('--reindex', '--reindex', [CompletionResultType]::ParameterName, 'Also rebuild each table''s indexes with REINDEX TABLE CONCURRENTLY')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'VACUUM FULL: rewrites each table under an exclusive lock that blocks the store')
            [CompletionResult]::new('--create-missing-indexes', '--create-missing-indexes', [CompletionResultType]::ParameterName, 'Create the missing indexes listed in the report (CREATE INDEX CONCURRENTLY)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show exactly what would be done, change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;orders' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sales, newest first, with filters')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs')
            [CompletionResult]::new('stuck', 'stuck', [CompletionResultType]::ParameterValue, 'Orders past the SLA of their state, with the action to take (a monitoring check)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Sales and revenue per day, web against vending, top templates and models, status mix')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Move finished orders and their images into the pmc_archive schema')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pmc;orders;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only this status (repeatable; any text, statuses are free text, e.g. 8 or sent_to_chinese)')
            [CompletionResult]::new('--payment-status', '--payment-status', [CompletionResultType]::ParameterName, 'Only this payment status (repeatable): pending, paid, failed, refunded, …')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only sales created more than this long ago (30m, 2h, 7d)')
            [CompletionResult]::new('--newer-than', '--newer-than', [CompletionResultType]::ParameterName, 'Only sales created at most this long ago (30m, 2h, 7d)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Only sales of this vending machine (orders.machine_id or the session''s machine)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only web (stripe) or vending sales')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N sales (the footer counts all that match)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Measure ages and periods from this RFC 3339 instant instead of the current time')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;orders;show' {
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Measure ages and periods from this RFC 3339 instant instead of the current time')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;orders;stuck' {
            [CompletionResult]::new('--pending-payment', '--pending-payment', [CompletionResultType]::ParameterName, 'pending_payment with a Stripe checkout older than this is stuck [default: setting orders.stuck_pending_payment, 2h]')
            [CompletionResult]::new('--paid-not-sent', '--paid-not-sent', [CompletionResultType]::ParameterName, 'paid without a factory order id for longer than this is stuck [default: setting orders.stuck_paid_not_sent, 30m]')
            [CompletionResult]::new('--sent-no-progress', '--sent-no-progress', [CompletionResultType]::ParameterName, 'sent_to_chinese unchanged for longer than this is stuck [default: setting orders.stuck_sent_no_progress, 72h]')
            [CompletionResult]::new('--vending-pending', '--vending-pending', [CompletionResultType]::ParameterName, 'a vending session in payment_pending for longer than this is stuck [default: setting orders.stuck_vending_pending, 1h]')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N sales per category (the counts cover all)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Measure ages and periods from this RFC 3339 instant instead of the current time')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;orders;stats' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Number of UTC days, today included')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Number of templates and of models shown')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Measure ages and periods from this RFC 3339 instant instead of the current time')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;orders;archive' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Archive finished orders whose last activity is older than this (e.g. 90d); required')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Most orders one transaction moves (their images go with them)')
            [CompletionResult]::new('--max-runtime', '--max-runtime', [CompletionResultType]::ParameterName, 'Start no new batch after this long (e.g. 10m); the next run continues')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show exactly what would be done, change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;orders;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sales, newest first, with filters')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs')
            [CompletionResult]::new('stuck', 'stuck', [CompletionResultType]::ParameterValue, 'Orders past the SLA of their state, with the action to take (a monitoring check)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Sales and revenue per day, web against vending, top templates and models, status mix')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Move finished orders and their images into the pmc_archive schema')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pmc;orders;help;list' {
            break
        }
        'pmc;orders;help;show' {
            break
        }
        'pmc;orders;help;stuck' {
            break
        }
        'pmc;orders;help;stats' {
            break
        }
        'pmc;orders;help;archive' {
            break
        }
        'pmc;orders;help;help' {
            break
        }
        'pmc;cleanup' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Clean sessions whose expires_at is older than this (e.g. 7d, 36h)')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Most sessions one transaction locks, moves and deletes')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Batches at once, each sweeping its own part of the table on its own connection')
            [CompletionResult]::new('--max-runtime', '--max-runtime', [CompletionResultType]::ParameterName, 'Start no new batch after this long (e.g. 10m); the next run continues')
            [CompletionResult]::new('--orders-older-than', '--orders-older-than', [CompletionResultType]::ParameterName, 'Also archive finished orders older than this (as `pmc orders archive --older-than`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show exactly what would be done, change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Attach a label to the backup (repeatable), e.g. --label reason=pre-migration')
            [CompletionResult]::new('--min-size', '--min-size', [CompletionResultType]::ParameterName, 'Refuse a dump smaller than this (uncompressed) [default: backup.min_size, 1KiB]')
            [CompletionResult]::new('--max-row-drop', '--max-row-drop', [CompletionResultType]::ParameterName, 'Refuse the backup when orders, vending_machine_sessions or phone_models lost more than this share of their rows since the previous good backup [default: backup.max_row_drop, 20%]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--accept-drop', '--accept-drop', [CompletionResultType]::ParameterName, 'Accept a row drop beyond --max-row-drop (after a deliberate cleanup)')
            [CompletionResult]::new('--with-role-passwords', '--with-role-passwords', [CompletionResultType]::ParameterName, 'Include role passwords (hashes) in the globals; needs a superuser')
            [CompletionResult]::new('--no-prune', '--no-prune', [CompletionResultType]::ParameterName, 'Skip retention after this backup')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the backups: id, time, age, size, ratio, orders, labels, state')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a backup: retention never removes it')
            [CompletionResult]::new('unpin', 'unpin', [CompletionResultType]::ParameterValue, 'Unpin a backup: retention treats it like any other again')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Monitoring: age of the latest good backup, a running backup, the last restore drill')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Apply retention now: list every backup with the reason it is kept or removed')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store''s old backup script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pmc;backup;list' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup;verify' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--deep', '--deep', [CompletionResultType]::ParameterName, 'Also restore it into a scratch database next to the store database and compare every table''s row count with the manifest; the scratch database is dropped afterwards')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup;pin' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup;unpin' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup;status' {
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'The latest good backup may be at most this old [default: backup.max_age, 26h]')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup;prune' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show exactly what would be done, change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (needed when not run from a terminal, e.g. from cron)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup;import' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (a directory), instead of backup.repo')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;backup;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the backups: id, time, age, size, ratio, orders, labels, state')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a backup: retention never removes it')
            [CompletionResult]::new('unpin', 'unpin', [CompletionResultType]::ParameterValue, 'Unpin a backup: retention treats it like any other again')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Monitoring: age of the latest good backup, a running backup, the last restore drill')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Apply retention now: list every backup with the reason it is kept or removed')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store''s old backup script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pmc;backup;help;list' {
            break
        }
        'pmc;backup;help;verify' {
            break
        }
        'pmc;backup;help;pin' {
            break
        }
        'pmc;backup;help;unpin' {
            break
        }
        'pmc;backup;help;status' {
            break
        }
        'pmc;backup;help;prune' {
            break
        }
        'pmc;backup;help;import' {
            break
        }
        'pmc;backup;help;help' {
            break
        }
        'pmc;restore' {
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Restore the newest good backup that started before TIME')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (default: backup.repo)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that decrypts encrypted backups and files (default: backup.identity_file)')
            [CompletionResult]::new('--target-db', '--target-db', [CompletionResultType]::ParameterName, 'Name of the new database; it must not exist')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Parallel COPY connections and pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Parallel COPY connections and pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)')
            [CompletionResult]::new('--toast-compression', '--toast-compression', [CompletionResultType]::ParameterName, 'How the restored database compresses large values (TOAST)')
            [CompletionResult]::new('--confirm', '--confirm', [CompletionResultType]::ParameterName, 'The live database''s name, confirming --replace without a prompt (for scripts)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--no-owner', '--no-owner', [CompletionResultType]::ParameterName, 'Skip ownership and privileges (pg_restore --no-owner --no-acl), for a server that lacks the store''s roles')
            [CompletionResult]::new('--no-globals', '--no-globals', [CompletionResultType]::ParameterName, 'Do not create the roles the dump needs from the backup''s globals file')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'After validation passed, make the restored copy the live database')
            [CompletionResult]::new('--drill', '--drill', [CompletionResultType]::ParameterName, 'The disaster-recovery drill: restore the latest good backup into a scratch database, validate it and check the store''s invariants, measure RTO and RPO, drop the scratch database; exit 0 when every check passed, 2 otherwise')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;demo' {
            [CompletionResult]::new('--scale', '--scale', [CompletionResultType]::ParameterName, 'Size of the generated store: 1 builds in seconds; about 100 makes 1 GB')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the sandbox running after the routine and print the environment lines that point other pmc commands at it; Ctrl-C stops and removes it')
            [CompletionResult]::new('--legacy', '--legacy', [CompletionResultType]::ParameterName, 'Give the sandbox the legacy schema variant (the extra tables and views an old init_database.sql left in the live database)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;completions' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write completions for bash, zsh, fish, powershell and elvish into this directory')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'The directory to write pmc.1 and pmc-<command>.1 into')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write results as JSON (same as --format json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when all is well (for cron); findings and errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars or spinners')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pmc;help' {
            [CompletionResult]::new('db-size', 'db-size', [CompletionResultType]::ParameterValue, 'Database and table sizes, growth since the last snapshot, days until the size limit')
            [CompletionResult]::new('vacuum', 'vacuum', [CompletionResultType]::ParameterValue, 'Vacuum and analyze the tables that need it; list and create missing indexes')
            [CompletionResult]::new('orders', 'orders', [CompletionResultType]::ParameterValue, 'Sales, web and vending: list, show one, stuck past their SLA, daily stats, archive')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Back up the store database (pg_dump, zstd, age) and manage the backups')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into a new database and validate it; --replace, --drill')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Boot a throwaway sandbox store and run the on-call routine against it')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each value comes from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages for every subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pmc;help;db-size' {
            break
        }
        'pmc;help;vacuum' {
            break
        }
        'pmc;help;orders' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List sales, newest first, with filters')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs')
            [CompletionResult]::new('stuck', 'stuck', [CompletionResultType]::ParameterValue, 'Orders past the SLA of their state, with the action to take (a monitoring check)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Sales and revenue per day, web against vending, top templates and models, status mix')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Move finished orders and their images into the pmc_archive schema')
            break
        }
        'pmc;help;orders;list' {
            break
        }
        'pmc;help;orders;show' {
            break
        }
        'pmc;help;orders;stuck' {
            break
        }
        'pmc;help;orders;stats' {
            break
        }
        'pmc;help;orders;archive' {
            break
        }
        'pmc;help;cleanup' {
            break
        }
        'pmc;help;backup' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the backups: id, time, age, size, ratio, orders, labels, state')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a backup: retention never removes it')
            [CompletionResult]::new('unpin', 'unpin', [CompletionResultType]::ParameterValue, 'Unpin a backup: retention treats it like any other again')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Monitoring: age of the latest good backup, a running backup, the last restore drill')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Apply retention now: list every backup with the reason it is kept or removed')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store''s old backup script')
            break
        }
        'pmc;help;backup;list' {
            break
        }
        'pmc;help;backup;verify' {
            break
        }
        'pmc;help;backup;pin' {
            break
        }
        'pmc;help;backup;unpin' {
            break
        }
        'pmc;help;backup;status' {
            break
        }
        'pmc;help;backup;prune' {
            break
        }
        'pmc;help;backup;import' {
            break
        }
        'pmc;help;restore' {
            break
        }
        'pmc;help;demo' {
            break
        }
        'pmc;help;config' {
            break
        }
        'pmc;help;completions' {
            break
        }
        'pmc;help;man' {
            break
        }
        'pmc;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
