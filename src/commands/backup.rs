//! `pmc backup`: backups you can trust. A bare `pmc backup` streams `pg_dump` through zstd
//! (and age) into the repository with a manifest written last; the subcommands list, verify,
//! pin, prune, report on and import backups. The logic lives in `crate::backup`; this file
//! turns flags into options and reports into tables.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::backup::inventory::{self, Entry};
use crate::backup::make::{self, BackupReport};
use crate::backup::pipeline::{self, Sink};
use crate::backup::repo::{self, Storage};
use crate::backup::retention::{Decision, Policy, Reason};
use crate::backup::verify::VerifyReport;
use crate::backup::{import, verify};
use crate::config::{Config, parse_duration, parse_percent, parse_size};
use crate::confirm::{Confirm, Decision as Confirmed};
use crate::ctx::Ctx;
use crate::db::Access;
use crate::error::Failure;
use crate::exit::Exit;
use crate::journal;
use crate::output::{Outcome, Printer, Report, table};
use crate::pg_client;
use crate::sql;

/// Back up the store database, or manage its backups.
///
/// Without a subcommand, makes a backup: `pg_dump -Fc -Z0` streamed through multi-threaded
/// zstd (and age encryption when backup.encrypt_to is set) and SHA-256 into the repository in
/// one pass, memory flat whatever the size; pg_dumpall --globals-only beside it; row counts
/// of every table taken in the dump's own snapshot; the manifest written last. A backup that
/// fails the sanity gate (pg_dump error, too small, rows lost) exits 65 and leaves nothing.
/// After a good backup, retention removes what the policy no longer keeps. Cron runs
/// `pmc backup --quiet` daily.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup repository (a directory), instead of backup.repo
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    #[command(subcommand)]
    pub action: Option<Action>,

    #[command(flatten)]
    pub run: RunArgs,
}

impl Args {
    /// `status` and `verify` are monitoring checks: a failure to check is exit 3.
    pub fn is_check(&self) -> bool {
        matches!(self.action, Some(Action::Status(_) | Action::Verify(_)))
    }
}

/// The flags of a backup run.
#[derive(Debug, Clone, Default, PartialEq, clap::Args)]
pub struct RunArgs {
    /// Attach a label to the backup (repeatable), e.g. --label reason=pre-migration
    #[arg(long = "label", value_name = "KEY=VALUE", value_parser = parse_label)]
    pub labels: Vec<(String, String)>,

    /// Refuse a dump smaller than this (uncompressed) [default: backup.min_size, 1KiB]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub min_size: Option<u64>,

    /// Refuse the backup when orders, vending_machine_sessions or phone_models lost more than
    /// this share of their rows since the previous good backup [default: backup.max_row_drop, 20%]
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub max_row_drop: Option<f64>,

    /// Accept a row drop beyond --max-row-drop (after a deliberate cleanup)
    #[arg(long)]
    pub accept_drop: bool,

    /// Include role passwords (hashes) in the globals; needs a superuser
    #[arg(long)]
    pub with_role_passwords: bool,

    /// Skip retention after this backup
    #[arg(long)]
    pub no_prune: bool,
}

/// What to do with the repository.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// List the backups: id, time, age, size, ratio, orders, labels, state
    List(ListArgs),
    /// Check a backup without a database: checksums, decryption, decompression, pg_restore --list
    ///
    /// Exit 0 when every check passes, 2 when one fails (a file missing or damaged), 3 when it
    /// could not check (no good backup to verify, pg_restore cannot be run), 78 when the backup
    /// is encrypted and backup.identity_file is missing or does not decrypt it.
    Verify(VerifyArgs),
    /// Pin a backup: retention never removes it
    Pin(PinArgs),
    /// Unpin a backup: retention treats it like any other again
    Unpin(PinArgs),
    /// Monitoring: age of the latest good backup, a running backup, the last restore drill
    ///
    /// Exit 0 when the latest good backup is younger than --max-age; 1 when the newest attempt
    /// did not complete, the last drill failed or the database could not be asked; 2 when
    /// there is no good backup or it is too old; 3 when the repository cannot be read.
    Status(StatusArgs),
    /// Apply retention now: list every backup with the reason it is kept or removed
    Prune(PruneArgs),
    /// Adopt plain backup_YYYYMMDD[_HHMMSS].sql files made by the store's old backup script
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The backup: an id from `backup list`, or latest
    #[arg(default_value = "latest", value_name = "ID|latest")]
    pub backup: String,

    /// Also restore it into a scratch database next to the store database and compare every
    /// table's row count with the manifest; the scratch database is dropped afterwards
    #[arg(long)]
    pub deep: bool,
}

#[derive(Debug, clap::Args)]
pub struct PinArgs {
    /// The backup: an id from `backup list`, or latest
    #[arg(value_name = "ID|latest")]
    pub backup: String,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The latest good backup may be at most this old [default: backup.max_age, 26h]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, allow_hyphen_values = true)]
    pub max_age: Option<Duration>,
}

