//! Loading a prepared dump into a NEW database on the store's server: create it (refusing a
//! name that exists), mark it as a restore in progress, run pg_restore (custom format, `-j`)
//! or psql (plain SQL) with the first error fatal, and drop the half-made database when that
//! fails. The password reaches the child through its environment, never its command line.
//!
//! A restore killed with -9 cannot drop its target itself. The target's database comment says
//! `pmc restore in progress for <live db>` until the load has finished, and the next restore
//! for the same live database drops such leftovers (it holds the `restore` lock, so no other
//! restore of that database can be running).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::Serialize;
use sqlx::{AssertSqlSafe, PgConnection};
use tokio::io::AsyncReadExt as _;

use super::source::{self, Prepared, Source};
use super::stream_load::{self, TableLoad};
use super::{checks, quote_ident, quote_literal};
use crate::backup::manifest::{DumpFormat, Manifest};
use crate::backup::repo::Storage;
use crate::db::{self, Database};
use crate::error::Failure;
use crate::pg_client;
use crate::sql;

/// The database every restore connects to for CREATE, DROP and RENAME DATABASE.
pub const MAINTENANCE_DB: &str = "postgres";

/// How to load a dump.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Parallel COPY connections and pg_restore jobs (custom format only); 1 loads serially.
    pub jobs: u32,
    /// Skip ownership and privileges (`--no-owner --no-acl`), for a server without the
    /// store's roles.
    pub no_owner: bool,
    /// Compress the restored TOAST values with lz4 (when the server has it) instead of the
    /// server's default, pglz: the JSON of vending sessions loads much faster.
    pub lz4: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            jobs: default_jobs(),
            no_owner: false,
            lz4: true,
        }
    }
}

/// One job per CPU, at most 8: index builds and FK validation are what parallelism buys.
pub fn default_jobs() -> u32 {
    std::thread::available_parallelism()
        .map(|n| n.get() as u32)
        .unwrap_or(2)
        .clamp(1, 8)
}

/// A connection to the maintenance database of the live database's server.
pub async fn admin(live: &Database) -> anyhow::Result<PgConnection> {
    live.for_database(MAINTENANCE_DB)
        .connection()
        .await
        .context("restore needs the postgres maintenance database to create and drop databases")
}

/// The comment prefix that marks `live`'s restore targets while they are being loaded.
pub fn in_progress_prefix(live: &str) -> String {
    format!("pmc restore in progress for {live}:")
}

/// The longest database name PostgreSQL keeps (NAMEDATALEN - 1); it silently cuts a longer
/// one short, so pmc never hands it one.
pub const MAX_NAME_BYTES: usize = 63;

/// A name pmc derives from the live database's: `<live><suffix>`, the live name cut short (at a
/// character boundary) so that the whole fits in [`MAX_NAME_BYTES`]. The suffix (`_restore_`,
/// `_drill_`, `_verify_`, `_before_restore_` and the run's time) is kept whole, so the name
/// stays unique and says what it is; PostgreSQL would otherwise refuse or silently cut it, and
/// only a name the operator gave (`--target-db`) may be refused as too long.
/// Characters [`check_name`] refuses (a space, a quote, `=`, a letter beyond ASCII) become `_`,
/// and a leading digit or `-` gets a `_` before it: PostgreSQL takes any name, but the derived
/// one must pass pmc's own check, or `verify --deep`, which takes no `--target-db`, could never
/// run for such a live database.
pub fn derived_name(live: &str, suffix: &str) -> String {
    let mut base: String = live
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if base.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        base.insert(0, '_');
    }
    base.truncate(base.len().min(MAX_NAME_BYTES.saturating_sub(suffix.len())));
    format!("{base}{suffix}")
}

/// Checks a database name pmc is about to create: 1 to 63 bytes of letters, digits, `_`, `$`
/// or `-`, so it needs no care on a libpq command line either.
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '-'))
        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Failure::Usage(format!(
            "{name:?} cannot be a restore target: use 1 to 63 ASCII letters, digits, _, $ or -, \
             not starting with a digit or - (give another name with --target-db)"
        ))
        .into())
    }
}

