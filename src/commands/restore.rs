//! `pmc restore`: a backup (or a dump file) into a NEW database, verified before any database
//! is touched and validated after; `--replace` then swaps it in for the live database by
//! renaming, and `--drill` rehearses the whole disaster recovery against the store's own
//! business rules and measures RTO and RPO.

use std::io::{self, IsTerminal as _, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::backup::repo;
use crate::confirm::{Confirm, Decision};
use crate::ctx::Ctx;
use crate::db::{self, Access, Database};
use crate::error::Failure;
use crate::exit::Exit;
use crate::journal;
use crate::output::{Outcome, Report, table};
use crate::restore::checks::{self, Check, Status};
use crate::restore::engine::{self, LoadOptions};
use crate::restore::globals::{self, GlobalsReport};
use crate::restore::quote_ident;
use crate::restore::source::{self, Selector, Source, SourceInfo};
use crate::sql;

/// Restore a backup into a new database and validate it; optionally make it the live one.
///
/// Verifies the backup's SHA-256 (and decrypts it) before touching any database, then
/// creates a NEW database, <db>_restore_<YYYYMMDDHHMMSS> by default, and loads it: pmc's own
/// backups by streaming their table data over -j COPY connections (pg_restore makes the schema,
/// indexes and constraints), other dumps with pg_restore --exit-on-error (parallel with -j) or,
/// for plain SQL dumps, psql with ON_ERROR_STOP. The first error stops the load and the
/// half-made database is dropped. Then it validates: row counts equal the manifest's, every
/// foreign key holds, the recovery point (newest order) matches, sequences are past their
/// columns. The live database is never written to, except by --replace. Journaled in the live
/// database under the `restore` lock.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to restore: latest (the default), a backup id, or a dump FILE
    ///
    /// FILE may be a custom-format archive (pg_dump -Fc, *.dump), a plain SQL dump (*.sql,
    /// such as the store's old backup_YYYYMMDD.sql), or either compressed with zstd, and any
    /// of these encrypted with age (give --identity). A file has no manifest: its row counts
    /// are reported, not compared.
    #[arg(value_name = "latest|ID|FILE")]
    pub source: Option<String>,

    /// Restore the newest good backup that started before TIME
    ///
    /// 2026-11-20T14:00:00Z, "2026-11-20 14:00" (UTC), 2026-11-20, a backup id, or a
    /// duration ago (36h).
    // allow_hyphen_values: `--before -1h` must reach parse_time, which refuses it naming the
    // flag, instead of clap taking `-1` for an unknown flag.
    #[arg(
        long,
        value_name = "TIME",
        conflicts_with = "source",
        allow_hyphen_values = true
    )]
    pub before: Option<String>,

    /// The backup repository (default: backup.repo)
    #[arg(long, value_name = "DIR")]
    pub repo: Option<String>,

    /// age identity file that decrypts encrypted backups and files (default:
    /// backup.identity_file)
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,

    /// Name of the new database; it must not exist
    ///
    /// Default <db>_restore_<YYYYMMDDHHMMSS> (UTC), or <db>_drill_<...> with --drill; <db> is
    /// cut short when the whole would pass 63 bytes.
    #[arg(long, value_name = "NAME")]
    pub target_db: Option<String>,

    /// Parallel COPY connections and pg_restore jobs (default: one per CPU, at most 8; plain SQL
    /// loads serially)
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: Option<u32>,

    /// Skip ownership and privileges (pg_restore --no-owner --no-acl), for a server that
    /// lacks the store's roles
    #[arg(long)]
    pub no_owner: bool,

    /// Do not create the roles the dump needs from the backup's globals file
    ///
    /// By default, before loading, restore creates the roles that the dump's ownership and
    /// privileges refer to and the server lacks, as the backup's pg_dumpall --globals-only
    /// file defines them (attributes, settings, memberships; a password only when the backup
    /// saved one). Existing roles are never altered. A drill only reports missing roles; a
    /// FILE has no globals; --no-owner needs no roles.
    #[arg(long)]
    pub no_globals: bool,

    /// How the restored database compresses large values (TOAST)
    ///
    /// lz4 (the default, when the server was built with it) loads the store's JSON much
    /// faster than the server default pglz; the data is the same, only its compression
    /// differs. server keeps the server's default_toast_compression.
    #[arg(long, value_name = "METHOD", value_parser = ["lz4", "server"], default_value = "lz4")]
    pub toast_compression: String,

    /// After validation passed, make the restored copy the live database
    ///
    /// Renames the live database to <db>_before_restore_<YYYYMMDDHHMMSS> (the run's start; <db>
    /// cut short when the whole would pass 63 bytes, _2, _3, ... added when the name is taken;
    /// chosen before anything is restored) and the restored one to <db>, from the postgres
    /// maintenance database. Other sessions on the live database are listed, then terminated.
    /// Needs the database name typed at the prompt or --confirm <db>. pmc never drops the old
    /// database.
    #[arg(long)]
    pub replace: bool,

    /// The live database's name, confirming --replace without a prompt (for scripts)
    #[arg(long, value_name = "DBNAME", requires = "replace")]
    pub confirm: Option<String>,

    /// The disaster-recovery drill: restore the latest good backup into a scratch database,
    /// validate it and check the store's invariants, measure RTO and RPO, drop the scratch
    /// database; exit 0 when every check passed, 2 otherwise
    #[arg(long, conflicts_with_all = ["replace", "confirm"])]
    pub drill: bool,
}

