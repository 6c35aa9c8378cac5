
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
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Boot a throwaway sandbox store and run the on-call routine against it')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each value comes from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into a new database and validate it; --replace, --drill')
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
        'pmc;restore' {
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Restore the newest good backup that started before TIME')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The backup repository (default: backup.repo)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'age identity file that decrypts encrypted backups (default: backup.identity_file)')
            [CompletionResult]::new('--target-db', '--target-db', [CompletionResultType]::ParameterName, 'Name of the new database; it must not exist')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Parallel pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Parallel pg_restore jobs (default: one per CPU, at most 8; plain SQL loads serially)')
            [CompletionResult]::new('--toast-compression', '--toast-compression', [CompletionResultType]::ParameterName, 'How the restored database compresses large values (TOAST)')
            [CompletionResult]::new('--confirm', '--confirm', [CompletionResultType]::ParameterName, 'The live database''s name, confirming --replace without a prompt (for scripts)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this TOML file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read store environment variables from this file instead of ./.env')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'PostgreSQL URL of the store database')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write results on stdout')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Append a log of the run to this file as JSON lines')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output; NO_COLOR in the environment means never for auto')
            [CompletionResult]::new('--no-owner', '--no-owner', [CompletionResultType]::ParameterName, 'Skip ownership and privileges (pg_restore --no-owner --no-acl), for a server that lacks the store''s roles')
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
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Boot a throwaway sandbox store and run the on-call routine against it')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each value comes from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into a new database and validate it; --replace, --drill')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages for every subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pmc;help;db-size' {
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
        'pmc;help;restore' {
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
