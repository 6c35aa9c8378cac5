
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
            cand man 'Write man pages for every subcommand into a directory'
            cand cleanup 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale'
            cand orders-archive 'Move finished orders and their images into the pmc_archive schema'
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
        &'pmc;cleanup'= {
            cand --older-than 'Clean sessions whose expires_at is older than this (e.g. 7d, 36h)'
            cand --batch-size 'Most sessions one transaction locks, moves and deletes'
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
        &'pmc;orders-archive'= {
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
        &'pmc;help'= {
            cand db-size 'Database and table sizes, growth since the last snapshot, days until the size limit'
            cand demo 'Boot a throwaway sandbox store and run the on-call routine against it'
            cand config 'Print the effective configuration and where each value comes from'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand man 'Write man pages for every subcommand into a directory'
            cand cleanup 'Delete expired vending sessions that hold no sale; archive the ones that hold a sale'
            cand orders-archive 'Move finished orders and their images into the pmc_archive schema'
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
        &'pmc;help;man'= {
        }
        &'pmc;help;cleanup'= {
        }
        &'pmc;help;orders-archive'= {
        }
        &'pmc;help;help'= {
        }
    ]
    $completions[$command]
}