/// What to restore, free of clap.
#[derive(Debug, Clone)]
pub enum SourceSpec {
    Backup(Selector),
    /// A positional word that is a backup id or a file, decided once the repository is known.
    IdOrFile(String),
}

/// A restore run, free of clap.
#[derive(Debug, Clone)]
pub struct Options {
    pub source: SourceSpec,
    pub repo: Option<String>,
    pub identity: Option<PathBuf>,
    pub target: String,
    pub load: LoadOptions,
    pub drill: bool,
    pub replace: bool,
    pub confirm: Option<String>,
    /// Create the roles the dump needs from the backup's globals (not with a drill).
    pub globals: bool,
    /// When the run started: the stamp of the default target's name and of the live database's
    /// new name under --replace.
    pub started: DateTime<Utc>,
}

/// One session on the live database that --replace terminates.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub pid: i32,
    pub user: Option<String>,
    pub application_name: Option<String>,
    pub client_addr: Option<String>,
    pub state: Option<String>,
}

/// What --replace did.
#[derive(Debug, Clone, Serialize)]
pub struct Replace {
    /// `pending` (validated, awaiting confirmation), `done`, `declined` (no at the prompt),
    /// `refused` (validation failed) or `failed` (the swap failed; the restored copy is kept).
    pub state: &'static str,
    /// The live database's new name once replaced.
    pub old_database: Option<String>,
    pub sessions: Vec<Session>,
    pub terminated_sessions: i64,
    /// Why the swap failed (state `failed`).
    pub error: Option<String>,
}

/// The restore report; the JSON shape is documented in commands/restore.md.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub drill: bool,
    /// Every check passed (and, with --replace, the swap was made).
    pub ok: bool,
    /// The live database.
    pub database: String,
    pub target_database: String,
    /// Whether the restored database still exists (a drill drops it).
    pub target_kept: bool,
    pub source: SourceInfo,
    /// The roles the dump needs: created from the backup's globals, or already there.
    pub globals: GlobalsReport,
    pub backup_started_at: Option<DateTime<Utc>>,
    /// The newest orders.created_at of the restored data.
    pub recovery_point: Option<DateTime<Utc>>,
    /// Verifying, decrypting and decompressing (part of restore_seconds); for a streamed
    /// backup only verifying and reading the TOC, as decompressing overlaps the load.
    pub unpack_seconds: f64,
    /// How the data was loaded.
    pub load: engine::Load,
    /// Verifying, unpacking and loading.
    pub restore_seconds: f64,
    pub validate_seconds: f64,
    /// restore_seconds + validate_seconds: how long the store would be down.
    pub rto_seconds: f64,
    /// Now minus the recovery point: how much the store would lose.
    pub rpo_seconds: Option<f64>,
    pub checks: Vec<Check>,
    pub failed_checks: usize,
    /// Half-made databases of killed restores that this run dropped.
    pub dropped_leftovers: Vec<String>,
    pub replace: Option<Replace>,
}

impl RestoreReport {
    fn exit(&self) -> Exit {
        match &self.replace {
            _ if self.failed_checks > 0 => Exit::Critical,
            Some(r) if r.state == "declined" || r.state == "failed" => Exit::Warning,
            _ => Exit::Ok,
        }
    }
}

fn utc_stamp(now: DateTime<Utc>) -> String {
    now.format("%Y%m%d%H%M%S").to_string()
}

/// The `n`th name --replace may give the live database: `<live>_before_restore_<stamp>`, then
/// with `_2`, `_3`, … for when that is taken, shortened by [`engine::derived_name`] to fit in
/// 63 bytes: a live name of 34 bytes or more could not be renamed at all otherwise.
fn old_name_candidate(live: &str, stamp: &str, n: u32) -> String {
    let suffix = if n <= 1 {
        format!("_before_restore_{stamp}")
    } else {
        format!("_before_restore_{stamp}_{n}")
    };
    engine::derived_name(live, &suffix)
}