#[derive(Debug, clap::Args)]
pub struct PruneArgs {
    #[command(flatten)]
    pub confirm: Confirm,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The plain SQL dumps to adopt
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

fn parse_label(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not KEY=VALUE"))?;
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(format!(
            "label key {key:?} must be letters, digits, '_', '-' or '.'"
        ));
    }
    // A newline or an escape in a value would split `backup list`'s rows or drive the terminal.
    if value.chars().any(char::is_control) {
        return Err(format!(
            "label {key}'s value holds a control character (a newline, a tab, an escape): \
             write it on one line of plain text"
        ));
    }
    Ok((key.to_string(), value.to_string()))
}

pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    // clap cannot say "these flags only without a subcommand" while --repo is global to the
    // subcommands, so say it here.
    if args.action.is_some() && args.run != RunArgs::default() {
        return Err(Failure::Usage(
            "--label, --min-size, --max-row-drop, --accept-drop, --with-role-passwords and \
             --no-prune apply to a backup run (`pmc backup`), not to its subcommands"
                .into(),
        )
        .into());
    }
    let config = ctx.config()?;
    let location = repo_location(args.repo.as_ref(), config)?;
    match args.action {
        None => run_backup(args.run, &location, ctx).await,
        Some(Action::List(_)) => list(&location),
        Some(Action::Verify(a)) => verify_backup(&a, &location, ctx).await,
        Some(Action::Pin(a)) => pin(&a.backup, &location, true),
        Some(Action::Unpin(a)) => pin(&a.backup, &location, false),
        Some(Action::Status(a)) => status(a, &location, ctx).await,
        Some(Action::Prune(a)) => prune(a, &location, ctx).await,
        Some(Action::Import(a)) => import_files(a, &location, config).await,
    }
}

/// `--repo`, else backup.repo.
fn repo_location(flag: Option<&PathBuf>, config: &Config) -> anyhow::Result<String> {
    flag.map(|p| p.display().to_string())
        .or_else(|| config.text("backup.repo"))
        .ok_or_else(|| {
            Failure::Config(
                "no backup repository: set backup.repo in pmc.toml ([backup] repo = \"/var/backups/pmc\"), \
                 PMC_BACKUP_REPO, or --repo"
                    .into(),
            )
            .into()
        })
}

fn open(location: &str) -> anyhow::Result<Arc<dyn Storage>> {
    Ok(Arc::from(repo::open(location)?))
}

/// [`open`] for the subcommands that read backups: the repository must exist.
fn open_existing(location: &str) -> anyhow::Result<Arc<dyn Storage>> {
    Ok(Arc::from(repo::open_existing(location)?))
}

fn recipients(config: &Config) -> anyhow::Result<Vec<age::x25519::Recipient>> {
    match config.text("backup.encrypt_to") {
        Some(text) => pipeline::parse_recipients(&text),
        None => Ok(Vec::new()),
    }
}

