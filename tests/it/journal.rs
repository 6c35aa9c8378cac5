//! The operating contract of mutating runs: migrations, the per-job advisory lock, the
//! pmc.runs journal (failures and interruptions included), session settings.

use std::time::{Duration, Instant};

use pmc::exit::Exit;
use pmc::journal::{self, LOCK_CLASS, lock_id};
use pmc::output::{Outcome, Report, table};
use sqlx::Connection as _;

use crate::common::{TestDb, eventually, hold_table_lock, pmc};

struct Empty;
impl Report for Empty {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({"done": true})
    }
    fn write_table(&self, _: &mut dyn std::io::Write, _: &table::Style) -> std::io::Result<()> {
        Ok(())
    }
}

/// A context for the `config` job (any command name will do for the journal) on this database.
fn context(db: &TestDb, arguments: &[String]) -> pmc::ctx::Ctx {
    let mut config = pmc::config::Config::load(&pmc::config::LoadOptions::default()).unwrap();
    config
        .set_override("database.url", &db.url, pmc::config::Source::Sandbox)
        .unwrap();
    let command = pmc::commands::Command::Config(pmc::commands::config::Args {});
    pmc::ctx::Ctx::with_config(
        pmc::output::Printer::plain(),
        &command,
        arguments.to_vec(),
        config,
    )
}