pub async fn database_exists(admin: &mut PgConnection, name: &str) -> anyhow::Result<bool> {
    sqlx::query_scalar(sql::RESTORE_DATABASE_EXISTS)
        .bind(name)
        .fetch_one(admin)
        .await
        .with_context(|| format!("failed to look for database {name}"))
}

async fn execute(admin: &mut PgConnection, statement: String) -> anyhow::Result<()> {
    sqlx::query(AssertSqlSafe(statement.clone()))
        .execute(admin)
        .await
        .with_context(|| format!("failed to run `{statement}`"))?;
    Ok(())
}

/// Sets the comment of database `name`.
pub async fn comment(admin: &mut PgConnection, name: &str, text: &str) -> anyhow::Result<()> {
    execute(
        admin,
        format!(
            "COMMENT ON DATABASE {} IS {}",
            quote_ident(name),
            quote_literal(text)
        ),
    )
    .await
}

/// Drops database `name` if it exists, ending any session still on it.
pub async fn drop_database(admin: &mut PgConnection, name: &str) -> anyhow::Result<()> {
    execute(
        admin,
        format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name)),
    )
    .await
}

/// Drops the half-made targets that killed restores of `live` left behind; returns their names.
/// Call only while holding the `restore` lock of `live`.
pub async fn drop_leftovers(admin: &mut PgConnection, live: &str) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(sql::RESTORE_MARKED_DATABASES)
        .bind(in_progress_prefix(live))
        .fetch_all(&mut *admin)
        .await
        .context("failed to look for the leftovers of interrupted restores")?;
    for name in &names {
        tracing::warn!(
            database = name,
            "dropping the leftover of an interrupted restore"
        );
        drop_database(admin, name).await?;
    }
    Ok(names)
}

/// Whether `name` still carries this process's in-progress marker (it was created by this run
/// and not finished), so a failed or interrupted run may drop it.
pub async fn is_ours_in_progress(
    admin: &mut PgConnection,
    name: &str,
    live: &str,
) -> anyhow::Result<bool> {
    let comment: Option<Option<String>> = sqlx::query_scalar(sql::RESTORE_DATABASE_COMMENT)
        .bind(name)
        .fetch_optional(admin)
        .await
        .with_context(|| format!("failed to read the comment of database {name}"))?;
    let mine = format!("{} pid {} ", in_progress_prefix(live), std::process::id());
    Ok(comment.flatten().is_some_and(|c| c.starts_with(&mine)))
}

/// The PostgreSQL client programs restore runs.
#[derive(Debug, Clone)]
pub struct Tools {
    pub pg_restore: PathBuf,
    pub psql: PathBuf,
}

impl Tools {
    /// Where backup finds its client programs too ([`pg_client::program`]).
    pub fn locate() -> Self {
        Tools {
            pg_restore: pg_client::program("pg_restore"),
            psql: pg_client::program("psql"),
        }
    }
}

/// Whether pg_restore stopped because the archive it read is damaged or cut short (a FILE
/// compressed by pg_dump itself, which pmc cannot check before the load), rather than because
/// the target refused something.
fn input_damaged(stderr: &str) -> bool {
    const SIGNS: [&str; 6] = [
        "could not read from input file",
        "could not uncompress data",
        "unexpected end of file",
        "did not find magic string in file header",
        "could not find block ID",
        "unrecognized data block type",
    ];
    SIGNS.iter().any(|sign| stderr.contains(sign))
}