/// Picks the name --replace gives the live database, before anything is restored: the first
/// [`old_name_candidate`] no database has. Called under the `restore` lock; the swap checks it
/// again, since any other session may still create a database of that name meanwhile.
async fn free_old_name(live: &Database, stamp: &str) -> anyhow::Result<String> {
    let mut admin = engine::admin(live).await?;
    for n in 1..=99 {
        let name = old_name_candidate(live.name(), stamp, n);
        if !engine::database_exists(&mut admin, &name).await? {
            db::close(admin).await;
            return Ok(name);
        }
    }
    db::close(admin).await;
    anyhow::bail!(
        "--replace cannot rename {}: {} and its variants _2 to _99 all exist; nothing was \
         restored",
        live.name(),
        old_name_candidate(live.name(), stamp, 1)
    )
}

fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Decides between a backup id and a file for a positional word.
fn resolve(spec: &SourceSpec, repo: Option<&str>, live: &str) -> anyhow::Result<Source> {
    let open_repo = || -> anyhow::Result<Box<dyn repo::Storage>> {
        let location = repo.ok_or_else(|| {
            Failure::Config(
                "no backup repository: set backup.repo in pmc.toml (or PMC_BACKUP_REPO), or give \
                 --repo DIR"
                    .into(),
            )
        })?;
        repo::open_existing(location)
    };
    let selector = match spec {
        SourceSpec::Backup(selector) => selector.clone(),
        SourceSpec::IdOrFile(word) => {
            if let Some(location) = repo {
                let storage = repo::open(location)?;
                // A missing repository makes WORD a file name, not an error: the dump to
                // restore may well be a file while backup.repo points elsewhere.
                if matches!(storage.present(), Ok(true)) && storage.ids()?.contains(word) {
                    let manifest = source::select(&*storage, &Selector::Id(word.clone()), live)?;
                    return Ok(Source::Backup {
                        storage,
                        manifest: Box::new(manifest),
                    });
                }
            }
            let path = PathBuf::from(word);
            if path.exists() {
                return Ok(Source::File(path));
            }
            let looks_like_id = word.len() == 16
                && word.as_bytes()[8] == b'T'
                && word.ends_with('Z')
                && word[..8].chars().all(|c| c.is_ascii_digit());
            if !looks_like_id {
                return Err(Failure::Usage(format!(
                    "{word}: no such file, and not a backup id (give latest, an id such as \
                     20261123T030000Z, or a dump file)"
                ))
                .into());
            }
            Selector::Id(word.clone())
        }
    };
    let storage = open_repo()?;
    let manifest = source::select(&*storage, &selector, live)?;
    Ok(Source::Backup {
        storage,
        manifest: Box::new(manifest),
    })
}

