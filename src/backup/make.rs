//! Making one backup: pg_dump streamed into the repository in one pass, row counts taken in
//! the very snapshot pg_dump reads, the sanity gate, the globals, the manifest last, then
//! retention.
//!
//! Consistency: pmc opens a read-only REPEATABLE READ transaction, exports its snapshot and
//! hands it to `pg_dump --snapshot`; while pg_dump streams, the same transaction counts every
//! table's rows and reads the newest order. The counts and the recovery point in the manifest
//! are therefore exactly what the dump holds, whatever the store writes meanwhile.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{Connection as _, PgConnection};

use super::inventory::{self, Entry};
use super::manifest::{DumpFormat, MANIFEST_VERSION, Manifest, StoredFile};
use super::pipeline::{self, ChildHandle, Sink, TerminateOnDrop, Written};
use super::repo::{self, Storage};
use super::retention;
use super::retention::{Decision, Policy};
use crate::db::Database;
use crate::error::Failure;
use crate::pg_client;
use crate::sql;

/// The tables whose shrinking stops a backup (`--max-row-drop`): losing orders, vending
/// sessions or the phone catalogue is what a broken migration or a bad cleanup looks like.
pub const GUARDED_TABLES: [&str; 3] = [
    "public.orders",
    "public.vending_machine_sessions",
    "public.phone_models",
];

/// What to do, free of clap.
#[derive(Debug, Clone)]
pub struct Options {
    pub labels: BTreeMap<String, String>,
    /// A dump smaller than this (uncompressed) is refused.
    pub min_size: u64,
    /// The largest share of rows a guarded table may lose against the previous good backup.
    pub max_row_drop: f64,
    pub accept_drop: bool,
    pub with_role_passwords: bool,
    pub recipients: Vec<age::x25519::Recipient>,
    pub policy: Policy,
    /// Run retention after a good backup.
    pub prune: bool,
    /// pg_dump's `--lock-wait-timeout` (0: wait as long as it takes).
    pub lock_wait: Duration,
    pub threads: u32,
}

/// What retention did after the backup.
#[derive(Debug, Clone, Serialize)]
pub struct RetentionOutcome {
    pub kept: usize,
    pub removed: Vec<String>,
}

/// The report of a good backup; its JSON is documented in commands/backup.md.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub id: String,
    pub repo: String,
    pub database: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_seconds: f64,
    pub raw_bytes: u64,
    pub stored_bytes: u64,
    /// raw_bytes over stored_bytes.
    pub ratio: f64,
    pub sha256: String,
    pub encrypted: bool,
    pub tables: usize,
    pub row_counts: BTreeMap<String, i64>,
    pub recovery_point: Option<DateTime<Utc>>,
    pub labels: BTreeMap<String, String>,
    pub globals: Option<StoredFile>,
    pub retention: Option<RetentionOutcome>,
    /// Things that did not stop the backup but need a look (exit 1).
    pub warnings: Vec<String>,
}

/// Picks a fresh id: the start time to the second; if a folder of that second exists (two
/// runs in one second), waits for the next second, so ids stay plain timestamps.
async fn allocate_id(storage: &dyn Storage) -> anyhow::Result<(String, DateTime<Utc>)> {
    loop {
        let now = Utc::now();
        let id = inventory::format_id(now);
        if !storage.ids()?.contains(&id) {
            return Ok((id, now));
        }
        let wait = 1_000 - u64::from(now.timestamp_subsec_millis()).min(999);
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
}

/// `"schema"."table"` from catalog names.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Exact row counts of `tables` in the transaction's snapshot.
async fn count_rows(
    conn: &mut PgConnection,
    tables: &[(String, String)],
) -> anyhow::Result<BTreeMap<String, i64>> {
    let mut counts = BTreeMap::new();
    for (schema, table) in tables {
        // Identifiers come from pg_catalog (sql/backup_tables.sql) and are quoted.
        let statement = format!(
            "SELECT count(*) FROM {}.{}",
            quote_ident(schema),
            quote_ident(table)
        );
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(statement))
            .fetch_one(&mut *conn)
            .await
            .with_context(|| format!("failed to count the rows of {schema}.{table}"))?;
        counts.insert(format!("{schema}.{table}"), n);
    }
    Ok(counts)
}