/// The object and error a failed pg_restore or psql names, from its stderr.
pub fn explain_failure(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // pg_restore: "from TOC entry 215; 1259 16386 TABLE DATA orders postgres".
    let object = lines.iter().find_map(|line| {
        let rest = line.split_once("from TOC entry ")?.1;
        let parts: Vec<&str> = rest.split_whitespace().collect();
        (parts.len() > 4).then(|| parts[3..parts.len() - 1].join(" "))
    });
    // psql: "psql:/tmp/pmc-restore-1-x/dump.sql:123: ERROR:  ...".
    let psql_line = lines.iter().find_map(|line| {
        let rest = line.strip_prefix("psql:")?;
        let (before, _) = rest.split_once(": ERROR:")?;
        let number = before.rsplit(':').next()?;
        number.parse::<u64>().ok()
    });
    let error = lines
        .iter()
        .find_map(|line| {
            if let Some((_, e)) = line.split_once("ERROR:") {
                Some(format!("ERROR: {}", e.trim()))
            } else {
                line.split_once("error: ")
                    .map(|(_, e)| e.trim().to_string())
            }
        })
        .or_else(|| lines.last().map(|l| l.to_string()))
        .unwrap_or_else(|| "no message".into());
    let command = lines
        .iter()
        .find_map(|line| line.strip_prefix("Command was: "))
        .map(|c| {
            let short: String = c.chars().take(120).collect();
            format!(" (command was: {short})")
        })
        .unwrap_or_default();
    match (object, psql_line) {
        (Some(object), _) => format!("failed on {object}: {error}{command}"),
        (None, Some(line)) => format!("failed at line {line} of the dump: {error}"),
        (None, None) => format!("failed: {error}{command}"),
    }
}

/// How a dump was loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Load {
    /// `copy` (pmc streamed the table data itself, pg_restore made the schema), `pg_restore`
    /// or `psql`.
    pub method: &'static str,
    /// Parallel connections or pg_restore jobs.
    pub jobs: u32,
    /// Seconds of each step (`copy` only): `schema` (pg_restore before the data), `rows` (the
    /// COPY streams, decompression included), `indexes` (pg_restore after the data: sequence
    /// values, indexes, constraints, privileges).
    pub phases: BTreeMap<&'static str, f64>,
    /// Per table, how its rows were loaded (`copy` only).
    pub tables: Vec<TableLoad>,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// pg_restore's arguments for `file` into `target`, restricted to the entries of `list`.
fn pg_restore_args(
    target: &Database,
    opts: &LoadOptions,
    jobs: u32,
    list: Option<&Path>,
    file: &Path,
) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![
        "--exit-on-error".into(),
        "--no-password".into(),
        format!("--dbname={}", target.name()).into(),
    ];
    if jobs > 1 {
        args.push(format!("--jobs={jobs}").into());
    }
    if opts.no_owner {
        args.push("--no-owner".into());
        args.push("--no-acl".into());
    }
    if let Some(list) = list {
        let mut flag = OsString::from("--use-list=");
        flag.push(list);
        args.push(flag);
    }
    args.push(file.into());
    args
}

/// The command that runs pg_restore or psql (`name`) into `target`.
fn tool_command(
    program: &Path,
    name: &str,
    args: &[OsString],
    target: &Database,
    pgoptions: &str,
) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .envs(target.client_env(name).vars().iter().map(|(k, v)| (*k, v)))
        // Only the load's own settings, over any `options=` of the URL and any PGOPTIONS of
        // the shell, and no service file that could redirect the child elsewhere.
        .env("PGOPTIONS", pgoptions)
        .env_remove("PGSERVICE")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Runs pg_restore or psql into `target` and waits for it.