/// A bar with bytes and rate on a terminal; hidden otherwise.
fn progress_bar(printer: &Printer) -> indicatif::ProgressBar {
    if !printer.progress {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} backing up {msg}: {bytes} dumped, {binary_bytes_per_sec}, {elapsed}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

async fn run_backup(args: RunArgs, location: &str, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    let database = ctx.database(Access::ReadWrite)?;
    let read_only = ctx.database(Access::ReadOnly)?;
    let storage = open(location)?;
    let opts = make::Options {
        labels: args.labels.into_iter().collect(),
        min_size: args
            .min_size
            .or_else(|| config.size("backup.min_size"))
            .unwrap_or(1024),
        max_row_drop: args
            .max_row_drop
            .or_else(|| config.fraction("backup.max_row_drop"))
            .unwrap_or(0.2),
        accept_drop: args.accept_drop,
        with_role_passwords: args.with_role_passwords,
        recipients: recipients(config)?,
        policy: inventory::policy(config),
        prune: !args.no_prune,
        lock_wait: config.duration("database.lock_timeout"),
        threads: pipeline::compression_threads(),
    };
    let pool = database.pool().await?;
    let progress = progress_bar(&ctx.printer);
    journal::run_job(ctx, &database, &pool, |_run_id| async move {
        let report = make::make(storage, &read_only, &opts, progress).await?;
        let exit = if report.warnings.is_empty() {
            Exit::Ok
        } else {
            Exit::Warning
        };
        Ok(Outcome::new(BackupDone(report), exit))
    })
    .await
}

/// `12s`, `5m`, `3h`, `4d`: an age for people; `in 4d` for a time ahead of the clock (a
/// backup imported with a wrong date).
pub fn age(seconds: i64) -> String {
    if seconds < 0 {
        return format!("in {}", age(seconds.saturating_neg()));
    }
    let s = seconds;
    match s {
        0..120 => format!("{s}s"),
        120..7200 => format!("{}m", s / 60),
        7200..172_800 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// The report of a good backup.
struct BackupDone(BackupReport);

impl Report for BackupDone {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, _style: &table::Style) -> io::Result<()> {
        let r = &self.0;
        writeln!(
            out,
            "backup {} of {} is good ({:.1}s), in {}",
            r.id, r.database, r.duration_seconds, r.repo
        )?;
        writeln!(
            out,
            "  dump       {} → {} stored ({:.1}x{}), sha256 {}",
            table::bytes(r.raw_bytes as i64),
            table::bytes(r.stored_bytes as i64),
            r.ratio,
            if r.encrypted { ", age-encrypted" } else { "" },
            &r.sha256[..16.min(r.sha256.len())]
        )?;
        let orders = r.row_counts.get("public.orders").copied();
        writeln!(
            out,
            "  rows       {} tables, {} rows{}",
            r.tables,
            table::count(r.row_counts.values().sum()),
            orders
                .map(|n| format!(" ({} orders)", table::count(n)))
                .unwrap_or_default()
        )?;
        if let Some(rp) = r.recovery_point {
            writeln!(out, "  recovery   newest order {}", when(rp))?;
        }
        match &r.globals {
            Some(g) => writeln!(
                out,
                "  globals    {} (roles and tablespaces)",
                table::bytes(g.stored_bytes as i64)
            )?,
            None => writeln!(out, "  globals    missing")?,
        }
        if !r.labels.is_empty() {
            writeln!(out, "  labels     {}", labels(&r.labels))?;
        }
        if let Some(retention) = &r.retention {
            writeln!(
                out,
                "  retention  {} kept, {} removed{}",
                retention.kept,
                retention.removed.len(),
                if retention.removed.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", retention.removed.join(", "))
                }
            )?;
        }
        for warning in &r.warnings {
            writeln!(out, "warning: {warning}")?;
        }
        Ok(())
    }
}

fn labels(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        // Labels written before values were checked, or by hand, may hold a newline.
        .map(|(k, v)| crate::output::one_line_value(&format!("{k}={v}")).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

/// One row of `backup list`.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub id: String,
    pub started_at: DateTime<Utc>,
    pub age_seconds: i64,
    /// good, incomplete or damaged.
    pub state: &'static str,
    pub pinned: bool,
    pub format: Option<crate::backup::manifest::DumpFormat>,
    pub encrypted: bool,
    pub raw_bytes: Option<u64>,
    pub stored_bytes: Option<u64>,
    pub ratio: Option<f64>,
    pub orders: Option<i64>,
    pub recovery_point: Option<DateTime<Utc>>,
    pub labels: BTreeMap<String, String>,
    pub problem: Option<String>,
}

fn listed(entry: &Entry, now: DateTime<Utc>) -> Listed {
    let m = entry.manifest.as_ref();
    Listed {
        id: entry.id.clone(),
        started_at: entry.started_at(),
        age_seconds: (now - entry.started_at()).num_seconds(),
        state: entry.state(),
        pinned: entry.pinned,
        format: m.map(|m| m.format),
        encrypted: m.is_some_and(|m| !m.encrypted_to.is_empty()),
        raw_bytes: m.map(|m| m.dump.raw_bytes),
        stored_bytes: m.map(|m| m.dump.stored_bytes),
        ratio: m
            .filter(|m| m.dump.stored_bytes > 0)
            .map(|m| m.dump.raw_bytes as f64 / m.dump.stored_bytes as f64),
        orders: m.and_then(|m| m.row_counts.get("public.orders").copied()),
        recovery_point: m.and_then(|m| m.recovery_point),
        labels: m.map(|m| m.labels.clone()).unwrap_or_default(),
        problem: entry.problem.clone(),
    }
}

#[derive(Debug, Serialize)]
struct ListReport {
    repo: String,
    backups: Vec<Listed>,
}

impl Report for ListReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        if self.backups.is_empty() {
            return writeln!(out, "no backups in {}", self.repo);
        }
        let mut t = table::new(
            style,
            &[
                table::text("id"),
                table::text("started"),
                table::number("age"),
                table::number("size"),
                table::number("ratio"),
                table::number("orders"),
                table::text("format"),
                table::text("labels"),
                table::text("state"),
            ],
        );
        for b in &self.backups {
            let format = match b.format {
                Some(crate::backup::manifest::DumpFormat::Custom) => "custom",
                Some(crate::backup::manifest::DumpFormat::Plain) => "plain",
                None => "-",
            };
            let state = match (b.state, b.pinned) {
                ("good", true) => "good, pinned".to_string(),
                ("good", false) => "good".to_string(),
                (s, _) => table::status(style, s),
            };
            t.add_row([
                b.id.clone(),
                b.started_at.format("%Y-%m-%d %H:%M").to_string(),
                age(b.age_seconds),
                b.stored_bytes
                    .map(|n| table::bytes(n as i64))
                    .unwrap_or_else(|| "-".into()),
                b.ratio
                    .map(|r| format!("{r:.1}x"))
                    .unwrap_or_else(|| "-".into()),
                b.orders.map(table::count).unwrap_or_else(|| "-".into()),
                if b.encrypted {
                    format!("{format}+age")
                } else {
                    format.to_string()
                },
                labels(&b.labels),
                state,
            ]);
        }
        writeln!(out, "{t}")?;
        for b in self.backups.iter().filter(|b| b.state == "damaged") {
            let problem = b
                .problem
                .clone()
                .unwrap_or_else(|| format!("backup {}: its manifest cannot be read", b.id));
            writeln!(
                out,
                "{problem}; retention keeps it; {}",
                inventory::damaged_advice(&self.repo, &b.id)
            )?;
        }
        let good = self.backups.iter().filter(|b| b.state == "good").count();
        writeln!(
            out,
            "{} backups in {}, {good} good",
            self.backups.len(),
            self.repo
        )
    }
}

