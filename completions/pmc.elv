
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
            cand demo 'Boot a throwaway sandbox store and run the on-call routine against it'
            cand config 'Print the effective configuration and where each value comes from'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand restore 'Restore a backup into a new database and validate it; --replace, --drill'
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
        &'pmc;restore'= {
            cand --before 'Restore the newest good backup that started before TIME'
            cand --repo 'The backup repository (default: backup.repo)'
            cand --identity 'age identity file that decrypts encrypted backups (default: backup.identity_file)'
            cand --target-db 'Name of the new database; it must not exist'
            cand -j 'Parallel pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)'
            cand --jobs 'Parallel pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)'
            cand --toast-compression 'How the restored database compresses large values (TOAST)'
            cand --confirm 'The live database''s name, confirming --replace without a prompt (for scripts)'
            cand --config 'Read settings from this TOML file'
            cand --env-file 'Read store environment variables from this file instead of ./.env'
            cand --database-url 'PostgreSQL URL of the store database'
            cand --format 'How to write results on stdout'
            cand --log-file 'Append a log of the run to this file as JSON lines'
            cand --color 'When to colour output; NO_COLOR in the environment means never for auto'
            cand --no-owner 'Skip ownership and privileges (pg_restore --no-owner --no-acl), for a server that lacks the store''s roles'
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
            cand demo 'Boot a throwaway sandbox store and run the on-call routine against it'
            cand config 'Print the effective configuration and where each value comes from'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand restore 'Restore a backup into a new database and validate it; --replace, --drill'
            cand man 'Write man pages for every subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pmc;help;db-size'= {
        }
        &'pmc;help;demo'= {
        }
        &'pmc;help;config'= {
        }
        &'pmc;help;completions'= {
        }
        &'pmc;help;restore'= {
        }
        &'pmc;help;man'= {
        }
        &'pmc;help;help'= {
        }
    ]
    $completions[$command]
}