async fn run_tool(
    program: &Path,
    args: &[OsString],
    target: &Database,
    pgoptions: &str,
) -> anyhow::Result<()> {
    let name = program
        .file_name()
        .map_or("pg_restore".into(), |n| n.to_string_lossy().into_owned());
    let mut command = tool_command(program, &name, args, target, pgoptions);
    let mut child = command.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow::Error::new(Failure::Unavailable(format!(
                "{} not found: install the PostgreSQL 15 client programs or set PMC_PG_BIN",
                program.display()
            )))
        } else {
            anyhow::Error::new(e).context(format!("failed to start {}", program.display()))
        }
    })?;
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let mut text = Vec::new();
    let (read, status) = tokio::join!(stderr.read_to_end(&mut text), child.wait());
    read.with_context(|| format!("failed to read the messages of {name}"))?;
    let status = status.with_context(|| format!("failed to wait for {name}"))?;
    let text = String::from_utf8_lossy(&text);
    if !status.success() {
        let failure = format!("{name} {}", explain_failure(&text));
        if input_damaged(&text) {
            // The dump itself, not the target: bad input (exit 65), as for pmc's own reader.
            return Err(
                Failure::BadInput(format!("{failure}: the dump is damaged or truncated")).into(),
            );
        }
        anyhow::bail!(failure);
    }
    if !text.trim().is_empty() {
        tracing::info!(tool = name, messages = %text.trim(), "restore messages");
    }
    Ok(())
}

/// Loads `prepared` into `target`: pmc's own COPY for a streamed backup, else pg_restore or psql.
async fn load(
    tools: &Tools,
    prepared: &Prepared,
    target: &Database,
    opts: &LoadOptions,
    settings: &[(&'static str, &'static str)],
) -> anyhow::Result<Load> {
    let started = Instant::now();
    let pgoptions = settings
        .iter()
        .map(|(name, value)| format!("-c {name}={value}"))
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(streamed) = &prepared.streamed {
        // The schema first, then the rows over `jobs` connections, then sequence values,
        // indexes, constraints and privileges with pg_restore -j.
        let (before, after) = streamed.lists();
        let dir = streamed.toc_path.parent().unwrap_or(Path::new("."));
        let (before_list, after_list) = (dir.join("before.list"), dir.join("after.list"));
        fs_err::write(&before_list, before)?;
        fs_err::write(&after_list, after)?;
        let mut phases = BTreeMap::new();
        let mut step = Instant::now();
        let mut lap = |name| {
            let took = std::mem::replace(&mut step, Instant::now()).elapsed();
            phases.insert(name, took.as_secs_f64());
        };
        let pre = pg_restore_args(target, opts, 1, Some(&before_list), &streamed.toc_path);
        run_tool(&tools.pg_restore, &pre, target, &pgoptions).await?;
        lap("schema");
        let mut session = vec![
            ("statement_timeout", "0"),
            ("lock_timeout", "0"),
            ("idle_in_transaction_session_timeout", "0"),
            ("search_path", ""),
            ("row_security", "off"),
            ("xmloption", "content"),
        ];
        session.extend_from_slice(settings);
        let tables = stream_load::load_tables(target, streamed, opts.jobs, &session).await?;
        lap("rows");
        let post = pg_restore_args(
            target,
            opts,
            opts.jobs,
            Some(&after_list),
            &streamed.toc_path,
        );
        run_tool(&tools.pg_restore, &post, target, &pgoptions).await?;
        lap("indexes");
        tracing::info!(?phases, "streamed load done");
        return Ok(Load {
            method: "copy",
            jobs: opts.jobs,
            phases,
            tables,
            elapsed: started.elapsed(),
        });
    }
    let dump = prepared.path.as_path();
    let (method, program, args) = match prepared.format {
        DumpFormat::Custom => (
            "pg_restore",
            &tools.pg_restore,
            pg_restore_args(target, opts, opts.jobs, None, dump),
        ),
        DumpFormat::Plain => (
            "psql",
            &tools.psql,
            vec![
                "-X".into(),
                "-q".into(),
                "--no-password".into(),
                "-v".into(),
                "ON_ERROR_STOP=1".into(),
                format!("--dbname={}", target.name()).into(),
                "-f".into(),
                dump.into(),
            ],
        ),
    };
    run_tool(program, &args, target, &pgoptions).await?;
    Ok(Load {
        method,
        jobs: if method == "psql" { 1 } else { opts.jobs },
        phases: BTreeMap::new(),
        tables: Vec::new(),
        elapsed: started.elapsed(),
    })
}