fn list(location: &str) -> anyhow::Result<Outcome> {
    let storage = open_existing(location)?;
    let now = Utc::now();
    let backups = inventory::entries(storage.as_ref())?
        .iter()
        .map(|e| listed(e, now))
        .collect();
    Ok(Outcome::new(
        ListReport {
            repo: storage.location(),
            backups,
        },
        Exit::Ok,
    ))
}

struct VerifyDone(VerifyReport);

impl Report for VerifyDone {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let r = &self.0;
        writeln!(
            out,
            "backup {}: {}",
            r.id,
            if r.ok {
                table::status(style, "ok")
            } else {
                table::status(style, "failed")
            }
        )?;
        let mut t = table::new(
            style,
            &[
                table::text("check"),
                table::text("result"),
                table::text("detail"),
            ],
        );
        for c in &r.checks {
            t.add_row([
                c.check.clone(),
                table::status(style, if c.ok { "ok" } else { "failed" }),
                c.detail.clone(),
            ]);
        }
        writeln!(out, "{t}")
    }
}

async fn verify_backup(args: &VerifyArgs, location: &str, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    let storage = open_existing(location)?;
    let target = args.backup.clone();
    let identity = config.text("backup.identity_file").map(PathBuf::from);
    let task_identity = identity.clone();
    let (mut report, manifest) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let entries = inventory::entries(storage.as_ref())?;
        if target == "latest" && inventory::latest_good(&entries, Utc::now()).is_none() {
            // Nothing to check is no verdict on any backup: an error without a code of its own,
            // which a check command ends with 3 (`backup status` is the check that says "there
            // is no good backup" as critical).
            anyhow::bail!(
                "there is no good backup in {} to verify",
                storage.location()
            );
        }
        let entry = inventory::resolve(&entries, &target, &storage.location())?;
        let report = verify::verify(
            storage.as_ref(),
            entry,
            task_identity.as_deref(),
            &pg_client::program("pg_restore"),
        )?;
        Ok((report, entry.manifest.clone()))
    })
    .await
    .context("the verify task failed")??;
    // The deep check restores only what passed the cheap checks: a damaged file would only
    // fail again, later and with a worse message.
    if args.deep
        && report.ok
        && let Some(manifest) = manifest
    {
        let deep = deep_verify(ctx, location, manifest, identity).await?;
        report.ok = deep.ok;
        report.checks.push(deep);
    }
    let exit = if report.ok { Exit::Ok } else { Exit::Critical };
    Ok(Outcome::new(VerifyDone(report), exit))
}

/// `verify --deep`: restore into `<db>_verify_<time>` (shortened to fit 63 bytes) and compare
/// the row counts.
async fn deep_verify(
    ctx: &Ctx,
    location: &str,
    manifest: crate::backup::manifest::Manifest,
    identity: Option<PathBuf>,
) -> anyhow::Result<verify::Check> {
    let live = ctx.database(crate::db::Access::ReadWrite)?;
    // The restore lock of the live database, as a restore holds it: a restore or drill would
    // otherwise take this scratch database, marked as a restore target in progress, for a
    // killed restore's leftover and drop it, and a second deep verify could pick the same
    // scratch name in the same second. Held elsewhere: exit 75, not a backup found bad.
    let mut guard = crate::restore::engine::admin(&live).await?;
    if let Err(e) = journal::lock_without_journal(
        &mut guard,
        "restore",
        &format!("restore of {}", live.name()),
    )
    .await
    {
        crate::db::close(guard).await;
        return Err(e);
    }
    let checked = deep_verify_locked(&live, location, manifest, identity).await;
    // Closing the session releases the lock.
    crate::db::close(guard).await;
    checked
}

async fn deep_verify_locked(
    live: &crate::db::Database,
    location: &str,
    manifest: crate::backup::manifest::Manifest,
    identity: Option<PathBuf>,
) -> anyhow::Result<verify::Check> {
    let scratch = crate::restore::engine::derived_name(
        live.name(),
        &format!("_verify_{}", chrono::Utc::now().format("%Y%m%d%H%M%S")),
    );
    let expected = manifest.row_counts.clone();
    let counts = crate::restore::engine::scratch_row_counts(
        live,
        repo::open(location)?,
        manifest,
        identity,
        &scratch,
        &crate::restore::engine::LoadOptions::default(),
    )
    .await;
    let counts = match counts {
        Ok(counts) => counts,
        Err(e) => {
            return Ok(verify::Check {
                check: "deep: restore".into(),
                ok: false,
                detail: crate::error::one_line(&e),
            });
        }
    };
    if expected.is_empty() {
        // Imported plain dumps carry no counts: report what came back instead.
        let rows: i64 = counts.values().sum();
        return Ok(verify::Check {
            check: "deep: restore".into(),
            ok: true,
            detail: format!(
                "restored {} tables, {rows} rows (no counts in the manifest to compare)",
                counts.len()
            ),
        });
    }
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(table, want)| counts.get(*table) != Some(want))
        .map(|(table, want)| match counts.get(table) {
            Some(found) => format!("{table} {found} rows, manifest {want}"),
            None => format!("{table} missing"),
        })
        .collect();
    Ok(verify::Check {
        check: "deep: row counts".into(),
        ok: wrong.is_empty(),
        detail: if wrong.is_empty() {
            format!(
                "{} tables restored into {scratch} (dropped) match the manifest",
                expected.len()
            )
        } else {
            wrong.join("; ")
        },
    })
}