/// The restore itself, inside the journal: leftovers, verify and unpack, load, validate.
async fn restore_and_validate(
    ctx: &Ctx,
    live: &Database,
    opts: &Options,
) -> anyhow::Result<RestoreReport> {
    let mut admin = engine::admin(live).await?;
    let dropped_leftovers = engine::drop_leftovers(&mut admin, live.name()).await?;
    db::close(admin).await;
    for dir in source::remove_stale_temp_dirs() {
        tracing::info!(dir = %dir.display(), "removed the temporary folder of a killed restore");
    }

    let mode = if !opts.globals || opts.load.no_owner {
        globals::Mode::Skip
    } else if opts.drill {
        // A drill leaves no trace on the server: roles are not dropped with the scratch
        // database, so it only reports the ones a real restore would create.
        globals::Mode::Check
    } else {
        globals::Mode::Apply
    };
    let read_globals = if mode == globals::Mode::Skip {
        source::Globals::Ignore
    } else {
        source::Globals::Read
    };
    let started = Instant::now();
    let spinner = ctx.printer.spinner("verifying and unpacking the backup");
    let spec = opts.source.clone();
    let repo = opts.repo.clone();
    let identity = opts.identity.clone();
    let live_name = live.name().to_string();
    let prepared = tokio::task::spawn_blocking(move || {
        let source = resolve(&spec, repo.as_deref(), &live_name)?;
        source::prepare(source, identity.as_deref(), read_globals)
    })
    .await
    .context("the unpacking task failed")??;
    let unpack_seconds = started.elapsed().as_secs_f64();
    spinner.set_message("creating the roles the dump needs");
    // Its statements may set a role's password hash, which must not reach the log.
    let mut admin = engine::admin(&live.without_statement_log()).await?;
    let roles =
        globals::restore_roles(&mut admin, prepared.globals.as_deref(), &prepared, mode).await;
    db::close(admin).await;
    let roles = roles?;
    spinner.set_message(format!("restoring into {}", opts.target));
    let load = engine::restore_into_new(live, &prepared, &opts.target, &opts.load)
        .await
        .map_err(|e| {
            // A drill creates no roles: a load that fails on one the server lacks is the
            // drill's finding, and the error is then the only report there is.
            if roles.missing.is_empty() {
                e
            } else {
                e.context(format!(
                    "the backup needs roles this server lacks: {} ({})",
                    roles.missing.join(", "),
                    if opts.drill {
                        "a drill creates none; a real restore would create them from the \
                         backup's globals"
                    } else {
                        "create them, or restore with --no-owner"
                    }
                ))
            }
        })?;
    let restore_seconds = started.elapsed().as_secs_f64();
    let info = prepared.source_info();
    let manifest = prepared.manifest.clone();
    // The unpacked copy is no longer needed: remove it now rather than at the end.
    drop(prepared);

    spinner.set_message(format!("validating {}", opts.target));
    let validating = Instant::now();
    let validated = async {
        let pool = live.for_database(&opts.target).pool().await?;
        let result = async {
            let (mut checks, found) = checks::validate(&pool, manifest.as_ref()).await?;
            if opts.drill {
                checks.extend(checks::invariants(&pool).await);
            }
            anyhow::Ok((checks, found))
        }
        .await;
        pool.close().await;
        result
    }
    .await;
    let validate_seconds = validating.elapsed().as_secs_f64();
    spinner.finish_and_clear();
    if opts.drill {
        // The scratch database goes whatever the validation found.
        let mut admin = engine::admin(live).await?;
        engine::drop_database(&mut admin, &opts.target).await?;
        db::close(admin).await;
    }
    let (checks, found) = validated.with_context(|| {
        format!(
            "failed to validate {}{}",
            opts.target,
            if opts.drill {
                " (dropped)"
            } else {
                " (kept for inspection)"
            }
        )
    })?;

    let recovery_point = manifest.as_ref().and_then(|m| m.recovery_point).or(found);
    let backup_started_at = manifest.as_ref().map(|m| m.started_at);
    let rpo_seconds = recovery_point
        .or(backup_started_at)
        .map(|t| (Utc::now() - t).num_milliseconds() as f64 / 1000.0);
    let failed_checks = checks.iter().filter(|c| c.status == Status::Failed).count();
    Ok(RestoreReport {
        drill: opts.drill,
        ok: failed_checks == 0,
        database: live.name().to_string(),
        target_database: opts.target.clone(),
        target_kept: !opts.drill,
        source: info,
        globals: roles,
        backup_started_at,
        recovery_point,
        unpack_seconds,
        load,
        restore_seconds,
        validate_seconds,
        rto_seconds: restore_seconds + validate_seconds,
        rpo_seconds,
        checks,
        failed_checks,
        dropped_leftovers,
        replace: opts.replace.then_some(Replace {
            state: if failed_checks == 0 {
                "pending"
            } else {
                "refused"
            },
            old_database: None,
            sessions: Vec::new(),
            terminated_sessions: 0,
            error: None,
        }),
    })
}

async fn other_sessions(live: &Database) -> anyhow::Result<Vec<Session>> {
    let mut admin = engine::admin(live).await?;
    type Row = (
        i32,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(sql::RESTORE_OTHER_SESSIONS)
        .bind(live.name())
        .fetch_all(&mut admin)
        .await
        .with_context(|| format!("failed to list the sessions on {}", live.name()))?;
    db::close(admin).await;
    Ok(rows
        .into_iter()
        .map(
            |(pid, user, application_name, client_addr, state)| Session {
                pid,
                user,
                application_name,
                client_addr,
                state,
            },
        )
        .collect())
}

async fn run_admin(admin: &mut sqlx::PgConnection, statement: String) -> anyhow::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
        .execute(&mut *admin)
        .await
        .with_context(|| format!("failed to run `{statement}`"))?;
    Ok(())
}

/// Lets new sessions into database `name`, or keeps them out.
async fn allow_connections(
    admin: &mut sqlx::PgConnection,
    name: &str,
    allow: bool,
) -> anyhow::Result<()> {
    run_admin(
        admin,
        format!(
            "ALTER DATABASE {} WITH ALLOW_CONNECTIONS {allow}",
            quote_ident(name)
        ),
    )
    .await
}

/// RENAME while terminated sessions may still be exiting: retries "being accessed by other
/// users" for up to 10 s, terminating again each time.
async fn rename_when_free(
    admin: &mut sqlx::PgConnection,
    from: &str,
    to: &str,
) -> anyhow::Result<i64> {
    let statement = format!(
        "ALTER DATABASE {} RENAME TO {}",
        quote_ident(from),
        quote_ident(to)
    );
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    let mut terminated = 0;
    loop {
        terminated += sqlx::query_scalar::<_, i64>(sql::RESTORE_TERMINATE_SESSIONS)
            .bind(from)
            .fetch_one(&mut *admin)
            .await
            .with_context(|| format!("failed to terminate the sessions on {from}"))?;
        match sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
            .execute(&mut *admin)
            .await
        {
            Ok(_) => return Ok(terminated),
            Err(e)
                if e.as_database_error()
                    .and_then(|d| d.code())
                    .is_some_and(|c| c == "55006")
                    && Instant::now() < deadline =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("failed to run `{statement}`")));
            }
        }
    }
}