/// The session settings of the load. Commits need not wait for the WAL flush (the target is
/// not live, and the next synchronous commit, the final COMMENT, flushes it all); TOAST values
/// are compressed with lz4 when asked and the server has it.
async fn load_settings(
    admin: &mut PgConnection,
    opts: &LoadOptions,
) -> anyhow::Result<Vec<(&'static str, &'static str)>> {
    let mut settings = vec![("synchronous_commit", "off")];
    if opts.lz4 {
        let methods: Vec<String> = sqlx::query_scalar(sql::RESTORE_TOAST_COMPRESSIONS)
            .fetch_optional(&mut *admin)
            .await
            .context("failed to read the server's TOAST compression methods")?
            .unwrap_or_default();
        if methods.iter().any(|m| m == "lz4") {
            settings.push(("default_toast_compression", "lz4"));
        } else {
            tracing::info!("the server has no lz4: TOAST values keep the server's default");
        }
    }
    Ok(settings)
}

/// Creates database `target` next to `live` and loads `prepared` into it. On any failure the
/// half-made target is dropped and the error says so. Returns how it was loaded.
pub async fn restore_into_new(
    live: &Database,
    prepared: &Prepared,
    target: &str,
    opts: &LoadOptions,
) -> anyhow::Result<Load> {
    check_name(target)?;
    let mut admin = admin(live).await?;
    if target == live.name() || database_exists(&mut admin, target).await? {
        db::close(admin).await;
        return Err(Failure::Usage(format!(
            "database {target} already exists: restore never writes into an existing database \
             (choose another --target-db, or drop it yourself)"
        ))
        .into());
    }
    let started = Instant::now();
    execute(
        &mut admin,
        format!("CREATE DATABASE {} TEMPLATE template0", quote_ident(target)),
    )
    .await?;
    let host = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    let marker = format!(
        "{} pid {} on {host} since {}",
        in_progress_prefix(live.name()),
        std::process::id(),
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
    );
    let loaded = async {
        comment(&mut admin, target, &marker).await?;
        let settings = load_settings(&mut admin, opts).await?;
        load(
            &Tools::locate(),
            prepared,
            &live.for_database(target),
            opts,
            &settings,
        )
        .await
    }
    .await;
    match loaded {
        Ok(mut load) => {
            let what = match &prepared.info.id {
                Some(id) => format!("backup {id}"),
                None => prepared.info.path.clone().unwrap_or_default(),
            };
            comment(
                &mut admin,
                target,
                &format!(
                    "restored by pmc from {what} for {} at {}",
                    live.name(),
                    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
                ),
            )
            .await?;
            db::close(admin).await;
            load.elapsed = started.elapsed();
            Ok(load)
        }
        Err(err) => {
            let dropped = drop_database(&mut admin, target).await;
            db::close(admin).await;
            Err(match dropped {
                Ok(()) => err.context(format!(
                    "restore into {target} failed; the half-made {target} was dropped"
                )),
                Err(e) => err.context(format!(
                    "restore into {target} failed, and dropping it failed too ({}): drop it \
                     by hand",
                    crate::error::one_line(&e)
                )),
            })
        }
    }
}