/// The rows a guarded table lost against the previous good backup beyond the allowed share,
/// as messages.
pub fn row_drops(previous: &Manifest, now: &BTreeMap<String, i64>, max_drop: f64) -> Vec<String> {
    GUARDED_TABLES
        .iter()
        .filter_map(|table| {
            let before = *previous.row_counts.get(*table)?;
            let after = now.get(*table).copied().unwrap_or(0);
            if before <= 0 || after >= before {
                return None;
            }
            let drop = (before - after) as f64 / before as f64;
            (drop > max_drop).then(|| {
                format!(
                    "{table} fell from {before} to {after} rows (-{:.1}%, more than the allowed \
                     {:.1}%) since backup {}",
                    drop * 100.0,
                    max_drop * 100.0,
                    previous.id
                )
            })
        })
        .collect()
}

/// The previous good backup of `database` that has row counts (a pmc backup, not an import).
/// A backup dated in the future (a wrong clock, a wrong name at import) is not the previous one:
/// its counts would stand in for those of the backup before it, as `latest` passes it over.
fn previous_good<'a>(
    entries: &'a [Entry],
    database: &str,
    now: DateTime<Utc>,
) -> Option<&'a Manifest> {
    entries
        .iter()
        .rev()
        .filter(|e| !retention::in_future(e.started_at(), now))
        .filter_map(|e| e.manifest.as_ref())
        .find(|m| m.database == database && !m.row_counts.is_empty())
}

/// Refuses (exit 65, before pg_dump starts) a repository that holds a good backup of another
/// database: retention would count it among this database's backups and remove them, and
/// `restore latest` would load the other database's data.
fn refuse_other_databases(
    storage: &dyn Storage,
    entries: &[Entry],
    database: &str,
) -> anyhow::Result<()> {
    let Some(other) = entries
        .iter()
        .rev()
        .filter_map(|e| e.manifest.as_ref())
        // An import names the configured database, whichever it was dumped from.
        .find(|m| m.database != database && m.imported_from.is_none())
    else {
        return Ok(());
    };
    Err(crate::error::Failure::BadInput(format!(
        "the repository {} holds backups of the database {:?} (the newest is {}), not of {:?}: \
         pmc keeps one database per repository, and this backup's retention would remove \
         theirs; give {:?} a repository of its own (--repo or backup.repo)",
        storage.location(),
        other.database,
        other.id,
        database,
        database
    ))
    .into())
}

/// The lines of a child's stderr that report errors, and the others.
fn split_stderr(stderr: &str) -> (Vec<String>, Vec<String>) {
    let lines = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    lines.partition(|l| {
        let lower = l.to_lowercase();
        lower.contains("error:") || lower.contains("fatal:")
    })
}

/// Makes a backup of the database `read_only` reaches into `storage`: pmc holds the snapshot
/// and counts the rows on that read-only connection, and pg_dump connects to the same place.
/// Refusals by the sanity gate are `Failure::BadInput` (exit 65) and leave nothing in the
/// repository.
pub async fn make(
    storage: Arc<dyn Storage>,
    read_only: &Database,
    opts: &Options,
    progress: indicatif::ProgressBar,
) -> anyhow::Result<BackupReport> {
    let clock = Instant::now();
    let pg_dump = pg_client::program("pg_dump");
    let pg_dumpall = pg_client::program("pg_dumpall");
    let pg_dump_version = {
        let pg_dump = pg_dump.clone();
        tokio::task::spawn_blocking(move || pg_client::version(&pg_dump))
            .await
            .context("the pg_dump --version task failed")??
    };
    let (id, started_at) = allocate_id(storage.as_ref()).await?;

    let result = make_in(
        &storage,
        read_only,
        opts,
        &progress,
        Attempt {
            id: &id,
            started_at,
            pg_dump: &pg_dump,
            pg_dumpall: &pg_dumpall,
            pg_dump_version,
            clock,
        },
    )
    .await;
    progress.finish_and_clear();
    if result.is_err() {
        // A refused or failed backup leaves no folder behind; if even that fails, the folder
        // has no manifest and is listed as incomplete, then removed by the next retention.
        let storage = storage.clone();
        let id = id.clone();
        let _ = tokio::task::spawn_blocking(move || storage.remove(&id)).await;
    }
    result
}

