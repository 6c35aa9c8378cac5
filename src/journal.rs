//! pmc's bookkeeping in the store database: the `pmc` schema and its migrations, the per-job
//! advisory lock, and the `pmc.runs` journal that every mutating command writes, failures
//! included. Read-only commands never come here, so they never create anything.

use std::future::Future;

use anyhow::Context as _;
use sqlx::{PgConnection, PgPool};

use crate::ctx::Ctx;
use crate::db::{self, Database};
use crate::error::Failure;
use crate::exit::Exit;
use crate::output::Outcome;
use crate::sql;

/// The advisory-lock class of pmc ("PMC" in ASCII), so pmc's locks never collide with the
/// store's own advisory locks, should it ever take any.
pub const LOCK_CLASS: i32 = 0x504D43;

/// The advisory-lock id of a job: FNV-1a of its name, kept positive so it reads the same in
/// `pg_locks.objid`.
pub fn lock_id(job: &str) -> i32 {
    let hash = job.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    (hash & 0x7fff_ffff) as i32
}

/// Creates the `pmc` schema and applies missing migrations, under a transaction-scoped advisory
/// lock so two pmc runs starting together do not race.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    let mut tx = pool
        .begin()
        .await
        .context("failed to start the pmc migration transaction")?;
    sqlx::query(sql::PMC_MIGRATION_LOCK)
        .bind(LOCK_CLASS)
        .bind(lock_id("migrate"))
        .execute(&mut *tx)
        .await
        .context("failed to take the pmc migration lock")?;
    let bootstrapped: bool = sqlx::query_scalar(sql::PMC_BOOTSTRAP_DONE)
        .fetch_one(&mut *tx)
        .await
        .context("failed to look for pmc.migrations")?;
    if !bootstrapped {
        sqlx::query(sql::PMC_BOOTSTRAP_SCHEMA)
            .execute(&mut *tx)
            .await
            .context("failed to create schema pmc (does this role have CREATE on the database?)")?;
        sqlx::query(sql::PMC_BOOTSTRAP_MIGRATIONS)
            .execute(&mut *tx)
            .await
            .context("failed to create table pmc.migrations")?;
    }
    let applied: Vec<i32> = sqlx::query_scalar(sql::PMC_MIGRATIONS_APPLIED)
        .fetch_all(&mut *tx)
        .await
        .context("failed to read pmc.migrations")?;
    for (version, name, statement) in sql::MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        // A migration is a script (a table and its indexes), so it goes through the simple
        // protocol, which allows several statements; still inside the one transaction.
        sqlx::raw_sql(*statement)
            .execute(&mut *tx)
            .await
            .with_context(|| format!("failed to apply pmc migration {version} ({name})"))?;
        sqlx::query(sql::PMC_MIGRATION_RECORD)
            .bind(version)
            .bind(name)
            .bind(env!("CARGO_PKG_VERSION"))
            .execute(&mut *tx)
            .await
            .context("failed to record a pmc migration")?;
    }
    tx.commit()
        .await
        .context("failed to commit the pmc migrations")
}

/// Takes the job's session-level advisory lock on `conn`, or fails with `Failure::Locked`
/// naming the holder.
async fn lock(conn: &mut PgConnection, job: &str) -> anyhow::Result<()> {
    if try_lock(conn, job, job).await? {
        return Ok(());
    }
    let holder = lock_holder(conn, job).await?;
    Err(locked(
        job,
        holder.map(|h| (h.since, h.host.clone(), h.pid_text())),
    ))
}

/// Who holds a job's lock, as `pmc backup status` and the refusal of a second run name it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LockHolder {
    /// None when the server does not show this role the holding session (another role's, and
    /// no journal row yet).
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    pub host: String,
    /// The holder's OS pid, from its journal row; None for a session that is not a pmc run.
    pub pid: Option<i32>,
    /// The PostgreSQL server pid of the holding session.
    pub server_pid: i32,
}

impl LockHolder {
    /// The pid for a message: the OS pid, else what is known.
    pub fn pid_text(&self) -> String {
        match self.pid {
            Some(pid) => pid.to_string(),
            None => format!("unknown, server pid {}", self.server_pid),
        }
    }
}