/// Restores a backup into the scratch database `scratch`, counts the rows of every table,
/// and drops the scratch database again (also when counting fails). This is what
/// `backup verify --deep` needs: compare the result with `manifest.row_counts`.
pub async fn scratch_row_counts(
    live: &Database,
    storage: Box<dyn Storage>,
    manifest: Manifest,
    identity: Option<PathBuf>,
    scratch: &str,
    opts: &LoadOptions,
) -> anyhow::Result<BTreeMap<String, i64>> {
    let prepared = tokio::task::spawn_blocking(move || {
        source::prepare(
            Source::Backup {
                storage,
                manifest: Box::new(manifest),
            },
            identity.as_deref(),
            // No roles are created for a scratch copy: the globals are not needed.
            source::Globals::Ignore,
        )
    })
    .await
    .context("the unpacking task failed")??;
    restore_into_new(live, &prepared, scratch, opts).await?;
    drop(prepared);
    let counted = async {
        let pool = live.for_database(scratch).pool().await?;
        let counts = checks::row_counts(&pool).await;
        pool.close().await;
        counts
    }
    .await;
    let mut admin = admin(live).await?;
    let dropped = drop_database(&mut admin, scratch).await;
    db::close(admin).await;
    let counts = counted?;
    dropped?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_gets_the_loads_settings_and_the_targets_name_over_the_urls() {
        let live = Database::for_tests(
            "postgres://ops:secret@db.internal:6432/live?dbname=live&options=-c%20statement_timeout%3D1",
        );
        let target = live.for_database("live_restore_1");
        let command = tool_command(
            Path::new("pg_restore"),
            "pg_restore",
            &[OsString::from("--exit-on-error")],
            &target,
            "-c synchronous_commit=off",
        );
        let env = |name: &str| {
            command
                .as_std()
                .get_envs()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.map(|v| v.to_string_lossy().into_owned()))
        };
        assert_eq!(
            env("PGOPTIONS"),
            Some(Some("-c synchronous_commit=off".into()))
        );
        assert_eq!(env("PGDATABASE"), Some(Some("live_restore_1".into())));
        assert_eq!(env("PGPASSWORD"), Some(Some("secret".into())));
        assert_eq!(env("PGSERVICE"), Some(None), "PGSERVICE is removed");
        assert!(
            command
                .as_std()
                .get_args()
                .all(|arg| !arg.to_string_lossy().contains("secret"))
        );
    }

    #[test]
    fn names_the_failing_object() {
        let stderr = "pg_restore: while PROCESSING TOC:\n\
            pg_restore: from TOC entry 3340; 0 16390 TABLE DATA orders postgres\n\
            pg_restore: error: COPY failed for table \"orders\": ERROR:  value too long for type character varying(3)\n";
        assert_eq!(
            explain_failure(stderr),
            "failed on TABLE DATA orders: ERROR: value too long for type character varying(3)"
        );
        let psql =
            "psql:/tmp/pmc-restore-1-a/dump.sql:42: ERROR:  relation \"nope\" does not exist\n";
        assert_eq!(
            explain_failure(psql),
            "failed at line 42 of the dump: ERROR: relation \"nope\" does not exist"
        );
    }

    #[test]
    fn derived_names_fit_in_63_bytes_for_any_live_name() {
        assert_eq!(
            derived_name("pimpmycase", "_restore_20261129181904"),
            "pimpmycase_restore_20261129181904"
        );
        let live = "l".repeat(MAX_NAME_BYTES);
        for suffix in [
            "_restore_20261129181904",
            "_drill_20261129181904",
            "_verify_20261129181904",
        ] {
            let name = derived_name(&live, suffix);
            assert_eq!(name.len(), MAX_NAME_BYTES, "{name}");
            assert!(name.ends_with(suffix), "{name}");
            assert!(check_name(&name).is_ok(), "{name}");
        }
        // Any live name PostgreSQL takes gives a name pmc's own check takes.
        for live in [
            "shop db",
            "odd=db 'x",
            "2024shop",
            "-x",
            "café",
            "\u{1F600}".repeat(20).as_str(),
        ] {
            let name = derived_name(live, "_verify_20261129181904");
            assert!(check_name(&name).is_ok(), "{live:?} gave {name:?}");
        }
        assert_eq!(derived_name("shop db", "_x"), "shop_db_x");
        assert_eq!(derived_name("2024shop", "_x"), "_2024shop_x");
    }

    #[test]
    fn target_names_are_checked() {
        assert!(check_name("pimpmycase_restore_20261123120000").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name("postgres://x").is_err());
        assert!(check_name(&"x".repeat(64)).is_err());
    }
}