#[derive(Debug, Serialize)]
struct PinReport {
    id: String,
    pinned: bool,
}

impl Report for PinReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, _style: &table::Style) -> io::Result<()> {
        if self.pinned {
            writeln!(
                out,
                "backup {} is pinned: retention never removes it",
                self.id
            )
        } else {
            writeln!(out, "backup {} is no longer pinned", self.id)
        }
    }
}

fn pin(target: &str, location: &str, pinned: bool) -> anyhow::Result<Outcome> {
    let storage = open_existing(location)?;
    let entries = inventory::entries(storage.as_ref())?;
    let entry = inventory::resolve(&entries, target, &storage.location())?;
    if pinned {
        if !entry.good() {
            return Err(Failure::BadInput(format!(
                "backup {} is {}: only good backups can be pinned",
                entry.id,
                entry.state()
            ))
            .into());
        }
        storage.create(&entry.id, repo::PINNED)?.commit()?;
    } else {
        storage.remove_file(&entry.id, repo::PINNED)?;
    }
    Ok(Outcome::new(
        PinReport {
            id: entry.id.clone(),
            pinned,
        },
        Exit::Ok,
    ))
}

/// The last restore drill, from the journal.
#[derive(Debug, Clone, Serialize)]
pub struct Drill {
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: String,
    pub ok: bool,
    pub rto_seconds: Option<f64>,
    pub rpo_seconds: Option<f64>,
}

/// The latest good backup.
#[derive(Debug, Clone, Serialize)]
pub struct Latest {
    pub id: String,
    pub finished_at: DateTime<Utc>,
    pub age_seconds: i64,
    pub recovery_point: Option<DateTime<Utc>>,
}

/// `backup status`; the JSON shape is documented in commands/backup.md.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub repo: String,
    /// ok, warning or critical.
    pub status: &'static str,
    pub max_age_seconds: u64,
    pub latest_good: Option<Latest>,
    pub backups: usize,
    /// The newest backup folder when it never completed and no backup is running.
    pub newest_incomplete: Option<String>,
    /// Whether the database could be asked about running backups and drills.
    pub database_checked: bool,
    pub running: Option<journal::LockHolder>,
    pub last_drill: Option<Drill>,
    pub problems: Vec<String>,
}

impl StatusReport {
    fn exit(&self) -> Exit {
        match self.status {
            "critical" => Exit::Critical,
            "warning" => Exit::Warning,
            _ => Exit::Ok,
        }
    }
}

impl Report for StatusReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        writeln!(
            out,
            "backup status: {} ({})",
            table::status(style, self.status),
            self.repo
        )?;
        let limit = age(self.max_age_seconds as i64);
        match &self.latest_good {
            Some(l) => writeln!(
                out,
                "  latest good  {}, {} ago (limit {limit}){}",
                l.id,
                age(l.age_seconds),
                l.recovery_point
                    .map(|rp| format!(", recovery point {}", when(rp)))
                    .unwrap_or_default()
            )?,
            None => writeln!(out, "  latest good  none (limit {limit})")?,
        }
        let running = match (&self.running, self.database_checked) {
            (Some(r), _) => format!(
                "since {} on {} (pid {})",
                r.since.map_or_else(|| "an unknown time".into(), when),
                r.host,
                r.pid_text()
            ),
            (None, true) => "no".to_string(),
            (None, false) => "unknown".to_string(),
        };
        writeln!(out, "  running      {running}")?;
        let drill = match (&self.last_drill, self.database_checked) {
            (Some(d), _) => format!(
                "{}, {}{}{}",
                when(d.started_at),
                if d.ok { "ok" } else { "failed" },
                d.rto_seconds
                    .map(|s| format!(", RTO {}", age(s.round() as i64)))
                    .unwrap_or_default(),
                d.rpo_seconds
                    .map(|s| format!(", RPO {}", age(s.round() as i64)))
                    .unwrap_or_default()
            ),
            (None, true) => "none recorded (pmc restore --drill)".to_string(),
            (None, false) => "unknown".to_string(),
        };
        writeln!(out, "  last drill   {drill}")?;
        for p in &self.problems {
            writeln!(out, "  problem: {p}")?;
        }
        Ok(())
    }
}