/// Gives `restored` the owner, connection limit, privileges and settings of `live`.
async fn carry_database_properties(
    admin: &mut sqlx::PgConnection,
    live: &str,
    restored: &str,
) -> anyhow::Result<()> {
    let statements: Vec<String> = sqlx::query_scalar(sql::RESTORE_DATABASE_PROPERTIES)
        .bind(live)
        .bind(restored)
        .fetch_all(&mut *admin)
        .await
        .with_context(|| format!("failed to read the owner, privileges and settings of {live}"))?;
    for statement in statements {
        run_admin(admin, statement).await.with_context(|| {
            format!("failed to give {restored} the owner, privileges and settings of {live}")
        })?;
    }
    Ok(())
}

/// What a swap did.
struct Swapped {
    terminated: i64,
    /// Steps after the renames that failed: the swap itself is done.
    warnings: Vec<String>,
}

/// Swaps the restored database in: live → old_name, restored → live. Undoes what it can when
/// a step fails, so the live name never ends up missing; the error says what state it left.
async fn swap(live: &Database, restored: &str, old_name: &str) -> anyhow::Result<Swapped> {
    let name = live.name();
    let mut admin = engine::admin(live).await?;
    // Chosen free before the restore; another session may have taken it since.
    if engine::database_exists(&mut admin, old_name).await? {
        db::close(admin).await;
        anyhow::bail!(
            "database {old_name} was created while the restore ran, so {name} cannot be \
             renamed to it; {name} is unchanged"
        );
    }
    // pg_dump saves no owner, privileges, connection limit or settings of the database itself:
    // without these the restored copy would go live owned by pmc's role, open to PUBLIC again.
    if let Err(e) = carry_database_properties(&mut admin, name, restored).await {
        db::close(admin).await;
        return Err(e.context(format!("{name} was not replaced and is unchanged")));
    }
    // No new sessions while the old ones go: the store reconnects at once otherwise.
    allow_connections(&mut admin, name, false).await?;
    let terminated = match rename_when_free(&mut admin, name, old_name).await {
        Ok(n) => n,
        Err(e) => {
            let _ = allow_connections(&mut admin, name, true).await;
            db::close(admin).await;
            return Err(e.context(format!("{name} was not replaced and is unchanged")));
        }
    };
    if let Err(e) = rename_when_free(&mut admin, restored, name).await {
        let back = rename_when_free(&mut admin, old_name, name).await;
        let _ = allow_connections(&mut admin, name, true).await;
        db::close(admin).await;
        return Err(match back {
            Ok(_) => e.context(format!(
                "{restored} could not be renamed to {name}; {name} was put back"
            )),
            Err(back) => e.context(format!(
                "{restored} could not be renamed to {name}, and renaming {old_name} back to \
                 {name} failed too ({}): the live database is now {old_name}, rename it back \
                 by hand",
                crate::error::one_line(&back)
            )),
        });
    }
    let mut warnings = Vec::new();
    if let Err(e) = allow_connections(&mut admin, old_name, true).await {
        warnings.push(format!(
            "{old_name} still refuses connections: {}",
            crate::error::one_line(&e)
        ));
    }
    let commented = engine::comment(
        &mut admin,
        old_name,
        &format!(
            "the live {name} until pmc restore --replace at {}; pmc never drops it",
            Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
        ),
    )
    .await;
    if let Err(e) = commented {
        warnings.push(format!(
            "{old_name} has no comment saying what it is: {}",
            crate::error::one_line(&e)
        ));
    }
    db::close(admin).await;
    Ok(Swapped {
        terminated,
        warnings,
    })
}

fn warn(ctx: &Ctx, message: &str) {
    if !ctx.printer.quiet {
        let message = crate::output::stderr_line(message);
        let _ = writeln!(anstream::stderr(), "warning: {message}");
    }
}

pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    let live = ctx.database(Access::ReadWrite)?;
    let now = Utc::now();
    let source = match (&args.before, &args.source) {
        (Some(before), _) => SourceSpec::Backup(Selector::Before(
            source::parse_time(before, now).map_err(|e| Failure::Usage(format!("--before {e}")))?,
        )),
        (None, None) => SourceSpec::Backup(Selector::Latest),
        (None, Some(word)) if word == "latest" => SourceSpec::Backup(Selector::Latest),
        (None, Some(word)) => SourceSpec::IdOrFile(word.clone()),
    };
    if args.replace {
        match &args.confirm {
            Some(typed) if typed != live.name() => {
                return Err(Failure::Usage(format!(
                    "--confirm {typed} does not match the live database {}: nothing was restored",
                    live.name()
                ))
                .into());
            }
            Some(_) => {}
            None if !interactive() => {
                return Err(Failure::Usage(format!(
                    "--replace needs the database name: type it at the prompt (run from a \
                     terminal) or pass --confirm {}",
                    live.name()
                ))
                .into());
            }
            None => {}
        }
    }
    // A mistyped --identity is a bad flag value (64), said before anything is read; what the
    // file holds is checked when a backup needs it.
    if let Some(path) = &args.identity {
        let unreadable = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Some("it is a folder, not a file".to_string()),
            Ok(_) => std::fs::File::open(path).err().map(|e| e.to_string()),
            Err(e) => Some(e.to_string()),
        };
        if let Some(why) = unreadable {
            return Err(Failure::Usage(format!(
                "--identity {}: cannot read it ({why}); nothing was restored",
                path.display()
            ))
            .into());
        }
    }
    let kind = if args.drill { "drill" } else { "restore" };
    let opts = Options {
        source,
        repo: args.repo.or_else(|| config.text("backup.repo")),
        identity: args
            .identity
            .or_else(|| config.text("backup.identity_file").map(PathBuf::from)),
        target: args.target_db.unwrap_or_else(|| {
            engine::derived_name(live.name(), &format!("_{kind}_{}", utc_stamp(now)))
        }),
        load: LoadOptions {
            jobs: args.jobs.unwrap_or_else(engine::default_jobs),
            no_owner: args.no_owner,
            lz4: args.toast_compression == "lz4",
        },
        drill: args.drill,
        replace: args.replace,
        confirm: args.confirm,
        globals: !args.no_globals,
        started: now,
    };
    engine::check_name(&opts.target)?;
    restore(ctx, &live, &opts).await
}

/// Runs a restore as described by `opts` against the server of `live`.
///
/// The whole run holds the `restore` lock of `live`, taken in the maintenance database: the
/// lock in the live database (the journal's) cannot be held while that database is renamed,
/// so without this one a second restore could slip in between the validation and the swap.
pub async fn restore(ctx: &Ctx, live: &Database, opts: &Options) -> anyhow::Result<Outcome> {
    let mut guard = engine::admin(live).await?;
    let locked = journal::lock_without_journal(
        &mut guard,
        ctx.command,
        &format!("restore of {}", live.name()),
    )
    .await;
    let result = match locked {
        Ok(()) => restore_locked(ctx, live, opts).await,
        Err(e) => Err(e),
    };
    // Closing the session releases the lock.
    db::close(guard).await;
    result
}

