
use builtin;
use str;

set edit:completion:arg-completer[pmc] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pmc'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pmc'= {
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand db-size 'Database and table sizes, growth since the last snapshot, days until the size limit'
            cand vacuum 'Vacuum and analyze the tables that need it; list and create missing indexes'
            cand orders 'Sales, web and vending: list, show one, stuck past their SLA, daily stats, archive'
            cand cleanup 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale'
            cand backup 'Back up the store database (pg_dump, zstd, age) and manage the backups'
            cand restore 'Restore a backup into a new database and validate it; --replace, --drill'
            cand demo 'Boot a throwaway sandbox store and run the on-call routine against it'
            cand config 'Print the effective configuration and where each value comes from'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand man 'Write man pages for every subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pmc;db-size'= {
            cand --top 'Show only the N largest tables (the totals still count every table)'
            cand --schema 'Show only the tables of this schema (for example public or pmc)'
            cand --warn-at 'Exit 1 when the database is at least this big'
            cand --crit-at 'Exit 2 when the database is at least this big'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --record 'Save a snapshot of every table''s size in pmc.size_history'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;vacuum'= {
            cand --table 'Vacuum this table (schema.table, or a table of schema public); repeatable'
            cand --min-dead-ratio 'Pick tables whose dead tuples are at least this share of all tuples'
            cand --xid-age 'Pick tables whose oldest unfrozen transaction id is at least this old (and freeze them)'
            cand --max-runtime 'Stop between tables once this much time has passed (e.g. 30m); the rest is reported as not run'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --all 'Vacuum every user table, needed or not'
            cand --reindex 'Also rebuild each table''s indexes with REINDEX TABLE CONCURRENTLY'
            cand --full 'VACUUM FULL: rewrites each table under an exclusive lock that blocks the store'
            cand --create-missing-indexes 'Create the missing indexes listed in the report (CREATE INDEX CONCURRENTLY)'
            cand --dry-run 'Show exactly what would be done, change nothing'
            cand -y 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --yes 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;orders'= {
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List sales, newest first, with filters'
            cand show 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs'
            cand stuck 'Orders past the SLA of their state, with the action to take (a monitoring check)'
            cand stats 'Sales and revenue per day, web against vending, top templates and models, status mix'
            cand archive 'Move finished orders and their images into the pmc_archive schema'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pmc;orders;list'= {
            cand --status 'Only this status (repeatable; any text, statuses are free text, e.g. 8 or sent_to_chinese)'
            cand --payment-status 'Only this payment status (repeatable): pending, paid, failed, refunded, …'
            cand --older-than 'Only sales created more than this long ago (30m, 2h, 7d)'
            cand --newer-than 'Only sales created at most this long ago (30m, 2h, 7d)'
            cand --machine 'Only sales of this vending machine (orders.machine_id or the session''s machine)'
            cand --kind 'Only web (stripe) or vending sales'
            cand --limit 'Show at most N sales (the footer counts all that match)'
            cand --now 'Measure ages and periods from this RFC 3339 instant instead of the current time'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;orders;show'= {
            cand --now 'Measure ages and periods from this RFC 3339 instant instead of the current time'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;orders;stuck'= {
            cand --pending-payment 'pending_payment with a Stripe checkout older than this is stuck [default: setting orders.stuck_pending_payment, 2h]'
            cand --paid-not-sent 'paid without a factory order id for longer than this is stuck [default: setting orders.stuck_paid_not_sent, 30m]'
            cand --sent-no-progress 'sent_to_chinese unchanged for longer than this is stuck [default: setting orders.stuck_sent_no_progress, 72h]'
            cand --vending-pending 'a vending session in payment_pending for longer than this is stuck [default: setting orders.stuck_vending_pending, 1h]'
            cand --limit 'Show at most N sales per category (the counts cover all)'
            cand --now 'Measure ages and periods from this RFC 3339 instant instead of the current time'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;orders;stats'= {
            cand --days 'Number of UTC days, today included'
            cand --top 'Number of templates and of models shown'
            cand --now 'Measure ages and periods from this RFC 3339 instant instead of the current time'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;orders;archive'= {
            cand --older-than 'Archive finished orders whose last activity is older than this (e.g. 90d); required'
            cand --batch-size 'Most orders one transaction moves (their images go with them)'
            cand --max-runtime 'Start no new batch after this long (e.g. 10m); the next run continues'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --dry-run 'Show exactly what would be done, change nothing'
            cand -y 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --yes 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;orders;help'= {
            cand list 'List sales, newest first, with filters'
            cand show 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs'
            cand stuck 'Orders past the SLA of their state, with the action to take (a monitoring check)'
            cand stats 'Sales and revenue per day, web against vending, top templates and models, status mix'
            cand archive 'Move finished orders and their images into the pmc_archive schema'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pmc;orders;help;list'= {
        }
        &'pmc;orders;help;show'= {
        }
        &'pmc;orders;help;stuck'= {
        }
        &'pmc;orders;help;stats'= {
        }
        &'pmc;orders;help;archive'= {
        }
        &'pmc;orders;help;help'= {
        }
        &'pmc;cleanup'= {
            cand --older-than 'Clean sessions whose expires_at is older than this (e.g. 7d, 36h)'
            cand --batch-size 'Most sessions one transaction locks, moves and deletes'
            cand --jobs 'Batches at once, each sweeping its own part of the table on its own connection'
            cand --max-runtime 'Start no new batch after this long (e.g. 10m); the next run continues'
            cand --orders-older-than 'Also archive finished orders older than this (as `pmc orders archive --older-than`)'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --dry-run 'Show exactly what would be done, change nothing'
            cand -y 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --yes 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup'= {
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --label 'Attach a label to the backup (repeatable), e.g. --label reason=pre-migration'
            cand --min-size 'Refuse a dump smaller than this (uncompressed) [default: backup.min_size, 1KiB]'
            cand --max-row-drop 'Refuse the backup when orders, vending_machine_sessions or phone_models lost more than this share of their rows since the previous good backup [default: backup.max_row_drop, 20%]'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --accept-drop 'Accept a row drop beyond --max-row-drop (after a deliberate cleanup)'
            cand --with-role-passwords 'Include role passwords (hashes) in the globals; needs a superuser'
            cand --no-prune 'Skip retention after this backup'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the backups: id, time, age, size, ratio, orders, labels, state'
            cand verify 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list'
            cand pin 'Pin a backup: retention never removes it'
            cand unpin 'Unpin a backup: retention treats it like any other again'
            cand status 'Monitoring: age of the latest good backup, a running backup, the last restore drill'
            cand prune 'Apply retention now: list every backup with the reason it is kept or removed'
            cand import 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store''s old backup script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pmc;backup;list'= {
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup;verify'= {
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --deep 'Also restore it into a scratch database next to the store database and compare every table''s row count with the manifest; the scratch database is dropped afterwards'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup;pin'= {
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup;unpin'= {
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup;status'= {
            cand --max-age 'The latest good backup may be at most this old [default: backup.max_age, 26h]'
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup;prune'= {
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --dry-run 'Show exactly what would be done, change nothing'
            cand -y 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --yes 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup;import'= {
            cand --repo 'The backup repository (a directory), instead of backup.repo'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;backup;help'= {
            cand list 'List the backups: id, time, age, size, ratio, orders, labels, state'
            cand verify 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list'
            cand pin 'Pin a backup: retention never removes it'
            cand unpin 'Unpin a backup: retention treats it like any other again'
            cand status 'Monitoring: age of the latest good backup, a running backup, the last restore drill'
            cand prune 'Apply retention now: list every backup with the reason it is kept or removed'
            cand import 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store''s old backup script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pmc;backup;help;list'= {
        }
        &'pmc;backup;help;verify'= {
        }
        &'pmc;backup;help;pin'= {
        }
        &'pmc;backup;help;unpin'= {
        }
        &'pmc;backup;help;status'= {
        }
        &'pmc;backup;help;prune'= {
        }
        &'pmc;backup;help;import'= {
        }
        &'pmc;backup;help;help'= {
        }
        &'pmc;restore'= {
            cand --before 'Restore the newest good backup that started before TIME'
            cand --repo 'The backup repository (default: backup.repo)'
            cand --identity 'age identity file that decrypts encrypted backups and files (default: backup.identity_file)'
            cand --target-db 'Name of the new database; it must not exist'
            cand -j 'Parallel COPY connections and pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)'
            cand --jobs 'Parallel COPY connections and pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)'
            cand --toast-compression 'How the restored database compresses large values (TOAST)'
            cand --confirm 'The live database''s name, confirming --replace without a prompt (for scripts)'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --no-owner 'Skip ownership and privileges (pg_restore --no-owner --no-acl), for a server that lacks the store''s roles'
            cand --no-globals 'Do not create the roles the dump needs from the backup''s globals file'
            cand --replace 'After validation passed, make the restored copy the live database'
            cand --drill 'The disaster-recovery drill: restore the latest good backup into a scratch database, validate it and check the store''s invariants, measure RTO and RPO, drop the scratch database; exit 0 when every check passed, 2 otherwise'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;demo'= {
            cand --scale 'Size of the generated store: 1 builds in seconds; about 100 makes 1 GB'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --keep 'Keep the sandbox running after the routine and print the environment lines that point other pmc commands at it; Ctrl-C stops and removes it'
            cand --legacy 'Give the sandbox the legacy schema variant (the extra tables and views an old init_database.sql left in the live database)'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;config'= {
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;completions'= {
            cand --out-dir 'Write completions for bash, zsh, fish, powershell and elvish into this directory'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;man'= {
            cand --out-dir 'The directory to write pmc.1 and pmc-<command>.1 into'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --json 'Write results as JSON (same as --format json)'
            cand -q 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand --quiet 'Print nothing when all is well (for cron); findings and errors are still printed'
            cand -v 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --verbose 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
            cand --no-progress 'Never draw progress bars or spinners'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pmc;help'= {
            cand db-size 'Database and table sizes, growth since the last snapshot, days until the size limit'
            cand vacuum 'Vacuum and analyze the tables that need it; list and create missing indexes'
            cand orders 'Sales, web and vending: list, show one, stuck past their SLA, daily stats, archive'
            cand cleanup 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale'
            cand backup 'Back up the store database (pg_dump, zstd, age) and manage the backups'
            cand restore 'Restore a backup into a new database and validate it; --replace, --drill'
            cand demo 'Boot a throwaway sandbox store and run the on-call routine against it'
            cand config 'Print the effective configuration and where each value comes from'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand man 'Write man pages for every subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pmc;help;db-size'= {
        }
        &'pmc;help;vacuum'= {
        }
        &'pmc;help;orders'= {
            cand list 'List sales, newest first, with filters'
            cand show 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs'
            cand stuck 'Orders past the SLA of their state, with the action to take (a monitoring check)'
            cand stats 'Sales and revenue per day, web against vending, top templates and models, status mix'
            cand archive 'Move finished orders and their images into the pmc_archive schema'
        }
        &'pmc;help;orders;list'= {
        }
        &'pmc;help;orders;show'= {
        }
        &'pmc;help;orders;stuck'= {
        }
        &'pmc;help;orders;stats'= {
        }
        &'pmc;help;orders;archive'= {
        }
        &'pmc;help;cleanup'= {
        }
        &'pmc;help;backup'= {
            cand list 'List the backups: id, time, age, size, ratio, orders, labels, state'
            cand verify 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list'
            cand pin 'Pin a backup: retention never removes it'
            cand unpin 'Unpin a backup: retention treats it like any other again'
            cand status 'Monitoring: age of the latest good backup, a running backup, the last restore drill'
            cand prune 'Apply retention now: list every backup with the reason it is kept or removed'
            cand import 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store''s old backup script'
        }
        &'pmc;help;backup;list'= {
        }
        &'pmc;help;backup;verify'= {
        }
        &'pmc;help;backup;pin'= {
        }
        &'pmc;help;backup;unpin'= {
        }
        &'pmc;help;backup;status'= {
        }
        &'pmc;help;backup;prune'= {
        }
        &'pmc;help;backup;import'= {
        }
        &'pmc;help;restore'= {
        }
        &'pmc;help;demo'= {
        }
        &'pmc;help;config'= {
        }
        &'pmc;help;completions'= {
        }
        &'pmc;help;man'= {
        }
        &'pmc;help;help'= {
        }
    ]
    $completions[$command]
}
