//! The command-line contract: help, usage errors (64), configuration errors (78), an
//! unreachable database (69), one-line errors without backtraces, quiet, colour, log files.

use crate::common::{TestDb, pmc};

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn help_and_version_exit_0_on_stdout() {
    let out = pmc().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "db-size",
        "demo",
        "config",
        "completions",
        "--database-url",
        "--json",
        "--quiet",
    ] {
        assert!(help.contains(word), "--help lacks {word}");
    }
    assert!(!help.contains("\n  man "), "man is hidden");
    let out = pmc().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!("pmc {}", env!("CARGO_PKG_VERSION"))
    );
    for sub in ["db-size", "demo", "config", "completions"] {
        let out = pmc().args([sub, "--help"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{sub} --help");
        assert!(
            String::from_utf8(out.stdout)
                .unwrap()
                .contains("Usage: pmc"),
            "{sub} --help"
        );
    }
}

#[test]
fn usage_errors_exit_64() {
    for args in [
        &[][..],
        &["nope"],
        &["db-size", "--bogus"],
        &["--json", "--format", "table", "config"],
        &["--color", "pink", "config"],
    ] {
        let out = pmc().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(64), "{args:?}: {}", stderr_of(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // An argument that is not UTF-8 is a usage error too, not a crash; a path may be one.
    use std::os::unix::ffi::OsStrExt as _;
    let out = pmc()
        .arg(std::ffi::OsStr::from_bytes(b"\xff"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr_of(&out));
    let out = pmc()
        .args(["config", "--env-file"])
        .arg(std::ffi::OsStr::from_bytes(b"/nonexistent/\xff.env"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr_of(&out));
    // A database URL given to the wrong flag, or as a stray argument, is quoted without its
    // password.
    for args in [
        &["db-size", "--top", "postgres://ops:Secret9@db/store"][..],
        &["db-size", "--top=postgres://ops:Secret9@db/store"],
        &["db-size", "postgres://ops:Secret9@db/store"],
    ] {
        let out = pmc().args(args).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("Secret9") && stderr.contains("postgres://ops:***@db/store"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn no_database_is_a_config_error() {
    let out = pmc().arg("db-size").output().unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr_of(&out).starts_with("error: no database configured: set DATABASE_URL"));
}

#[test]
fn unreachable_database_exits_69_without_password_or_backtrace() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://store:hunter2secret@127.0.0.1:{port}/pimpmycase");
    let out = pmc()
        .args(["--database-url", &url, "db-size"])
        .env("RUST_BACKTRACE", "1")
        .env("RUST_LIB_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(69), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: could not connect to database \"pimpmycase\" at 127.0.0.1:{port}: "
        )),
        "{stderr}"
    );
    // The reason, not the pool's timeout after retrying the refused connection.
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        !stderr.contains("hunter2secret") && !stderr.to_lowercase().contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn bad_urls_in_the_environment_are_config_errors_naming_the_variable() {
    let out = pmc()
        .arg("db-size")
        .env("DATABASE_URL", "mysql://x@h/db")
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(78), "{stderr}");
    assert!(
        stderr.contains("environment DATABASE_URL") && stderr.contains("database.url"),
        "{stderr}"
    );
    let out = pmc()
        .arg("config")
        .env("PMC_DATABASE_LOCK_TIMEOUT", "forever")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr_of(&out).contains("PMC_DATABASE_LOCK_TIMEOUT"));
}

#[tokio::test]
async fn quiet_prints_nothing_when_all_is_well_and_the_report_when_not() {
    let db = TestDb::new().await;
    let out = pmc()
        .args(["--database-url", &db.url, "db-size", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "db-size",
            "-q",
            "--warn-at",
            "1KB",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("status warning")
    );
}

#[tokio::test]
async fn colour_follows_the_flag_and_no_color() {
    let db = TestDb::new().await;
    // stdout and stderr (with -v, the log lines) of a run.
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = pmc();
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd
            .args(["--database-url", &db.url, "-v", "db-size"])
            .args(args)
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let escapes = |(stdout, stderr): (String, String)| {
        assert!(stderr.contains("pmc started"), "{stderr}");
        (stdout.contains('\u{1b}'), stderr.contains('\u{1b}'))
    };
    assert_eq!(escapes(run(&["--color", "always"], false)), (true, true));
    assert_eq!(escapes(run(&["--color", "never"], false)), (false, false));
    assert_eq!(
        escapes(run(&[], true)),
        (false, false),
        "NO_COLOR with auto"
    );
    assert_eq!(
        escapes(run(&[], false)),
        (false, false),
        "auto without a terminal"
    );
}

/// `-v` logs what pmc does; `-vv` adds the SQL statements (pmc.md); neither is on stdout.
#[tokio::test]
async fn each_verbose_level_adds_what_the_page_says() {
    let db = TestDb::new().await;
    let stderr = |flag: &str| {
        let out = pmc()
            .args(["--database-url", &db.url, flag, "db-size"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        stderr_of(&out)
    };
    let info = stderr("-v");
    assert!(
        info.contains("pmc started") && !info.contains("DEBUG"),
        "{info}"
    );
    let debug = stderr("-vv");
    assert!(
        debug
            .lines()
            .any(|l| l.contains("DEBUG") && l.contains("SELECT")),
        "{debug}"
    );
}

#[tokio::test]
async fn log_file_gets_json_lines_and_no_secrets() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("pmc.log");
    let out = pmc()
        .args([
            "--database-url",
            &db.url,
            "db-size",
            "--record",
            "-vv",
            "--log-file",
        ])
        .arg(&log)
        .env("CHINESE_API_PASSWORD", "partner-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = fs_err::read_to_string(&log).unwrap();
    assert!(text.lines().count() > 0);
    for line in text.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
    assert!(!text.contains("partner-secret"));
    let out = pmc()
        .args(["config", "--log-file", "/nonexistent-dir/pmc.log"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(stderr_of(&out).contains("/nonexistent-dir/pmc.log"));
}

#[test]
fn readme_documents_every_exit_code() {
    let readme = fs_err::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for exit in pmc::exit::Exit::ALL {
        let row = format!("| {} | {} |", exit.code(), exit.meaning());
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
}

#[test]
fn every_visible_subcommand_has_a_page_and_a_readme_row() {
    use clap::CommandFactory as _;
    let readme = fs_err::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for sub in pmc::cli::Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
    {
        let name = sub.get_name();
        let page = format!("{}/commands/{name}.md", env!("CARGO_MANIFEST_DIR"));
        assert!(std::path::Path::new(&page).is_file(), "missing {page}");
        assert!(
            readme.contains(&format!("(commands/{name}.md)")),
            "README.md does not link commands/{name}.md"
        );
    }
}

#[test]
fn the_error_line_is_coloured_only_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let errors = dir.path().join("errors.txt");
    let template = std::process::Command::from(pmc());
    let pmc_bin = template.get_program().to_string_lossy().into_owned();
    // stdout on a terminal (util-linux script), stderr to a file, then both on the terminal.
    let on_a_terminal = |arguments: &str| {
        let mut command = std::process::Command::new("script");
        command
            .args(["-qec", &format!("{pmc_bin} {arguments}"), "/dev/null"])
            .envs(template.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env_remove("NO_COLOR");
        let out = command
            .output()
            .expect("util-linux script runs pmc on a terminal");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let unreachable = "--database-url postgres://nobody@127.0.0.1:1/none db-size";
    on_a_terminal(&format!("{unreachable} 2>'{}'", errors.display()));
    let written = fs_err::read_to_string(&errors).unwrap();
    assert!(
        written.starts_with("error: could not connect"),
        "{written:?}"
    );
    assert!(!written.contains('\u{1b}'), "{written:?}");
    let shown = on_a_terminal(unreachable);
    assert!(shown.contains("\u{1b}["), "{shown:?}");
    // A usage error follows --color too, though clap could not parse the line it is in.
    let shown = on_a_terminal("orders list --limit x");
    assert!(shown.contains("\u{1b}["), "{shown:?}");
    for never in [
        "--color never orders list --limit x",
        "orders list --color=never --limit x",
    ] {
        let shown = on_a_terminal(never);
        assert!(
            shown.starts_with("error: invalid value"),
            "{never}: {shown:?}"
        );
    }
}

#[test]
fn a_report_that_cannot_be_written_is_a_failed_run() {
    let full = || {
        fs_err::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
            .into_parts()
            .0
    };
    let run = |arg: &str| {
        std::process::Command::from(pmc())
            .arg(arg)
            .stdout(full())
            .output()
            .unwrap()
    };
    let out = run("config");
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("failed to write the report to stdout"),
        "{}",
        stderr_of(&out)
    );
    let out = run("--help");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("failed to write to stdout"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn table_text_cannot_drive_the_terminal() {
    // A value with escapes (store text is the usual source: names, notes) shows them visibly.
    let out = pmc()
        .arg("config")
        .env("PMC_PARTNER_SYSTEM_NAME", "shell\u{1b}]0;pwned\u{7}\rover")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("shell^[]0;pwned^G^Mover"), "{table}");
    assert!(!table.contains(['\u{1b}', '\u{7}', '\r']), "{table:?}");
}

#[test]
fn a_log_file_that_cannot_be_written_is_said() {
    let out = pmc()
        .args(["--log-file", "/dev/full", "config"])
        .output()
        .unwrap();
    // The run's outcome stands; the lost log is a warning on stderr.
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr_of(&out).contains("warning: --log-file /dev/full: No space left on device"),
        "{}",
        stderr_of(&out)
    );
}

/// A database set to refuse new sessions (what a `pmc restore --replace` killed during its swap
/// leaves) is unreachable, exit 69, and the line says how to let the store back in.
#[tokio::test]
async fn a_database_that_refuses_sessions_is_named_with_the_way_back() {
    let db = TestDb::new().await;
    // From another database: PostgreSQL refuses the change from the database itself.
    let mut admin = db.admin().await;
    let alter = |allow: bool| {
        format!(
            "ALTER DATABASE \"{}\" WITH ALLOW_CONNECTIONS {allow}",
            db.name
        )
    };
    sqlx::query(sqlx::AssertSqlSafe(alter(false)))
        .execute(&mut admin)
        .await
        .unwrap();
    let out = pmc()
        .args(["--database-url", &db.url, "db-size"])
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    sqlx::query(sqlx::AssertSqlSafe(alter(true)))
        .execute(&mut admin)
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(69), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "ALTER DATABASE \"{}\" ALLOW_CONNECTIONS true` lets the store back in",
            db.name
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// The completion script is the product of `pmc completions SHELL`, not chatter: `-q` keeps it.
#[test]
fn quiet_keeps_the_completion_script() {
    let loud = pmc().args(["completions", "bash"]).output().unwrap();
    let quiet = pmc().args(["-q", "completions", "bash"]).output().unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    assert!(!loud.stdout.is_empty());
    assert_eq!(quiet.stdout, loud.stdout);
}