/// What the database says: the lock holder and the last drill. `None` when pmc has no
/// journal there (it never ran a mutating command).
async fn status_from_database(
    ctx: &Ctx,
) -> anyhow::Result<(Option<journal::LockHolder>, Option<Drill>)> {
    let database = ctx.database(Access::ReadOnly)?;
    let mut conn = database.connection().await?;
    let journal: bool = sqlx::query_scalar(sql::BACKUP_JOURNAL_EXISTS)
        .fetch_one(&mut conn)
        .await
        .context("failed to look for pmc.runs")?;
    if !journal {
        crate::db::close(conn).await;
        return Ok((None, None));
    }
    let running = journal::lock_holder(&mut conn, "backup")
        .await
        .context("failed to look for a running backup in pg_locks")?;
    type DrillRow = (
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        String,
        Option<serde_json::Value>,
    );
    let drill: Option<DrillRow> = sqlx::query_as(sql::BACKUP_LAST_DRILL)
        .fetch_optional(&mut conn)
        .await
        .context("failed to read the last drill from pmc.runs")?;
    crate::db::close(conn).await;
    let drill = drill.map(|(started_at, finished_at, outcome, summary)| {
        let field = |name: &str| summary.as_ref().and_then(|s| s.get(name)).cloned();
        Drill {
            started_at,
            finished_at,
            ok: field("ok")
                .and_then(|v| v.as_bool())
                .unwrap_or(outcome == "ok"),
            outcome,
            rto_seconds: field("rto_seconds").and_then(|v| v.as_f64()),
            rpo_seconds: field("rpo_seconds").and_then(|v| v.as_f64()),
        }
    });
    Ok((running, drill))
}

/// Builds the status from the repository's entries and what the database said.
pub fn assess(
    repo: String,
    entries: &[Entry],
    max_age: Duration,
    from_database: Result<(Option<journal::LockHolder>, Option<Drill>), String>,
    now: DateTime<Utc>,
) -> StatusReport {
    let mut critical = Vec::new();
    let mut warnings = Vec::new();
    let latest = inventory::latest_good(entries, now).map(|e| {
        let m = e.manifest.as_ref().expect("good entries have a manifest");
        Latest {
            id: e.id.clone(),
            finished_at: m.finished_at,
            age_seconds: (now - m.finished_at).num_seconds(),
            recovery_point: m.recovery_point,
        }
    });
    match &latest {
        None => critical.push("there is no good backup".to_string()),
        Some(l) if l.age_seconds > max_age.as_secs() as i64 => critical.push(format!(
            "the latest good backup {} is {} old, more than {}",
            l.id,
            age(l.age_seconds),
            age(max_age.as_secs() as i64)
        )),
        Some(_) => {}
    }
    let (database_checked, running, last_drill) = match from_database {
        Ok((running, drill)) => (true, running, drill),
        Err(e) => {
            warnings.push(format!("could not ask the database: {e}"));
            (false, None, None)
        }
    };
    let newest = entries.last().filter(|e| !e.good());
    let newest_incomplete = match newest {
        // The running backup's folder is incomplete until its manifest is written.
        Some(_) if running.is_some() => None,
        Some(e) => {
            // A damaged newest backup is said below with the others, with what to do about it.
            if e.state() != "damaged" {
                warnings.push(format!(
                    "the newest backup attempt {} did not complete ({})",
                    e.id,
                    e.state()
                ));
            }
            Some(e.id.clone())
        }
        None => None,
    };
    // Retention keeps a backup whose manifest is damaged (its dump may be intact), so only a
    // person can clear it: the check says so until one does, the newest one included.
    for e in entries.iter().filter(|e| e.state() == "damaged") {
        warnings.push(format!(
            "backup {} has a damaged manifest: {}",
            e.id,
            inventory::damaged_advice(&repo, &e.id)
        ));
    }
    // Retention keeps it and `latest` passes it over, so it would otherwise go unnoticed.
    for e in inventory::from_the_future(entries, now) {
        warnings.push(format!(
            "backup {} claims to start at {}, in the future: it is not taken as the latest good \
             backup and retention keeps it; {}",
            e.id,
            when(e.started_at()),
            inventory::future_advice(&repo, e)
        ));
    }
    if let Some(drill) = &last_drill
        && !drill.ok
    {
        warnings.push(format!(
            "the last restore drill ({}) failed",
            when(drill.started_at)
        ));
    }
    let status = if !critical.is_empty() {
        "critical"
    } else if !warnings.is_empty() {
        "warning"
    } else {
        "ok"
    };
    StatusReport {
        repo,
        status,
        max_age_seconds: max_age.as_secs(),
        latest_good: latest,
        backups: entries.len(),
        newest_incomplete,
        database_checked,
        running,
        last_drill,
        problems: critical.into_iter().chain(warnings).collect(),
    }
}