async fn restore_locked(ctx: &Ctx, live: &Database, opts: &Options) -> anyhow::Result<Outcome> {
    // The live database's new name is settled before anything is restored: a name that
    // cannot be used must not surface only after a long restore.
    let old_name = if opts.replace {
        Some(free_old_name(live, &utc_stamp(opts.started)).await?)
    } else {
        None
    };
    let pool = live.pool().await.map_err(|e| {
        // The disaster case: the live database is gone. The journal needs it, and --replace
        // needs a database to put the copy in place of: an empty one will do.
        let gone = e
            .chain()
            .filter_map(|c| c.downcast_ref::<sqlx::Error>())
            .filter_map(|c| c.as_database_error())
            .any(|d| d.code().as_deref() == Some("3D000"));
        if gone {
            e.context(format!(
                "the live database {name} does not exist: create it empty (CREATE DATABASE {name}) \
                 and run `pmc restore --replace --confirm {raw}` to restore into it",
                name = crate::restore::quote_ident(live.name()),
                raw = live.name()
            ))
        } else {
            e
        }
    })?;
    let slot: Mutex<Option<RestoreReport>> = Mutex::new(None);
    let result = journal::run_job(ctx, live, &pool, |_run_id| {
        let slot = &slot;
        async move {
            let report = restore_and_validate(ctx, live, opts).await?;
            let exit = report.exit();
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(report.clone());
            Ok(Outcome::new(report, exit))
        }
    })
    .await;
    pool.close().await;
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(err) => {
            // Interrupted (Ctrl-C) or failed after creating the target: drop it if this run
            // made it and never finished loading it.
            if let Ok(mut admin) = engine::admin(live).await {
                if engine::is_ours_in_progress(&mut admin, &opts.target, live.name())
                    .await
                    .unwrap_or(false)
                {
                    let _ = engine::drop_database(&mut admin, &opts.target).await;
                }
                db::close(admin).await;
            }
            return Err(err);
        }
    };
    let report = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
    let (Some(mut report), Some(old_name)) = (report.filter(|r| opts.replace && r.ok), old_name)
    else {
        return Ok(outcome);
    };

    // --replace: validated; show who will be cut off, confirm, swap.
    let sessions = other_sessions(live).await?;
    if !sessions.is_empty() {
        let list = sessions
            .iter()
            .map(|s| {
                format!(
                    "pid {} ({}, {}, {})",
                    s.pid,
                    s.user.as_deref().unwrap_or("?"),
                    s.application_name.as_deref().unwrap_or(""),
                    s.client_addr.as_deref().unwrap_or("local")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        warn(
            ctx,
            &format!(
                "{} other session(s) on {} will be terminated: {list}",
                sessions.len(),
                live.name()
            ),
        );
    }
    let decision = if opts.confirm.is_some() {
        Decision::Apply
    } else {
        Confirm::default().decide_typed(
            &format!(
                "{} passed validation. Make it the live {} (the current one becomes {old_name})?",
                opts.target,
                live.name()
            ),
            live.name(),
        )?
    };
    let replace = report.replace.as_mut().expect("replace was requested");
    replace.sessions = sessions;
    if decision != Decision::Apply {
        replace.state = "declined";
        let exit = report.exit();
        return Ok(Outcome::new(report, exit));
    }
    // A swap stopped halfway would leave the live database refusing connections, or under
    // another name: Ctrl-C (or SIGTERM) waits for it to end or undo itself, 20 s at most.
    let shield = crate::HandlesCtrlC::start();
    let swapped = swap(live, &opts.target, &old_name).await;
    drop(shield);
    let swapped = match swapped {
        Ok(swapped) => swapped,
        Err(e) => {
            // Restored and validated, but not swapped in: the copy stays, and the report says
            // where, rather than an error that leaves it unmentioned.
            let error = crate::error::one_line(&e);
            replace.state = "failed";
            replace.error = Some(error.clone());
            report.ok = false;
            // The first journal row says the restore went well and the swap was pending;
            // this one records that the swap failed. It goes to the live database, which the
            // swap left (or put back) under its name; if even that is gone, there is no
            // journal to write to, and the report says why.
            if let Ok(pool) = live.pool().await {
                let journaled = std::sync::atomic::AtomicBool::new(false);
                let recorded = journal::run_job(ctx, live, &pool, |_| {
                    journaled.store(true, std::sync::atomic::Ordering::SeqCst);
                    async move { Err(anyhow::anyhow!("the swap of --replace failed: {error}")) }
                })
                .await;
                if let Err(e) = recorded
                    && !journaled.load(std::sync::atomic::Ordering::SeqCst)
                {
                    warn(
                        ctx,
                        &format!(
                            "the failed swap was not journaled: {}",
                            crate::error::one_line(&e)
                        ),
                    );
                }
                pool.close().await;
            }
            let exit = report.exit();
            return Ok(Outcome::new(report, exit));
        }
    };
    for warning in &swapped.warnings {
        warn(ctx, warning);
    }
    replace.state = "done";
    replace.old_database = Some(old_name);
    replace.terminated_sessions = swapped.terminated;
    report.target_database = live.name().to_string();
    // Record the swap in the journal of the database that is now live.
    let exit = report.exit();
    let pool = live.pool().await?;
    let recorded = report.clone();
    let outcome = journal::run_job(ctx, live, &pool, |_| async move {
        Ok(Outcome::new(recorded, exit))
    })
    .await;
    pool.close().await;
    outcome
}

fn seconds(s: f64) -> String {
    if s < 120.0 {
        format!("{s:.1} s")
    } else {
        format!("{:.1} min", s / 60.0)
    }
}

fn age(s: f64) -> String {
    let s = s.max(0.0) as i64;
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else {
        format!("{m}m {}s", s % 60)
    }
}

/// What happened to the roles the dump needs, in one line; None when there is nothing to say.
fn roles_line(globals: &GlobalsReport) -> Option<String> {
    let mut parts = Vec::new();
    for (label, names) in [
        ("created", &globals.created),
        ("already there", &globals.existing),
        ("missing", &globals.missing),
    ] {
        if !names.is_empty() {
            parts.push(format!("{label}: {}", names.join(", ")));
        }
    }
    match globals.state {
        "skipped" => Some("roles: the backup's globals were not applied".into()),
        "checked" if !parts.is_empty() => Some(format!(
            "roles (checked, none created by a drill): {}",
            parts.join("; ")
        )),
        _ if !parts.is_empty() => Some(format!("roles: {}", parts.join("; "))),
        _ => None,
    }
}

impl Report for RestoreReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let what = match (&self.source.id, &self.source.path) {
            (Some(id), _) => format!("backup {id}"),
            (None, Some(path)) => path.clone(),
            _ => "?".into(),
        };
        let format = match self.source.format {
            crate::backup::manifest::DumpFormat::Custom => "custom",
            crate::backup::manifest::DumpFormat::Plain => "plain SQL",
        };
        let checksum = if self.source.checksum == "verified" {
            ", checksum verified"
        } else {
            ", no checksum (file)"
        };
        let encrypted = if self.source.encrypted {
            ", decrypted"
        } else {
            ""
        };
        writeln!(
            out,
            "{} {what} ({format}, {}{checksum}{encrypted}) into {}",
            if self.drill {
                "drill: restored"
            } else {
                "restored"
            },
            table::bytes(self.source.dump_bytes as i64),
            self.target_database
        )?;
        let mut timing = format!(
            "restore {} (unpack {}), validation {} (RTO {})",
            seconds(self.restore_seconds),
            seconds(self.unpack_seconds),
            seconds(self.validate_seconds),
            seconds(self.rto_seconds)
        );
        if let Some(point) = self.recovery_point {
            timing.push_str(&format!(
                "; recovery point {}",
                point.format("%Y-%m-%d %H:%M:%S UTC")
            ));
        }
        if let Some(rpo) = self.rpo_seconds {
            timing.push_str(&format!(" (RPO {})", age(rpo)));
        }
        writeln!(out, "{timing}")?;
        if let Some(line) = roles_line(&self.globals) {
            writeln!(out, "{line}")?;
        }
        for name in &self.dropped_leftovers {
            writeln!(
                out,
                "dropped {name}, left half-made by an interrupted restore"
            )?;
        }
        writeln!(out)?;
        let mut t = table::new(
            style,
            &[
                table::text("check"),
                table::text("object"),
                table::number("expected"),
                table::number("found"),
                table::text("status"),
                table::text("detail"),
            ],
        );
        for c in &self.checks {
            t.add_row(vec![
                c.check.replace('_', " "),
                c.object.clone(),
                c.expected.clone().unwrap_or_default(),
                c.found.clone().unwrap_or_default(),
                match c.status {
                    Status::Info => "info".to_string(),
                    s => table::status(style, s.word()),
                },
                c.detail.clone().unwrap_or_default(),
            ]);
        }
        writeln!(out, "{t}")?;
        let judged = self
            .checks
            .iter()
            .filter(|c| c.status != Status::Info)
            .count();
        if self.failed_checks > 0 {
            writeln!(
                out,
                "result: {} of {judged} checks failed",
                self.failed_checks
            )?;
        } else {
            writeln!(out, "result: all {judged} checks passed")?;
        }
        if self.drill {
            writeln!(
                out,
                "the scratch database {} was dropped",
                self.target_database
            )?;
        }
        match &self.replace {
            Some(r) if r.state == "done" => writeln!(
                out,
                "replaced: {} is now the restored copy; the old one is kept as {} \
                 ({} session(s) terminated)",
                self.database,
                r.old_database.as_deref().unwrap_or("?"),
                r.terminated_sessions
            )?,
            Some(r) if r.state == "declined" => writeln!(
                out,
                "not replaced (declined); the restored copy is kept as {}",
                self.target_database
            )?,
            Some(r) if r.state == "refused" => writeln!(
                out,
                "not replaced: validation failed; the restored copy is kept as {} for inspection",
                self.target_database
            )?,
            Some(r) if r.state == "failed" => writeln!(
                out,
                "not replaced: the swap failed ({}); the restored and validated copy is kept as {}",
                r.error.as_deref().unwrap_or("?"),
                self.target_database
            )?,
            _ if !self.drill => writeln!(
                out,
                "the restored copy is {}; the live {} is untouched",
                self.target_database, self.database
            )?,
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_name_fits_in_63_bytes_and_has_variants_for_when_it_is_taken() {
        let stamp = "20261129181904";
        assert_eq!(
            old_name_candidate("pimpmycase", stamp, 1),
            "pimpmycase_before_restore_20261129181904"
        );
        assert_eq!(
            old_name_candidate("pimpmycase", stamp, 2),
            "pimpmycase_before_restore_20261129181904_2"
        );
        let long = "store_with_a_rather_long_name_abcdefghij";
        let first = old_name_candidate(long, stamp, 1);
        assert_eq!(first.len(), 63);
        assert_eq!(
            first,
            "store_with_a_rather_long_name_abc_before_restore_20261129181904"
        );
        let second = old_name_candidate(long, stamp, 2);
        assert_eq!(second.len(), 63);
        assert_ne!(first, second);
        assert!(second.ends_with("_before_restore_20261129181904_2"));
        // A multi-byte character is never cut in half.
        let wide = format!("{}é", "s".repeat(32));
        let name = old_name_candidate(&wide, stamp, 1);
        assert!(
            name.len() <= 63 && name.starts_with(&"s".repeat(32)),
            "{name}"
        );
        assert!(!name.contains('é'));
    }
}