#[tokio::test]
async fn migrations_are_idempotent_and_safe_to_race() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let (a, b) = tokio::join!(journal::migrate(&pool), journal::migrate(&pool));
    a.unwrap();
    b.unwrap();
    journal::migrate(&pool).await.unwrap();
    let versions: Vec<i32> =
        sqlx::query_scalar("SELECT version FROM pmc.migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        versions,
        pmc::sql::MIGRATIONS.iter().map(|m| m.0).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_role_that_may_only_write_pmcs_tables_runs_once_they_exist() {
    let db = TestDb::with_fixtures(1).await;
    let pool = db.pool().await;
    journal::migrate(&pool).await.unwrap();
    let role = format!("writer_{}", db.name);
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {role} LOGIN PASSWORD 'w-pass'; \
         REVOKE CREATE ON DATABASE {db} FROM PUBLIC; \
         GRANT CONNECT ON DATABASE {db} TO {role}; \
         GRANT USAGE ON SCHEMA public, pmc TO {role}; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}; \
         GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA pmc TO {role}; \
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA pmc TO {role}",
        db = db.name
    )))
    .execute(&pool)
    .await
    .unwrap();
    // CREATE ... IF NOT EXISTS would need CREATE on the database even with pmc there.
    let out = pmc()
        .args([
            "--database-url",
            &db.url_as(&role, "w-pass"),
            "db-size",
            "--record",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Another role's session holds the lock and has no journal row (it has just taken the lock,
    // or it is not pmc): the server hides when and where that session started from this role,
    // and the refusal says so instead of failing to read the holder.
    let mut holder = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(lock_id("db-size"))
        .execute(&mut holder)
        .await
        .unwrap();
    let out = pmc()
        .args([
            "--database-url",
            &db.url_as(&role, "w-pass"),
            "db-size",
            "--record",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(75), "{stderr}");
    assert!(
        stderr.contains("holds the lock since an unknown time on an unknown host (pid unknown"),
        "{stderr}"
    );
    holder.close().await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP OWNED BY {role}; DROP ROLE {role}"
    )))
    .execute(&pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn journal_records_success_warning_and_failure() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    let args = vec![
        "--database-url".to_string(),
        "postgres://u:***@h/db".to_string(),
    ];
    let ctx = context(&db, &args);
    let database = ctx.database(pmc::db::Access::ReadWrite).unwrap();
    journal::run_job(&ctx, &database, &pool, |_| async {
        Ok(Outcome::new(Empty, Exit::Ok))
    })
    .await
    .unwrap();
    journal::run_job(&ctx, &database, &pool, |_| async {
        Ok(Outcome::new(Empty, Exit::Warning))
    })
    .await
    .unwrap();
    let failed = journal::run_job(&ctx, &database, &pool, |_| async {
        Err::<Outcome, _>(anyhow::anyhow!("the disk is full"))
    })
    .await;
    assert!(failed.is_err());
    type RunRow = (
        String,
        String,
        Option<i32>,
        Option<String>,
        bool,
        serde_json::Value,
    );
    let rows: Vec<RunRow> = sqlx::query_as(
        "SELECT command, outcome, exit_code, error, finished_at IS NOT NULL, arguments FROM pmc.runs ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("ok", Some(0)));
    assert_eq!((rows[1].1.as_str(), rows[1].2), ("warning", Some(1)));
    assert_eq!(rows[2].1, "failed");
    assert_eq!(rows[2].3.as_deref(), Some("the disk is full"));
    assert!(rows.iter().all(|r| r.0 == "config" && r.4));
    assert_eq!(rows[0].5, serde_json::json!(args));
    // The lock is released after each run: a new run gets it at once.
    let mut conn = database.connection().await.unwrap();
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(lock_id("config"))
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(got);
}

#[tokio::test]
async fn a_second_run_exits_75_naming_the_holder() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    journal::migrate(&pool).await.unwrap();
    // Pretend another host runs `db-size --record`: it holds the lock and has an open journal row.
    let mut holder = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(lock_id("db-size"))
        .fetch_one(&mut holder)
        .await
        .unwrap();
    assert!(got);
    sqlx::query(
        "INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version, started_at) \
         VALUES ('db-size', '[]', 'cron-host', 'postgres', 4242, '0.0.0', '2026-11-23 03:00:00+00')",
    )
    .execute(&mut holder)
    .await
    .unwrap();

    let out = pmc()
        .args(["--database-url", &db.url, "db-size", "--record"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(75), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "error: another pmc db-size run holds the lock since 2026-11-23 03:00:00 UTC on cron-host (pid 4242)"
    );
    // A read-only db-size needs no lock.
    let out = pmc()
        .args(["--database-url", &db.url, "db-size"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    holder.close().await.unwrap();
    let out = pmc()
        .args(["--database-url", &db.url, "db-size", "--record"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn lock_timeout_from_config_bounds_waits() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    journal::migrate(&pool).await.unwrap();
    let mut blocker = hold_table_lock(&db, "pmc.size_snapshots").await;
    let started = Instant::now();
    let out = pmc()
        .args(["--database-url", &db.url, "db-size", "--record"])
        .env("PMC_DATABASE_LOCK_TIMEOUT", "300ms")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // db-size is a check command: a failure is exit 3, "could not check".
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("lock timeout"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20));
    sqlx::query("ROLLBACK").execute(&mut blocker).await.unwrap();
    let (outcome, code, error): (String, Option<i32>, Option<String>) =
        sqlx::query_as("SELECT outcome, exit_code, error FROM pmc.runs ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((outcome.as_str(), code), ("failed", Some(3)));
    assert!(error.unwrap().contains("lock timeout"));
}

#[tokio::test]
async fn ctrl_c_ends_a_job_with_130_and_journals_it() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    journal::migrate(&pool).await.unwrap();
    let mut blocker = hold_table_lock(&db, "pmc.size_snapshots").await;

    let child = std::process::Command::from(pmc())
        .args(["--database-url", &db.url, "db-size", "--record"])
        .env("PMC_DATABASE_LOCK_TIMEOUT", "5min")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until pmc's session is blocked on the table lock, then interrupt it.
    let application = format!("pmc {} db-size", env!("CARGO_PKG_VERSION"));
    eventually("pmc to wait for the table lock", || {
        let pool = pool.clone();
        let application = application.clone();
        async move {
            sqlx::query_scalar::<_, bool>(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock')",
            )
            .bind(application)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    })
    .await;
    crate::common::send_signal(&child, rustix::process::Signal::INT);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: interrupted"
    );
    sqlx::query("ROLLBACK").execute(&mut blocker).await.unwrap();
    let (outcome, code): (String, Option<i32>) =
        sqlx::query_as("SELECT outcome, exit_code FROM pmc.runs ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((outcome.as_str(), code), ("interrupted", Some(130)));
}

#[tokio::test]
async fn sessions_carry_application_name_and_timeouts() {
    let db = TestDb::new().await;
    let mut config = pmc::config::Config::load(&pmc::config::LoadOptions::default()).unwrap();
    config
        .set_override("database.url", &db.url, pmc::config::Source::Sandbox)
        .unwrap();
    config
        .set_override(
            "database.statement_timeout",
            "42s",
            pmc::config::Source::Sandbox,
        )
        .unwrap();
    let database =
        pmc::db::Database::from_config(&config, "db-size", pmc::db::Access::ReadOnly).unwrap();
    let pool = database.pool().await.unwrap();
    let row: (String, String, String, String) = sqlx::query_as(
        "SELECT current_setting('application_name'), current_setting('statement_timeout'), \
         current_setting('lock_timeout'), current_setting('default_transaction_read_only')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.0, format!("pmc {} db-size", env!("CARGO_PKG_VERSION")));
    assert_eq!(
        (row.1.as_str(), row.2.as_str(), row.3.as_str()),
        ("42s", "5s", "on")
    );
    let write = sqlx::query("CREATE TABLE nope (id int)")
        .execute(&pool)
        .await
        .unwrap_err();
    assert!(
        write.to_string().contains("read-only transaction"),
        "{write}"
    );
}

/// A run killed with SIGKILL (or copied into a restored database while it ran) leaves its row
/// `running`; the next run of the same job, which holds the lock so no such run can be live,
/// marks it interrupted. Rows of other jobs are not its to judge.
#[tokio::test]
async fn the_next_run_closes_the_rows_of_killed_runs_of_its_job() {
    let db = TestDb::new().await;
    let pool = db.pool().await;
    journal::migrate(&pool).await.unwrap();
    sqlx::query(
        "INSERT INTO pmc.runs (command, arguments, host, os_user, os_pid, pmc_version) \
         VALUES ('db-size', '[]', 'gone-host', 'postgres', 4242, '0.0.0'), \
                ('backup', '[]', 'gone-host', 'postgres', 4243, '0.0.0')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let out = pmc()
        .args(["--database-url", &db.url, "db-size", "--record"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT command, outcome, error FROM pmc.runs WHERE os_pid IN (4242, 4243) ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows[0].0, "db-size");
    assert_eq!(rows[0].1, "interrupted");
    assert!(
        rows[0]
            .2
            .as_deref()
            .unwrap()
            .contains("ended without closing this row"),
        "{rows:?}"
    );
    assert_eq!(
        (rows[1].0.as_str(), rows[1].1.as_str()),
        ("backup", "running")
    );
}