/// Who holds `job`'s lock now, if anyone.
pub async fn lock_holder(conn: &mut PgConnection, job: &str) -> anyhow::Result<Option<LockHolder>> {
    type Row = (
        Option<chrono::DateTime<chrono::Utc>>,
        String,
        Option<i32>,
        i32,
    );
    let row: Option<Row> = sqlx::query_as(sql::PMC_LOCK_HOLDER)
        .bind(LOCK_CLASS)
        .bind(lock_id(job))
        .fetch_optional(&mut *conn)
        .await
        .with_context(|| format!("failed to find who holds the {job} lock"))?;
    Ok(row.map(|(since, host, pid, server_pid)| LockHolder {
        since,
        host,
        pid,
        server_pid,
    }))
}

/// Tries `job`'s advisory lock on `key` once, without waiting: whether this session got it.
/// The session is first kept from idle_session_timeout: the lock lives as long as it does.
async fn try_lock(conn: &mut PgConnection, job: &str, key: &str) -> anyhow::Result<bool> {
    if conn.server_version_num().is_some_and(|v| v >= 140_000) {
        sqlx::raw_sql(sql::PMC_LOCK_SESSION_STAYS)
            .execute(&mut *conn)
            .await
            .with_context(|| format!("failed to keep the session of the {job} lock open"))?;
    }
    sqlx::query_scalar(sql::PMC_LOCK_TRY)
        .bind(LOCK_CLASS)
        .bind(lock_id(key))
        .fetch_one(&mut *conn)
        .await
        .with_context(|| format!("failed to take the {job} lock"))
}

/// `Failure::Locked` for `job`, naming the holder (since, host, pid) when it was found.
fn locked(
    job: &str,
    holder: Option<(Option<chrono::DateTime<chrono::Utc>>, String, String)>,
) -> anyhow::Error {
    let (since, host, pid) = match holder {
        Some((since, host, pid)) => (
            since.map_or_else(
                || "an unknown time".into(),
                |since| since.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            ),
            host,
            pid,
        ),
        // The holder let go between our two queries; a rerun will get the lock.
        None => (
            "a moment ago".into(),
            "an unknown host".into(),
            "unknown".into(),
        ),
    };
    Failure::Locked {
        job: job.to_string(),
        since,
        host,
        pid,
    }
    .into()
}

/// Takes `job`'s advisory lock on `key` in the database `conn` is connected to, for as long as
/// `conn` lives, or fails with `Failure::Locked` naming the holder. For locks that must outlive
/// any session on the store database (restore holds one across the rename of the live
/// database), so there is no journal row to name the holder: the holder's session says who it
/// is in its application_name.
pub async fn lock_without_journal(
    conn: &mut PgConnection,
    job: &str,
    key: &str,
) -> anyhow::Result<()> {
    let (host, _, pid) = run_identity();
    sqlx::query(sql::PMC_SESSION_NAME)
        .bind(format!("pmc {job} pid {pid} on {host}"))
        .execute(&mut *conn)
        .await
        .with_context(|| format!("failed to name the session of the {job} lock"))?;
    if try_lock(conn, job, key).await? {
        return Ok(());
    }
    type Holder = (
        Option<chrono::DateTime<chrono::Utc>>,
        Option<String>,
        String,
        i32,
    );
    let holder: Option<Holder> = sqlx::query_as(sql::PMC_SERVER_LOCK_HOLDER)
        .bind(LOCK_CLASS)
        .bind(lock_id(key))
        .fetch_optional(&mut *conn)
        .await
        .with_context(|| format!("failed to find who holds the {job} lock"))?;
    let holder = holder.map(|(since, application, client, server_pid)| {
        let named = application.as_deref().and_then(|a| {
            a.strip_prefix(&format!("pmc {job} pid "))?
                .split_once(" on ")
        });
        match named {
            Some((pid, host)) => (since, host.to_string(), pid.to_string()),
            None => (since, client, format!("unknown, server pid {server_pid}")),
        }
    });
    Err(locked(job, holder))
}

/// Who and where a run happens, for its journal row.
/// Waits for `presses` Ctrl-Cs.
async fn ctrl_c_presses(presses: u32) {
    for _ in 0..presses {
        // An error means no signal handler could be set up: then no Ctrl-C can be seen.
        if crate::interrupt_signal().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

fn run_identity() -> (String, String, i32) {
    let host = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| format!("uid {}", rustix::process::getuid().as_raw()));
    (host, user, std::process::id() as i32)
}

/// What a Ctrl-C does to a job's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnCtrlC {
    /// The work is dropped at once; its open transaction rolls back.
    Abort,
    /// The work sees the first Ctrl-C itself (`cleanup::Budget::stop_on_ctrl_c`) and stops
    /// in its own way, ending with what it did: cleanup after the batch in flight, vacuum by
    /// cancelling its statement on the server. A second one aborts.
    WorkStopsItself,
}