/// One backup's fixed facts.
struct Attempt<'a> {
    id: &'a str,
    started_at: DateTime<Utc>,
    pg_dump: &'a std::path::Path,
    pg_dumpall: &'a std::path::Path,
    pg_dump_version: String,
    clock: Instant,
}

async fn make_in(
    storage: &Arc<dyn Storage>,
    read_only: &Database,
    opts: &Options,
    progress: &indicatif::ProgressBar,
    attempt: Attempt<'_>,
) -> anyhow::Result<BackupReport> {
    let id = attempt.id.to_string();
    let mut conn = read_only.connection().await?;
    let mut tx = conn
        .begin_with(sql::BACKUP_BEGIN)
        .await
        .context("failed to start the snapshot transaction")?;
    let (snapshot, server_version, database): (String, String, String) =
        sqlx::query_as(sql::BACKUP_SNAPSHOT)
            .fetch_one(&mut *tx)
            .await
            .context("failed to export a snapshot for pg_dump")?;
    // Listed once, before pg_dump: the job's lock keeps other backups and prunes out until the
    // end, so the row-drop check after the dump can use the same listing.
    let entries = {
        let storage = storage.clone();
        tokio::task::spawn_blocking(move || inventory::entries(storage.as_ref()))
            .await
            .context("the repository listing task failed")??
    };
    refuse_other_databases(storage.as_ref(), &entries, &database)?;
    let tables: Vec<(String, String)> = sqlx::query_as(sql::BACKUP_TABLES)
        .fetch_all(&mut *tx)
        .await
        .context("failed to list the tables to count")?;
    progress.set_message(format!("{database} → {id}"));

    let env = read_only.client_env("backup (pg_dump)");
    let mut command = env.command(attempt.pg_dump);
    command.args(["--format=custom", "--compress=0", "--no-password"]);
    command.arg(format!("--snapshot={snapshot}"));
    if !opts.lock_wait.is_zero() {
        command.arg(format!(
            "--lock-wait-timeout={}",
            opts.lock_wait.as_millis()
        ));
    }

    let handle = ChildHandle::default();
    let terminate = TerminateOnDrop::new(handle.clone());
    let dump_task = {
        let storage = storage.clone();
        let recipients = opts.recipients.clone();
        let threads = opts.threads;
        let id = id.clone();
        let handle = handle.clone();
        let bar = progress.clone();
        let abandoned = terminate.abandoned.clone();
        tokio::task::spawn_blocking(move || {
            let sink = Sink {
                storage: storage.as_ref(),
                id: &id,
                recipients: &recipients,
                threads,
            };
            let stored = pipeline::store_output(command, sink, "dump", &handle, |chunk| {
                bar.inc(chunk.len() as u64)
            });
            // The run was dropped (Ctrl-C) while pg_dump ran: nobody will finish this backup,
            // so leave no folder. The runtime waits for blocking tasks before pmc exits.
            if abandoned.load(std::sync::atomic::Ordering::SeqCst) {
                drop(stored);
                let _ = storage.remove(&id);
                anyhow::bail!("the backup was abandoned");
            }
            stored
        })
    };

    // While pg_dump streams, count in the same snapshot.
    let counted = async {
        let counts = count_rows(&mut tx, &tables).await?;
        let recovery_point: Option<DateTime<Utc>> =
            if tables.iter().any(|(s, t)| s == "public" && t == "orders") {
                sqlx::query_scalar(sql::BACKUP_RECOVERY_POINT)
                    .fetch_one(&mut *tx)
                    .await
                    .context("failed to read the newest order")?
            } else {
                None
            };
        anyhow::Ok((counts, recovery_point))
    }
    .await;
    if counted.is_err() {
        handle.terminate();
    }
    let dumped = dump_task.await.context("the pg_dump task failed")?;
    drop(terminate);
    let _ = tx.rollback().await;
    crate::db::close(conn).await;
    let (row_counts, recovery_point) = counted?;
    let (written, end) = dumped?;

    // The sanity gate.
    let (errors, notes) = split_stderr(&end.stderr);
    let mut refusals = Vec::new();
    if !end.status.success() || !errors.is_empty() {
        let said = if errors.is_empty() {
            notes.join(" / ")
        } else {
            errors.join(" / ")
        };
        // pg_dump can exit 0 and still report an error (a table it could not read).
        let how = if end.status.success() {
            "reported an error".to_string()
        } else {
            format!("failed ({})", end.status)
        };
        refusals.push(format!("pg_dump {how}: {said}"));
    } else if written.file.raw_bytes == 0 {
        refusals.push("pg_dump wrote nothing".to_string());
    } else if written.file.raw_bytes < opts.min_size {
        refusals.push(format!(
            "the dump is {} bytes, smaller than the minimum of {} bytes (--min-size or backup.min_size)",
            written.file.raw_bytes, opts.min_size
        ));
    }
    if refusals.is_empty()
        && !opts.accept_drop
        && let Some(previous) = previous_good(&entries, &database, attempt.started_at)
    {
        let drops = row_drops(previous, &row_counts, opts.max_row_drop);
        if !drops.is_empty() {
            refusals.push(format!(
                "{}; run again with --accept-drop if this was intended",
                drops.join("; ")
            ));
        }
    }
    if !refusals.is_empty() {
        drop(written);
        return Err(Failure::BadInput(format!(
            "backup refused, not marked good: {}",
            refusals.join("; ")
        ))
        .into());
    }
    let mut warnings: Vec<String> = notes.iter().map(|n| format!("pg_dump: {n}")).collect();

    // The globals: roles and tablespaces. A failure here is a warning, not a lost backup.
    let mut command = env.command(attempt.pg_dumpall);
    command.args(["--globals-only", "--no-password"]);
    // As a conninfo: libpq reads a --database value holding `=` as a connection string, and
    // a database may be called `odd=db`.
    command.arg(format!(
        "--database=dbname='{}'",
        database.replace('\\', "\\\\").replace('\'', "\\'")
    ));
    if !opts.with_role_passwords {
        command.arg("--no-role-passwords");
    }
    let globals_task = {
        let storage = storage.clone();
        let recipients = opts.recipients.clone();
        let id = id.clone();
        tokio::task::spawn_blocking(move || {
            let sink = Sink {
                storage: storage.as_ref(),
                id: &id,
                recipients: &recipients,
                threads: 1,
            };
            pipeline::store_output(command, sink, "globals", &ChildHandle::default(), |_| {})
        })
    };
    let globals: Option<Written> = match globals_task.await.context("the pg_dumpall task failed")? {
        Ok((written, end)) if end.status.success() => Some(written),
        Ok((_, end)) => {
            warnings.push(format!(
                "pg_dumpall --globals-only failed ({}): {}; roles are not in this backup",
                end.status,
                end.stderr.trim().replace('\n', " / ")
            ));
            None
        }
        Err(e) => {
            warnings.push(format!(
                "pg_dumpall --globals-only failed: {}; roles are not in this backup",
                crate::error::one_line(&e)
            ));
            None
        }
    };

    // Commit the files, then the manifest: from here on the backup is good.
    let finished_at = Utc::now();
    let manifest = Manifest {
        manifest_version: MANIFEST_VERSION,
        id: id.clone(),
        started_at: attempt.started_at,
        finished_at,
        duration_seconds: attempt.clock.elapsed().as_secs_f64(),
        database: database.clone(),
        server_version: Some(server_version),
        pg_dump_version: Some(attempt.pg_dump_version),
        format: DumpFormat::Custom,
        dump: written.file.clone(),
        globals: globals.as_ref().map(|g| g.file.clone()),
        encrypted_to: opts.recipients.iter().map(|r| r.to_string()).collect(),
        row_counts,
        recovery_point,
        labels: opts.labels.clone(),
        pmc_version: env!("CARGO_PKG_VERSION").to_string(),
        imported_from: None,
    };
    {
        let location = storage.location();
        let storage = storage.clone();
        let manifest = manifest.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            written.blob.commit()?;
            if let Some(globals) = globals {
                globals.blob.commit()?;
            }
            repo::write_manifest(storage.as_ref(), &manifest)
        })
        .await
        .context("the commit task failed")?
        .with_context(|| format!("failed to save backup {id} in {location}"))?;
    }

    let retention = if opts.prune {
        let storage = storage.clone();
        let policy = opts.policy;
        let just_made = id.clone();
        let pruned =
            tokio::task::spawn_blocking(move || -> anyhow::Result<(Vec<Decision>, Vec<String>)> {
                let decisions = inventory::plan(storage.as_ref(), &policy, Some(&just_made))?;
                let removed = inventory::apply(storage.as_ref(), &decisions)?;
                Ok((decisions, removed))
            })
            .await
            .context("the retention task failed")?;
        match pruned {
            Ok((decisions, removed)) => Some(RetentionOutcome {
                kept: decisions.iter().filter(|d| d.keep).count(),
                removed,
            }),
            Err(e) => {
                warnings.push(format!("retention failed: {}", crate::error::one_line(&e)));
                None
            }
        }
    } else {
        None
    };

    let raw = manifest.dump.raw_bytes;
    let stored = manifest.dump.stored_bytes;
    Ok(BackupReport {
        id,
        repo: storage.location(),
        database,
        started_at: manifest.started_at,
        finished_at: manifest.finished_at,
        duration_seconds: manifest.duration_seconds,
        raw_bytes: raw,
        stored_bytes: stored,
        ratio: if stored > 0 {
            raw as f64 / stored as f64
        } else {
            0.0
        },
        sha256: manifest.dump.sha256.clone(),
        encrypted: !manifest.encrypted_to.is_empty(),
        tables: manifest.row_counts.len(),
        row_counts: manifest.row_counts,
        recovery_point: manifest.recovery_point,
        labels: manifest.labels,
        globals: manifest.globals,
        retention,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_beyond_the_limit_is_named() {
        let manifest: Manifest = serde_json::from_value(serde_json::json!({
            "manifest_version": 1, "id": "20261122T030000Z",
            "started_at": "2026-11-22T03:00:00Z", "finished_at": "2026-11-22T03:00:09Z",
            "duration_seconds": 9.0, "database": "shop", "server_version": "15.8",
            "pg_dump_version": "pg_dump (PostgreSQL) 15.8", "format": "custom",
            "dump": {"name": "dump.zst", "raw_bytes": 10, "stored_bytes": 5, "sha256": "00"},
            "globals": null, "encrypted_to": [],
            "row_counts": {"public.orders": 1000, "public.phone_models": 50, "public.vending_machine_sessions": 0},
            "recovery_point": null, "labels": {}, "pmc_version": "0.1.0", "imported_from": null
        }))
        .unwrap();
        let now = BTreeMap::from([
            ("public.orders".to_string(), 790),
            ("public.phone_models".to_string(), 41),
            ("public.vending_machine_sessions".to_string(), 5),
        ]);
        let drops = row_drops(&manifest, &now, 0.2);
        assert_eq!(drops.len(), 1, "{drops:?}");
        assert!(drops[0].starts_with("public.orders fell from 1000 to 790 rows (-21.0%"));
        assert!(row_drops(&manifest, &now, 0.25).is_empty());
    }

    #[test]
    fn stderr_errors_are_told_from_notes() {
        let (errors, notes) =
            split_stderr("pg_dump: warning: circular foreign keys\npg_dump: error: query failed\n");
        assert_eq!(errors, vec!["pg_dump: error: query failed"]);
        assert_eq!(notes, vec!["pg_dump: warning: circular foreign keys"]);
    }
}
