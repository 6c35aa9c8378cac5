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
complete -c pmc -n "__fish_pmc_needs_command" -f -a "demo" -d 'Boot a throwaway sandbox store and run the on-call routine against it'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "config" -d 'Print the effective configuration and where each value comes from'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c pmc -n "__fish_pmc_needs_command" -f -a "restore" -d 'Restore a backup into a new database and validate it; --replace, --drill'
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
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l before -d 'Restore the newest good backup that started before TIME' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l repo -d 'The backup repository (default: backup.repo)' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l identity -d 'age identity file that decrypts encrypted backups (default: backup.identity_file)' -r -F
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l target-db -d 'Name of the new database; it must not exist' -r
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s j -l jobs -d 'Parallel pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)' -r
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
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l replace -d 'After validation passed, make the restored copy the live database'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l drill -d 'The disaster-recovery drill: restore the latest good backup into a scratch database, validate it and check the store\'s invariants, measure RTO and RPO, drop the scratch database; exit 0 when every check passed, 2 otherwise'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l json -d 'Write results as JSON (same as --format json)'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s q -l quiet -d 'Print nothing when all is well (for cron); findings and errors are still printed'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s v -l verbose -d 'Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -l no-progress -d 'Never draw progress bars or spinners'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pmc -n "__fish_pmc_using_subcommand restore" -s V -l version -d 'Print version'
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
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size demo config completions restore man help" -f -a "db-size" -d 'Database and table sizes, growth since the last snapshot, days until the size limit'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size demo config completions restore man help" -f -a "demo" -d 'Boot a throwaway sandbox store and run the on-call routine against it'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size demo config completions restore man help" -f -a "config" -d 'Print the effective configuration and where each value comes from'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size demo config completions restore man help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size demo config completions restore man help" -f -a "restore" -d 'Restore a backup into a new database and validate it; --replace, --drill'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size demo config completions restore man help" -f -a "man" -d 'Write man pages for every subcommand into a directory'
complete -c pmc -n "__fish_pmc_using_subcommand help; and not __fish_seen_subcommand_from db-size demo config completions restore man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