/// Runs `work` as a mutating job: applies migrations, takes the job's lock (exit 75 when
/// another run holds it), opens a journal row, runs the work (Ctrl-C included), and closes the
/// row with the outcome, also when the work failed. The job is the command's name; `work`
/// gets the run id.
pub async fn run_job<F, Fut>(
    ctx: &Ctx,
    database: &Database,
    pool: &PgPool,
    work: F,
) -> anyhow::Result<Outcome>
where
    F: FnOnce(i64) -> Fut,
    Fut: Future<Output = anyhow::Result<Outcome>>,
{
    run_job_with(ctx, database, pool, OnCtrlC::Abort, work).await
}

/// [`run_job`], with what a Ctrl-C does chosen by the job.
pub async fn run_job_with<F, Fut>(
    ctx: &Ctx,
    database: &Database,
    pool: &PgPool,
    on_ctrl_c: OnCtrlC,
    work: F,
) -> anyhow::Result<Outcome>
where
    F: FnOnce(i64) -> Fut,
    Fut: Future<Output = anyhow::Result<Outcome>>,
{
    let job = ctx.command;
    migrate(pool).await?;
    // The lock and the journal row share one dedicated connection: the row's backend_pid then
    // names the lock holder, and if pmc dies the server drops the session and the lock with it.
    let mut conn = database.connection().await?;
    lock(&mut conn, job).await?;
    let (host, user, pid) = run_identity();
    let run_id: i64 = sqlx::query_scalar(sql::PMC_RUN_START)
        .bind(job)
        .bind(serde_json::json!(ctx.arguments))
        .bind(&host)
        .bind(&user)
        .bind(pid)
        .bind(env!("CARGO_PKG_VERSION"))
        .fetch_one(&mut conn)
        .await
        .context("failed to open a journal row in pmc.runs")?;
    tracing::info!(run_id, job, host, user, "journal row opened");
    let closed: i64 = sqlx::query_scalar(sql::PMC_RUN_CLOSE_STALE)
        .bind(job)
        .bind(run_id)
        .fetch_one(&mut conn)
        .await
        .context("failed to close the journal rows of earlier runs that never closed theirs")?;
    if closed > 0 {
        tracing::info!(
            closed,
            job,
            "journal rows of killed runs marked interrupted"
        );
    }

    // Held until the row is closed: the top level sees the same Ctrl-C and must not drop this
    // future while the closing UPDATE is in flight.
    let handles_ctrl_c = crate::HandlesCtrlC::start();
    let presses_to_abort = match on_ctrl_c {
        OnCtrlC::Abort => 1,
        OnCtrlC::WorkStopsItself => 2,
    };
    let result = tokio::select! {
        result = work(run_id) => result,
        _ = ctrl_c_presses(presses_to_abort) => Err(Failure::Interrupted.into()),
    };

    let (outcome, exit_code, summary, error) = match &result {
        Ok(done) => {
            let word = match done.exit {
                Exit::Ok => "ok",
                Exit::Warning => "warning",
                Exit::Critical => "critical",
                // Stopped by a Ctrl-C between batches: the summary says what it did.
                Exit::Interrupted => "interrupted",
                _ => "failed",
            };
            (word, done.exit.code(), Some(done.report.json()), None)
        }
        Err(err) => {
            let exit = crate::error::exit_for(err, ctx.failure_exit);
            let word = if exit == Exit::Interrupted {
                "interrupted"
            } else {
                "failed"
            };
            (word, exit.code(), None, Some(crate::error::one_line(err)))
        }
    };
    tracing::info!(run_id, job, outcome, exit = exit_code, "journal row closed");
    let finished = sqlx::query(sql::PMC_RUN_FINISH)
        .bind(run_id)
        .bind(outcome)
        .bind(i32::from(exit_code))
        .bind(summary)
        .bind(error)
        .execute(&mut conn)
        .await;
    if let Err(e) = finished {
        tracing::warn!(run_id, error = %e, "failed to close the journal row");
    }
    let _ = sqlx::query(sql::PMC_LOCK_RELEASE)
        .bind(LOCK_CLASS)
        .bind(lock_id(job))
        .execute(&mut conn)
        .await;
    db::close(conn).await;
    drop(handles_ctrl_c);
    result
}