async fn status(args: StatusArgs, location: &str, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    let max_age = args
        .max_age
        .unwrap_or_else(|| config.duration("backup.max_age"));
    let storage = open(location)?;
    // A repository path that is missing or is not a folder is the check's first problem, not
    // a usage error: the monitoring still gets its report and its exit 2.
    let unusable = match storage.present() {
        Ok(true) => None,
        Ok(false) => Some(repo::missing(location).to_string()),
        Err(e) if matches!(e.downcast_ref::<Failure>(), Some(Failure::Usage(_))) => {
            Some(e.to_string())
        }
        Err(e) => return Err(e),
    };
    let entries = if unusable.is_some() {
        Vec::new()
    } else {
        let storage = storage.clone();
        tokio::task::spawn_blocking(move || inventory::entries(storage.as_ref()))
            .await
            .context("the repository listing task failed")??
    };
    // Backups pmc made of another database (a repository two databases once shared) are not
    // this database's: `restore latest` passes them over, so the check must too.
    let live = ctx
        .database(crate::db::Access::ReadOnly)
        .ok()
        .map(|d| d.name().to_string());
    let (others, entries): (Vec<Entry>, Vec<Entry>) = entries.into_iter().partition(|e| {
        e.manifest.as_ref().is_some_and(|m| {
            m.imported_from.is_none() && live.as_ref().is_some_and(|live| &m.database != live)
        })
    });
    let from_database = status_from_database(ctx)
        .await
        .map_err(|e| crate::error::one_line(&e));
    let mut report = assess(
        storage.location(),
        &entries,
        max_age,
        from_database,
        Utc::now(),
    );
    if let Some(other) = others.last().and_then(|e| e.manifest.as_ref()) {
        report.problems.push(format!(
            "{} good backup(s) here are of another database ({:?}, the newest {}), not of this \
             one: they are left out of this status, and restore passes them over",
            others.len(),
            other.database,
            other.id
        ));
        if report.status == "ok" {
            report.status = "warning";
        }
    }
    if let Some(problem) = unusable {
        // Said with the cause: a mistyped path looks the same as a repository never written to.
        report.problems.insert(0, problem);
    }
    let exit = report.exit();
    Ok(Outcome::new(report, exit))
}

/// `backup prune`: the plan, and what was removed.
#[derive(Debug, Serialize)]
struct PruneReport {
    repo: String,
    policy: Policy,
    dry_run: bool,
    declined: bool,
    decisions: Vec<Decision>,
    removed: Vec<String>,
}

impl Report for PruneReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        write_plan(out, style, &self.decisions, &self.removed, self.dry_run)?;
        for d in &self.decisions {
            if d.reasons.contains(&Reason::Damaged) {
                writeln!(
                    out,
                    "{} has a damaged manifest.json and is kept; {}",
                    d.id,
                    inventory::damaged_advice(&self.repo, &d.id)
                )?;
            }
        }
        let p = &self.policy;
        let verdict = if self.dry_run {
            format!(
                "dry run: {} would be removed",
                self.decisions.iter().filter(|d| !d.keep).count()
            )
        } else if self.declined {
            "declined: nothing removed".to_string()
        } else {
            format!("{} removed", self.removed.len())
        };
        writeln!(
            out,
            "policy: keep-last {}, daily {}, weekly {}, monthly {}; {verdict}",
            p.keep_last, p.keep_daily, p.keep_weekly, p.keep_monthly
        )
    }
}

fn write_plan(
    out: &mut dyn Write,
    style: &table::Style,
    decisions: &[Decision],
    removed: &[String],
    dry_run: bool,
) -> io::Result<()> {
    let now = Utc::now();
    let mut t = table::new(
        style,
        &[
            table::text("id"),
            table::text("started"),
            table::number("age"),
            table::text("action"),
            table::text("reason"),
        ],
    );
    for d in decisions {
        let action = if d.keep {
            "keep"
        } else if removed.contains(&d.id) {
            "removed"
        } else if dry_run {
            "would remove"
        } else {
            "remove"
        };
        t.add_row([
            d.id.clone(),
            d.started_at.format("%Y-%m-%d %H:%M").to_string(),
            age((now - d.started_at).num_seconds()),
            action.to_string(),
            d.reasons
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    writeln!(out, "{t}")
}

async fn prune(args: PruneArgs, location: &str, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    let policy = inventory::policy(config);
    let storage = open_existing(location)?;
    let decisions = inventory::plan(storage.as_ref(), &policy, None)?;
    let mut report = PruneReport {
        repo: storage.location(),
        policy,
        dry_run: args.confirm.dry_run,
        declined: false,
        decisions,
        removed: Vec::new(),
    };
    let to_remove: Vec<String> = report
        .decisions
        .iter()
        .filter(|d| !d.keep)
        .map(|d| d.id.clone())
        .collect();
    if args.confirm.dry_run || to_remove.is_empty() {
        return Ok(Outcome::new(report, Exit::Ok));
    }
    if !args.confirm.yes {
        // Show the plan before the question.
        let mut stderr = io::stderr().lock();
        write_plan(
            &mut stderr,
            &ctx.printer.style(),
            &report.decisions,
            &[],
            false,
        )?;
    }
    match args.confirm.decide(&format!(
        "Remove {} backup(s) from {}?",
        to_remove.len(),
        report.repo
    ))? {
        Confirmed::Apply => {}
        Confirmed::DryRun => return Ok(Outcome::new(report, Exit::Ok)),
        Confirmed::Declined => {
            report.declined = true;
            return Ok(Outcome::new(report, Exit::Ok));
        }
    }
    let database = ctx.database(Access::ReadWrite)?;
    let pool = database.pool().await?;
    journal::run_job(ctx, &database, &pool, |_run_id| async move {
        // Under the lock no backup is being written: plan again and remove only what the
        // person saw and what is still to go.
        let storage2 = storage.clone();
        let removed = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
            let now = inventory::plan(storage2.as_ref(), &policy, None)?;
            let confirmed: Vec<Decision> = now
                .into_iter()
                .filter(|d| !d.keep && to_remove.contains(&d.id))
                .collect();
            inventory::apply(storage2.as_ref(), &confirmed)
        })
        .await
        .context("the prune task failed")??;
        report.removed = removed;
        Ok(Outcome::new(report, Exit::Ok))
    })
    .await
}

/// A file `backup import` refused.
#[derive(Debug, Serialize)]
struct Refused {
    file: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct ImportReport {
    repo: String,
    imported: Vec<import::Imported>,
    refused: Vec<Refused>,
}

impl Report for ImportReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        if !self.imported.is_empty() {
            let mut t = table::new(
                style,
                &[
                    table::text("file"),
                    table::text("backup"),
                    table::number("size"),
                    table::number("stored"),
                    table::text("result"),
                ],
            );
            for i in &self.imported {
                t.add_row([
                    i.file.clone(),
                    i.id.clone(),
                    table::bytes(i.raw_bytes as i64),
                    table::bytes(i.stored_bytes as i64),
                    if i.already {
                        "already imported".to_string()
                    } else if i.time_from == "mtime" {
                        "imported (time from the file's mtime)".to_string()
                    } else {
                        "imported".to_string()
                    },
                ]);
            }
            writeln!(out, "{t}")?;
        }
        let already = self.imported.iter().filter(|i| i.already).count();
        writeln!(
            out,
            "{} imported into {}, {already} already there, {} refused",
            self.imported.len() - already,
            self.repo,
            self.refused.len()
        )
    }
}

