# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pmc_global_optspecs
    string join \n config= env-file= database-url= json format= q/quiet v/verbose log-file= color= no-progress h/help V/version
end

function __fish_pmc_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pmc_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pmc_using_subcommand
    set -l cmd (__fish_pmc_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pmc -n "__fish_pmc_needs_command" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_needs_command" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_needs_command" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_needs_command" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_needs_command" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_needs_command" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_needs_command" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_needs_command" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_needs_command" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_needs_command" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_needs_command" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "db-size" -d 'Database and table sizes, growth since the last snapshot, days until the size limit'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "vacuum" -d 'Vacuum and analyze the tables that need it; list and create missing indexes'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "orders" -d 'Sales, web and vending: list, show one, stuck past their SLA, daily stats, archive'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "cleanup" -d 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "backup" -d 'Back up the store database (pg_dump, zstd, age) and manage the backups'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "restore" -d 'Restore a backup into a new database and validate it; --replace, --drill'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "demo" -d 'Boot a throwaway sandbox store and run the on-call routine against it'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "config" -d 'Print the effective configuration and where each value comes from'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "man" -d 'Write man pages for every subcommand into a directory'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l top -d 'Show only the N largest tables (the totals still count every table)' -r
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l schema -d 'Show only the tables of this schema (for example public or pmc)' -r
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l warn-at -d 'Exit 1 when the database is at least this big' -r
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l crit-at -d 'Exit 2 when the database is at least this big' -r
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l record -d 'Save a snapshot of every table\'s size in pmc.size_history'
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand db-size" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l table -d 'Vacuum this table (schema.table, or a table of schema public); repeatable' -r
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l min-dead-ratio -d 'Pick tables whose dead tuples are at least this share of all tuples' -r
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l xid-age -d 'Pick tables whose oldest unfrozen transaction id is at least this old (and freeze them)' -r
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l max-runtime -d 'Stop between tables once this much time has passed (e.g. 30m); the rest is reported as not run' -r
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l all -d 'Vacuum every user table, needed or not'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l reindex -d 'Also rebuild each table\'s indexes with REINDEX TABLE CONCURRENTLY'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l full -d 'VACUUM FULL: rewrites each table under an exclusive lock that blocks the store'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l create-missing-indexes -d 'Create the missing indexes listed in the report (CREATE INDEX CONCURRENTLY)'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l dry-run -d 'Show exactly what would be done, change nothing'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -s y -l yes -d 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand vacuum" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -f -a "list" -d 'List sales, newest first, with filters'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -f -a "show" -d 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -f -a "stuck" -d 'Orders past the SLA of their state, with the action to take (a monitoring check)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -f -a "stats" -d 'Sales and revenue per day, web against vending, top templates and models, status mix'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -f -a "archive" -d 'Move finished orders and their images into the pmc_archive schema'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and not __fish_seen_subcommand_from list show stuck stats archive help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l status -d 'Only this status (repeatable; any text, statuses are free text, e.g. 8 or sent_to_chinese)' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l payment-status -d 'Only this payment status (repeatable): pending, paid, failed, refunded, …' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l older-than -d 'Only sales created more than this long ago (30m, 2h, 7d)' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l newer-than -d 'Only sales created at most this long ago (30m, 2h, 7d)' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l machine -d 'Only sales of this vending machine (orders.machine_id or the session\'s machine)' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l kind -d 'Only web (stripe) or vending sales' -r -f -a "stripe\t'Web-shop orders: rows of the orders table paid through Stripe checkout'
vending\t'Sales at a vending machine: sessions holding a sale, and orders carrying a session id'"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N sales (the footer counts all that match)' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l now -d 'Measure ages and periods from this RFC 3339 instant instead of the current time' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l now -d 'Measure ages and periods from this RFC 3339 instant instead of the current time' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l pending-payment -d 'pending_payment with a Stripe checkout older than this is stuck [default: setting orders.stuck_pending_payment, 2h]' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l paid-not-sent -d 'paid without a factory order id for longer than this is stuck [default: setting orders.stuck_paid_not_sent, 30m]' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l sent-no-progress -d 'sent_to_chinese unchanged for longer than this is stuck [default: setting orders.stuck_sent_no_progress, 72h]' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l vending-pending -d 'a vending session in payment_pending for longer than this is stuck [default: setting orders.stuck_vending_pending, 1h]' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l limit -d 'Show at most N sales per category (the counts cover all)' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l now -d 'Measure ages and periods from this RFC 3339 instant instead of the current time' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stuck" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l days -d 'Number of UTC days, today included' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l top -d 'Number of templates and of models shown' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l now -d 'Measure ages and periods from this RFC 3339 instant instead of the current time' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l older-than -d 'Archive finished orders whose last activity is older than this (e.g. 90d); required' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l batch-size -d 'Most orders one transaction moves (their images go with them)' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l max-runtime -d 'Start no new batch after this long (e.g. 10m); the next run continues' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l dry-run -d 'Show exactly what would be done, change nothing'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -s y -l yes -d 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from archive" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "list" -d 'List sales, newest first, with filters'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "show" -d 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "stuck" -d 'Orders past the SLA of their state, with the action to take (a monitoring check)'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Sales and revenue per day, web against vending, top templates and models, status mix'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "archive" -d 'Move finished orders and their images into the pmc_archive schema'
complete -c pmc -n "__fish_pmc_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l older-than -d 'Clean sessions whose expires_at is older than this (e.g. 7d, 36h)' -r
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l batch-size -d 'Most sessions one transaction locks, moves and deletes' -r
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l jobs -d 'Batches at once, each sweeping its own part of the table on its own connection' -r
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l max-runtime -d 'Start no new batch after this long (e.g. 10m); the next run continues' -r
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l orders-older-than -d 'Also archive finished orders older than this (as `pmc orders archive --older-than`)' -r
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l dry-run -d 'Show exactly what would be done, change nothing'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -s y -l yes -d 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand cleanup" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l label -d 'Attach a label to the backup (repeatable), e.g. --label reason=pre-migration' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l min-size -d 'Refuse a dump smaller than this (uncompressed) [default: backup.min_size, 1KiB]' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l max-row-drop -d 'Refuse the backup when orders, vending_machine_sessions or phone_models lost more than this share of their rows since the previous good backup [default: backup.max_row_drop, 20%]' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l accept-drop -d 'Accept a row drop beyond --max-row-drop (after a deliberate cleanup)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l with-role-passwords -d 'Include role passwords (hashes) in the globals; needs a superuser'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l no-prune -d 'Skip retention after this backup'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "list" -d 'List the backups: id, time, age, size, ratio, orders, labels, state'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "verify" -d 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "pin" -d 'Pin a backup: retention never removes it'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "unpin" -d 'Unpin a backup: retention treats it like any other again'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "status" -d 'Monitoring: age of the latest good backup, a running backup, the last restore drill'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "prune" -d 'Apply retention now: list every backup with the reason it is kept or removed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "import" -d 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store\'s old backup script'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and not __fish_seen_subcommand_from list verify pin unpin status prune import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l deep -d 'Also restore it into a scratch database next to the store database and compare every table\'s row count with the manifest; the scratch database is dropped afterwards'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from pin" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from unpin" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l max-age -d 'The latest good backup may be at most this old [default: backup.max_age, 26h]' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l dry-run -d 'Show exactly what would be done, change nothing'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -s y -l yes -d 'Apply without asking (needed when not run from a terminal, e.g. from cron)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l repo -d 'The backup repository (a directory), instead of backup.repo' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the backups: id, time, age, size, ratio, orders, labels, state'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "pin" -d 'Pin a backup: retention never removes it'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "unpin" -d 'Unpin a backup: retention treats it like any other again'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "status" -d 'Monitoring: age of the latest good backup, a running backup, the last restore drill'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Apply retention now: list every backup with the reason it is kept or removed'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "import" -d 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store\'s old backup script'
complete -c pmc -n "__fish_pmc_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l before -d 'Restore the newest good backup that started before TIME' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l repo -d 'The backup repository (default: backup.repo)' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l identity -d 'age identity file that decrypts encrypted backups and files (default: backup.identity_file)' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l target-db -d 'Name of the new database; it must not exist' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s j -l jobs -d 'Parallel COPY connections and pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l toast-compression -d 'How the restored database compresses large values (TOAST)' -r -f -a "lz4\t''
server\t''"
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l confirm -d 'The live database\'s name, confirming --replace without a prompt (for scripts)' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l no-owner -d 'Skip ownership and privileges (pg_restore --no-owner --no-acl), for a server that lacks the store\'s roles'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l no-globals -d 'Do not create the roles the dump needs from the backup\'s globals file'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l replace -d 'After validation passed, make the restored copy the live database'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l drill -d 'The disaster-recovery drill: restore the latest good backup into a scratch database, validate it and check the store\'s invariants, measure RTO and RPO, drop the scratch database; exit 0 when every check passed, 2 otherwise'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l scale -d 'Size of the generated store: 1 builds in seconds; about 100 makes 1 GB' -r
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l keep -d 'Keep the sandbox running after the routine and print the environment lines that point other pmc commands at it; Ctrl-C stops and removes it'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l legacy -d 'Give the sandbox the legacy schema variant (the extra tables and views an old init_database.sql left in the live database)'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand demo" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand config" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand config" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand config" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand config" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand config" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand config" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand config" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand config" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand config" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand config" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand config" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l out-dir -d 'Write completions for bash, zsh, fish, powershell and elvish into this directory' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand completions" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand completions" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand completions" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand completions" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand man" -l out-dir -d 'The directory to write pmc.1 and pmc-<command>.1 into' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand man" -l config -d 'Read settings from this TOML file' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand man" -l env-file -d 'Read store environment variables from this file instead of ./.env' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand man" -l database-url -d 'PostgreSQL URL of the store database' -r
complete -c pmc -n "__fish_pmc_using_subcommand man" -l format -d 'How to write results on stdout' -r -f -a "table\t'Aligned tables for people'
json\t'One JSON document, the same data as the table with exact numbers'"
complete -c pmc -n "__fish_pmc_using_subcommand man" -l log-file -d 'Append a log of the run to this file as JSON lines' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand man" -l color -d 'When to colour output; NO_COLOR in the environment means never for auto' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c pmc -n "__fish_pmc_using_subcommand man" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand man" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand man" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand man" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand man" -s V -l version -d 'Print version'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "db-size" -d 'Database and table sizes, growth since the last snapshot, days until the size limit'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "vacuum" -d 'Vacuum and analyze the tables that need it; list and create missing indexes'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "orders" -d 'Sales, web and vending: list, show one, stuck past their SLA, daily stats, archive'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "cleanup" -d 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "backup" -d 'Back up the store database (pg_dump, zstd, age) and manage the backups'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "restore" -d 'Restore a backup into a new database and validate it; --replace, --drill'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "demo" -d 'Boot a throwaway sandbox store and run the on-call routine against it'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "config" -d 'Print the effective configuration and where each value comes from'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "man" -d 'Write man pages for every subcommand into a directory'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size vacuum orders cleanup backup restore demo config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "list" -d 'List sales, newest first, with filters'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "show" -d 'Everything about one sale: row, images, payment mapping, factory ids, pmc runs'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "stuck" -d 'Orders past the SLA of their state, with the action to take (a monitoring check)'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "stats" -d 'Sales and revenue per day, web against vending, top templates and models, status mix'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "archive" -d 'Move finished orders and their images into the pmc_archive schema'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "list" -d 'List the backups: id, time, age, size, ratio, orders, labels, state'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify" -d 'Check a backup without a database: checksums, decryption, decompression, pg_restore --list'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "pin" -d 'Pin a backup: retention never removes it'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "unpin" -d 'Unpin a backup: retention treats it like any other again'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "status" -d 'Monitoring: age of the latest good backup, a running backup, the last restore drill'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "prune" -d 'Apply retention now: list every backup with the reason it is kept or removed'
complete -c pmc -n "__fish_pmc_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "import" -d 'Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store\'s old backup script'