async fn import_files(
    args: ImportArgs,
    location: &str,
    config: &Config,
) -> anyhow::Result<Outcome> {
    let storage = open(location)?;
    let recipients = recipients(config)?;
    let database = config
        .url("database.url")
        .map(|u| u.path().trim_start_matches('/').to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    let files = args.files;
    let single = files.len() == 1;
    let repo = storage.location();
    let (imported, refused) = tokio::task::spawn_blocking(move || {
        let sink = Sink {
            storage: storage.as_ref(),
            id: "",
            recipients: &recipients,
            threads: pipeline::compression_threads(),
        };
        let mut imported = Vec::new();
        let mut refused = Vec::new();
        for file in &files {
            match import::import_file(storage.as_ref(), file, sink, &database) {
                Ok(done) => imported.push(done),
                Err(e) => refused.push((file.display().to_string(), e)),
            }
        }
        (imported, refused)
    })
    .await
    .context("the import task failed")?;
    let mut refused = refused;
    if single && !refused.is_empty() {
        return Err(refused.remove(0).1);
    }
    // Per-file refusals do not stop the batch; each is said once, here.
    let mut stderr = io::stderr().lock();
    let mut listed = Vec::new();
    let mut exit = Exit::Ok;
    for (file, err) in refused {
        exit = exit.worst(crate::error::exit_for(&err, Exit::Warning));
        let reason = crate::error::one_line(&err);
        let _ = writeln!(stderr, "error: {reason}");
        listed.push(Refused { file, reason });
    }
    Ok(Outcome::new(
        ImportReport {
            repo,
            imported,
            refused: listed,
        },
        exit,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_key_value() {
        assert_eq!(
            parse_label("reason=pre-migration").unwrap(),
            ("reason".to_string(), "pre-migration".to_string())
        );
        assert!(parse_label("novalue").is_err());
        assert!(parse_label("bad key=1").is_err());
        assert!(parse_label("k=a\nb").is_err());
        assert!(parse_label("k=a\u{1b}[2Jb").is_err());
        assert_eq!(
            labels(&[("k".to_string(), "a\nb".to_string())].into()),
            "k=a\\nb"
        );
    }

    fn entry(id: &str, damaged: bool) -> Entry {
        Entry {
            id: id.to_string(),
            manifest: None,
            pinned: false,
            problem: damaged.then(|| format!("backup {id}: manifest.json cannot be read")),
        }
    }

    #[test]
    fn a_damaged_newest_backup_gets_the_advice_of_any_damaged_one() {
        let now = Utc::now();
        let day = Duration::from_secs(86_400);
        let entries = [
            entry("20261122T030000Z", true),
            entry("20261123T030000Z", true),
        ];
        let report = assess("/r".into(), &entries, day, Ok((None, None)), now);
        assert_eq!(
            report.newest_incomplete.as_deref(),
            Some("20261123T030000Z")
        );
        for id in ["20261122T030000Z", "20261123T030000Z"] {
            let said: Vec<&String> = report.problems.iter().filter(|p| p.contains(id)).collect();
            assert_eq!(said.len(), 1, "{:#?}", report.problems);
            assert!(
                said[0].starts_with(&format!("backup {id} has a damaged manifest: "))
                    && said[0].contains(&format!("pmc restore /r/backups/{id}/dump.zst")),
                "{said:?}"
            );
        }
        // An incomplete newest attempt is still said as one.
        let entries = [entry("20261123T030000Z", false)];
        let report = assess("/r".into(), &entries, day, Ok((None, None)), now);
        assert!(
            report
                .problems
                .iter()
                .any(|p| p
                    == "the newest backup attempt 20261123T030000Z did not complete (incomplete)"),
            "{:#?}",
            report.problems
        );
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(59), "59s");
        assert_eq!(age(600), "10m");
        assert_eq!(age(30 * 3600), "30h");
        assert_eq!(age(5 * 86_400), "5d");
    }
}
