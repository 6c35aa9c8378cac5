//! What a restore reads: a backup of the repository (latest, by id, or the newest before a
//! time) or a dump file, unpacked into a private temporary file that pg_restore can seek in.
//!
//! Unpacking is one pass over the stored bytes: they are counted and hashed as they are read,
//! decrypted when the backup is encrypted, decompressed and written to a 0600 file in a 0700
//! temporary folder. The checksum is compared before the caller gets the file, so nothing
//! unverified ever reaches a database. A backup whose archive pmc can stream (see `archive`) is
//! instead verified in a pass of its own and handed over as an open stream after its TOC, so its
//! table data never touches the disk. I/O here is blocking; run it in a blocking task.

use std::io::{self, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use fs_err as fs;
use serde::Serialize;

use super::archive::{self, Parsed};
use super::stream_load::Streamed;
use crate::backup::manifest::{DumpFormat, Manifest, StoredFile};
use crate::backup::pipeline::{HashRead, OpenError, ReadTally, open_plain};
use crate::backup::repo::{self, Storage};
use crate::error::Failure;

/// Which backup to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// The newest good backup.
    Latest,
    /// The backup with this id.
    Id(String),
    /// The newest good backup that started before this instant.
    Before(DateTime<Utc>),
}

/// Where the dump comes from.
pub enum Source {
    /// A good backup of a repository.
    Backup {
        storage: Box<dyn Storage>,
        manifest: Box<Manifest>,
    },
    /// A dump file: custom format (`pg_dump -Fc`), plain SQL, or either compressed with zstd.
    File(PathBuf),
}

/// The start of a custom-format archive.
const CUSTOM_MAGIC: &[u8] = b"PGDMP";
/// The start of a zstd frame.
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];
/// The start of an age file.
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
/// The last comment pg_dump writes in a plain dump: without it the file was cut short.
const PLAIN_TRAILER: &str = "PostgreSQL database dump complete";

/// The good backups of a repository (a readable manifest), oldest first. A folder without a
/// manifest, or with one pmc cannot read, is not a good backup and is left out.
pub fn good_backups(storage: &dyn Storage) -> anyhow::Result<Vec<Manifest>> {
    let mut good = Vec::new();
    for id in storage.ids()? {
        match repo::read_manifest(storage, &id) {
            Ok(Some(manifest)) => good.push(manifest),
            Ok(None) => {}
            Err(e) => tracing::warn!(id, error = format!("{e:#}"), "backup left out"),
        }
    }
    good.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(good)
}

/// The good backups of `storage` that are of the database `live`, oldest first: pmc made them
/// from it, or they were imported (an import cannot know its database). Refused (exit 65) when
/// the repository holds good backups of other databases only: `latest` or `--before` would
/// otherwise put another database's data in place of this one.
fn good_backups_of(storage: &dyn Storage, live: &str) -> anyhow::Result<Vec<Manifest>> {
    let (mine, others): (Vec<Manifest>, Vec<Manifest>) = good_backups(storage)?
        .into_iter()
        .partition(|m| m.imported_from.is_some() || m.database == live);
    match (mine.is_empty(), others.last()) {
        (true, Some(other)) => Err(Failure::BadInput(format!(
            "{} holds no backup of the database {live:?}, only of {:?} (the newest is {}): name \
             a backup by its id to restore it all the same",
            storage.location(),
            other.database,
            other.id
        ))
        .into()),
        _ => Ok(mine),
    }
}

/// Finds the backup `selector` names in `storage`; `latest` and `--before` choose among the
/// backups of the database `live` only.
pub fn select(storage: &dyn Storage, selector: &Selector, live: &str) -> anyhow::Result<Manifest> {
    let location = storage.location();
    match selector {
        Selector::Latest => {
            // A backup claiming a time in the future (imported with a wrong one) is not the
            // latest: it would be restored, and drilled, for ever after.
            let now = Utc::now();
            let (future, good): (Vec<Manifest>, Vec<Manifest>) = good_backups_of(storage, live)?
                .into_iter()
                .partition(|m| crate::backup::retention::in_future(m.started_at, now));
            good.into_iter().next_back().ok_or_else(|| {
                let why = match future.first() {
                    Some(m) => format!(
                        "{} claims to start in the future; name it by its id to restore it",
                        m.id
                    ),
                    None => "none has a manifest".to_string(),
                };
                Failure::BadInput(format!("no good backup in {location} ({why})")).into()
            })
        }
        Selector::Id(id) => {
            if !storage.ids()?.contains(id) {
                return Err(Failure::Usage(format!("no backup {id} in {location}")).into());
            }
            repo::read_manifest(storage, id)
                .map_err(|e| {
                    if matches!(e.downcast_ref::<Failure>(), Some(Failure::BadInput(_))) {
                        e.context(format!(
                            "backup {id} cannot be restored by its id; {}",
                            crate::backup::inventory::damaged_advice(&location, id)
                        ))
                    } else {
                        e
                    }
                })?
                .ok_or_else(|| {
                    Failure::BadInput(format!(
                    "backup {id} in {location} has no manifest: it never completed and is not a \
                     good backup"
                ))
                .into()
                })
        }
        Selector::Before(when) => {
            let good = good_backups_of(storage, live)?;
            let oldest = good.first().map(|m| m.started_at);
            good.into_iter()
                .rev()
                .find(|m| m.started_at < *when)
                .ok_or_else(|| {
                    let oldest = oldest.map_or("there is none".to_string(), |t| {
                        format!("the oldest started {}", t.format("%Y-%m-%d %H:%M:%S UTC"))
                    });
                    Failure::BadInput(format!(
                        "no good backup in {location} started before {}: {oldest}",
                        when.format("%Y-%m-%d %H:%M:%S UTC")
                    ))
                    .into()
                })
        }
    }
}

/// Parses `--before`: RFC 3339 (`2026-11-20T14:00:00Z`), `YYYY-MM-DD HH:MM[:SS]` (UTC),
/// `YYYY-MM-DD` (midnight UTC), a backup id (`20261120T140000Z`), or a duration ago (`36h`).
pub fn parse_time(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y%m%dT%H%M%SZ",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    }
    // `-1h` would be an hour from now: every duration flag refuses a negative one, and a time
    // in the future would select the latest backup under another name.
    if let Some(rest) = text.strip_prefix('-')
        && (humantime::parse_duration(rest).is_ok() || rest.parse::<u64>().is_ok())
    {
        return Err(format!(
            "{text:?}: a duration ago cannot be negative (give {rest} for {rest} ago)"
        ));
    }
    // A duration ago goes through the parser every duration flag and setting uses, bounded
    // at 1000 years: `1000000000h` would otherwise put the cutoff in the year -112053.
    if humantime::parse_duration(text).is_ok() || text.parse::<u64>().is_ok() {
        let ago = crate::config::parse_duration(text).map_err(|e| format!("{text:?}: {e}"))?;
        let ago = chrono::Duration::from_std(ago).map_err(|e| format!("{text:?}: {e}"))?;
        return now
            .checked_sub_signed(ago)
            .ok_or_else(|| format!("{text:?} ago is before the earliest time pmc can handle"));
    }
    Err(format!(
        "{text:?} is not a time: give 2026-11-20T14:00:00Z, \"2026-11-20 14:00\" (UTC), \
         2026-11-20, a backup id, or a duration ago such as 36h"
    ))
}

/// What was restored from, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// `backup` or `file`.
    pub kind: &'static str,
    /// The backup id; null for a file.
    pub id: Option<String>,
    /// The repository; null for a file.
    pub repo: Option<String>,
    /// The file; null for a backup.
    pub path: Option<String>,
    pub format: DumpFormat,
    pub encrypted: bool,
    /// `verified` (the stored bytes match the manifest's SHA-256) or `none` (a file has no
    /// manifest to check against).
    pub checksum: &'static str,
    /// Bytes of the dump as pg_restore or psql reads it.
    pub dump_bytes: u64,
}

/// A dump ready for pg_restore or psql. Dropping it removes the temporary copy.
pub struct Prepared {
    /// The file to restore from.
    pub path: PathBuf,
    pub format: DumpFormat,
    /// The backup's manifest; None for a file.
    pub manifest: Option<Manifest>,
    /// The backup's `pg_dumpall --globals-only` SQL, checksum verified; None for a file and
    /// for a backup without globals.
    pub globals: Option<String>,
    pub info: SourceInfo,
    /// Set when the backup's table data is streamed by pmc instead of unpacked for pg_restore;
    /// `path` is then the TOC-only archive.
    pub streamed: Option<Streamed>,
    /// The private folder holding the unpacked dump; None when the file is used in place.
    _dir: Option<tempfile::TempDir>,
}

/// The prefix of restore's temporary folders: `pmc-restore-<pid>-`, so a later run can tell
/// the leftovers of a killed run (its pid is gone) from those of a run still going.
fn temp_prefix() -> String {
    format!("pmc-restore-{}-", std::process::id())
}

/// Removes the temporary folders of restores whose process is gone (killed with -9, say).
/// Returns the folders removed.
pub fn remove_stale_temp_dirs() -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("pmc-restore-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            continue;
        };
        let alive = rustix::process::Pid::from_raw(pid).is_some_and(|pid| {
            match rustix::process::test_kill_process(pid) {
                Ok(()) => true,
                Err(e) => e != rustix::io::Errno::SRCH,
            }
        });
        if !alive && fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

fn private_temp_dir() -> anyhow::Result<tempfile::TempDir> {
    // TempDir folders are 0700.
    tempfile::Builder::new()
        .prefix(&temp_prefix())
        .tempdir()
        .with_context(|| {
            format!(
                "failed to create a temporary folder in {} (set TMPDIR to a roomier place)",
                std::env::temp_dir().display()
            )
        })
}

fn private_file(path: &Path) -> anyhow::Result<BufWriter<fs::File>> {
    use fs_err::os::unix::fs::OpenOptionsExt as _;
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

/// SHA-256 and length of a stored file, read on its own (used to tell corruption from other
/// failures once unpacking has failed).
fn hash_stored(storage: &dyn Storage, id: &str, name: &str) -> anyhow::Result<(String, u64)> {
    let tally = Arc::<Mutex<ReadTally>>::default();
    let mut reader = HashRead::new(storage.open(id, name)?, tally.clone());
    io::copy(&mut reader, &mut io::sink())
        .with_context(|| format!("failed to read {name} of backup {id}"))?;
    let tally = tally.lock().unwrap_or_else(|p| p.into_inner());
    Ok((tally.sha256(), tally.bytes))
}

/// Loads the age identities that decrypt `what` (a backup or a file), which is encrypted to
/// `recipients` when those are known.
fn load_identities(
    path: Option<&Path>,
    what: &str,
    recipients: Option<&str>,
) -> anyhow::Result<Vec<Box<dyn age::Identity + Send + Sync>>> {
    let Some(path) = path else {
        let to = recipients.map(|r| format!(" (to {r})")).unwrap_or_default();
        return Err(Failure::Usage(format!(
            "{what} is encrypted{to}: give the identity file with --identity FILE or \
             backup.identity_file"
        ))
        .into());
    };
    // age's own messages name the file already ("identity file X contains …").
    let unusable = |e: &dyn std::fmt::Display| {
        let why = e.to_string();
        let why = why
            .strip_prefix(&format!("identity file {} ", path.display()))
            .unwrap_or(&why)
            .to_string();
        Failure::BadInput(format!(
            "identity file {}: {why}; nothing was restored",
            path.display()
        ))
    };
    let file =
        age::IdentityFile::from_file(path.display().to_string()).map_err(|e| unusable(&e))?;
    let identities = file.into_identities().map_err(|e| unusable(&e))?;
    if identities.is_empty() {
        return Err(Failure::BadInput(format!(
            "identity file {} holds no age identity (AGE-SECRET-KEY-1...); nothing was restored",
            path.display()
        ))
        .into());
    }
    Ok(identities)
}

/// Whether a restore reads a backup's globals file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Globals {
    /// Read and verify it: the roles it defines are created or checked.
    Read,
    /// Leave it unread (`--no-globals`, `--no-owner`, a deep verify): a missing or damaged
    /// globals file then cannot stop a restore that does not use it.
    Ignore,
}

/// Verifies, decrypts and unpacks what `source` names, blocking. Errors: a checksum or size
/// mismatch, a wrong or missing identity, an empty or truncated file are `Failure::BadInput`
/// (exit 65), raised before anything else happens.
pub fn prepare(
    source: Source,
    identity: Option<&Path>,
    globals: Globals,
) -> anyhow::Result<Prepared> {
    match source {
        Source::Backup { storage, manifest } => {
            prepare_backup(&*storage, *manifest, identity, globals)
        }
        Source::File(path) => prepare_file(&path, identity),
    }
}

fn prepare_backup(
    storage: &dyn Storage,
    manifest: Manifest,
    identity: Option<&Path>,
    read_globals_file: Globals,
) -> anyhow::Result<Prepared> {
    // The globals file this restore reads, if any.
    let globals_file = manifest
        .globals
        .clone()
        .filter(|_| read_globals_file == Globals::Read);
    let encrypted = !manifest.encrypted_to.is_empty();
    let identities = if encrypted {
        load_identities(
            identity,
            &format!("backup {}", manifest.id),
            Some(&manifest.encrypted_to.join(", ")),
        )?
    } else {
        Vec::new()
    };
    let id = manifest.id.clone();
    let name = manifest.dump.name.clone();
    if !storage.exists(&id, &name)? {
        return Err(Failure::BadInput(format!(
            "backup {id} in {}: its dump {name} is missing",
            storage.location()
        ))
        .into());
    }
    let dir = private_temp_dir()?;
    if manifest.format == DumpFormat::Custom
        && let Some(streamed) = prepare_streamed(storage, &manifest, &identities, dir.path())?
    {
        let info = backup_info(storage, &manifest, manifest.dump.raw_bytes);
        let globals = (globals_file.as_ref())
            .map(|file| read_globals(storage, &id, file, &identities))
            .transpose()?;
        return Ok(Prepared {
            path: streamed.toc_path.clone(),
            format: manifest.format,
            manifest: Some(manifest),
            globals,
            info,
            streamed: Some(streamed),
            _dir: Some(dir),
        });
    }
    let path = dir.path().join(match manifest.format {
        DumpFormat::Custom => "dump",
        DumpFormat::Plain => "dump.sql",
    });
    let tally = Arc::<Mutex<ReadTally>>::default();
    let unpacked = unpack(
        storage,
        &id,
        &name,
        &identities,
        tally.clone(),
        &path,
        encrypted.then(|| manifest.encrypted_to.join(", ")),
    );
    let (sha, stored) = {
        let tally = tally.lock().unwrap_or_else(|p| p.into_inner());
        (tally.sha256(), tally.bytes)
    };
    let corrupt = |sha: &str, stored: u64| mismatch(&manifest, sha, stored);
    let dump_bytes = match unpacked {
        Ok(bytes) => {
            if let Some(failure) = corrupt(&sha, stored) {
                return Err(failure.into());
            }
            bytes
        }
        Err(err) => {
            // Unpacking stopped early: hash the whole file to say whether it is damaged,
            // which explains most failures better than the decompressor's message does.
            let (sha, stored) = hash_stored(storage, &id, &name)?;
            if let Some(failure) = corrupt(&sha, stored) {
                return Err(failure.into());
            }
            return Err(err);
        }
    };
    let globals = match &globals_file {
        Some(file) => Some(read_globals(storage, &id, file, &identities)?),
        None => None,
    };
    let info = backup_info(storage, &manifest, dump_bytes);
    Ok(Prepared {
        path,
        format: manifest.format,
        manifest: Some(manifest),
        globals,
        info,
        streamed: None,
        _dir: Some(dir),
    })
}

/// Reads a backup's globals file (small: roles and tablespaces), decrypted and decompressed,
/// after checking its size and SHA-256 against the manifest.
fn read_globals(
    storage: &dyn Storage,
    id: &str,
    file: &StoredFile,
    identities: &[Box<dyn age::Identity + Send + Sync>],
) -> anyhow::Result<String> {
    let name = &file.name;
    if !storage.exists(id, name)? {
        return Err(Failure::BadInput(format!(
            "backup {id} in {}: its globals file {name} is missing (give --no-globals to \
             restore without it)",
            storage.location()
        ))
        .into());
    }
    let (mut reader, tally) = open_plain(storage, id, file, Some(identities)).map_err(|e| {
        let message = match e {
            OpenError::Other(e) => crate::error::one_line(&e),
            e => e.to_string(),
        };
        Failure::BadInput(format!("backup {id}: {name} cannot be read: {message}"))
    })?;
    let mut text = Vec::new();
    let read = reader.read_to_end(&mut text);
    let (sha, stored) = {
        let tally = tally.lock().unwrap_or_else(|p| p.into_inner());
        (tally.sha256(), tally.bytes)
    };
    if stored != file.stored_bytes || sha != file.sha256 {
        return Err(Failure::BadInput(format!(
            "backup {id}: checksum mismatch in {name} (SHA-256 {sha}, {stored} bytes; the \
             manifest says {}, {} bytes): the file is damaged; nothing was restored",
            file.sha256, file.stored_bytes
        ))
        .into());
    }
    read.map_err(|e| {
        Failure::BadInput(format!(
            "backup {id}: {name} cannot be decompressed ({e}): the file is damaged"
        ))
    })?;
    String::from_utf8(text)
        .map_err(|_| Failure::BadInput(format!("backup {id}: {name} is not UTF-8 text")).into())
}

/// The report's description of a verified backup.
fn backup_info(storage: &dyn Storage, manifest: &Manifest, dump_bytes: u64) -> SourceInfo {
    SourceInfo {
        kind: "backup",
        id: Some(manifest.id.clone()),
        repo: Some(storage.location()),
        path: None,
        format: manifest.format,
        encrypted: !manifest.encrypted_to.is_empty(),
        checksum: "verified",
        dump_bytes,
    }
}

/// Why the stored dump does not match its manifest, if it does not.
fn mismatch(manifest: &Manifest, sha: &str, stored: u64) -> Option<Failure> {
    let (id, name) = (&manifest.id, &manifest.dump.name);
    if stored != manifest.dump.stored_bytes {
        return Some(Failure::BadInput(format!(
            "backup {id}: {name} is {stored} bytes but the manifest says {}: the file is \
             truncated or damaged; nothing was restored",
            manifest.dump.stored_bytes
        )));
    }
    if sha != manifest.dump.sha256 {
        return Some(Failure::BadInput(format!(
            "backup {id}: checksum mismatch in {name} (SHA-256 {sha}, manifest {}): the \
             file is damaged; nothing was restored",
            manifest.dump.sha256
        )));
    }
    None
}

/// Verifies a custom-format backup in a pass of its own, then opens it decrypted and
/// decompressed and reads its TOC, writing it to `dir/toc` for pg_restore. None when pmc
/// cannot stream the archive (see `archive`): it is then unpacked for pg_restore as before.
fn prepare_streamed(
    storage: &dyn Storage,
    manifest: &Manifest,
    identities: &[Box<dyn age::Identity + Send + Sync>],
    dir: &Path,
) -> anyhow::Result<Option<Streamed>> {
    let (id, name) = (&manifest.id, &manifest.dump.name);
    let (sha, stored) = hash_stored(storage, id, name)?;
    if let Some(failure) = mismatch(manifest, &sha, stored) {
        return Err(failure.into());
    }
    let (mut plain, _) =
        open_plain(storage, id, &manifest.dump, Some(identities)).map_err(|e| match e {
            OpenError::Other(e) => e,
            e => Failure::BadInput(format!(
                "backup {id}: the identity file cannot decrypt {name} ({e}); it is encrypted to \
                 {}; nothing was restored",
                manifest.encrypted_to.join(", ")
            ))
            .into(),
        })?;
    match archive::read_head(&mut plain) {
        Ok(Parsed::Streamable { toc, head }) => {
            let toc_path = write_toc(dir, &head)?;
            Ok(Some(Streamed::new(toc, toc_path, plain, head.len() as u64)))
        }
        Ok(Parsed::NotStreamable(why)) => {
            tracing::info!(backup = %id, why, "pg_restore reads this backup: pmc cannot stream it");
            Ok(None)
        }
        Err(e) => {
            tracing::info!(backup = %id, error = %e, "pg_restore reads this backup: its TOC is unreadable");
            Ok(None)
        }
    }
}

/// Writes an archive's header and TOC (`head`) to a 0600 file `toc` in `dir`, for pg_restore.
fn write_toc(dir: &Path, head: &[u8]) -> anyhow::Result<PathBuf> {
    let toc_path = dir.join("toc");
    let mut file = private_file(&toc_path)?;
    io::Write::write_all(&mut file, head)
        .and_then(|()| io::Write::flush(&mut file))
        .with_context(|| format!("failed to write {}", toc_path.display()))?;
    Ok(toc_path)
}

/// The unpacking pass: stored bytes → tally → (age) → zstd → `out`. Returns the bytes written.
fn unpack(
    storage: &dyn Storage,
    id: &str,
    name: &str,
    identities: &[Box<dyn age::Identity + Send + Sync>],
    tally: Arc<Mutex<ReadTally>>,
    out: &Path,
    recipients: Option<String>,
) -> anyhow::Result<u64> {
    let counted = HashRead::new(
        io::BufReader::with_capacity(1 << 20, storage.open(id, name)?),
        tally,
    );
    let plain: Box<dyn Read> = if let Some(recipients) = recipients {
        let decryptor = age::Decryptor::new_buffered(io::BufReader::new(counted)).map_err(|e| {
            Failure::BadInput(format!("backup {id}: {name} is not an age file: {e}"))
        })?;
        let reader = decryptor
            .decrypt(identities.iter().map(|i| &**i as &dyn age::Identity))
            .map_err(|e| {
                Failure::BadInput(format!(
                    "backup {id}: the identity file cannot decrypt {name} ({e}); it is \
                     encrypted to {recipients}; nothing was restored"
                ))
            })?;
        Box::new(reader)
    } else {
        Box::new(counted)
    };
    let mut decoder = zstd::stream::read::Decoder::new(plain)
        .with_context(|| format!("failed to start decompressing {name} of backup {id}"))?;
    decoder
        .window_log_max(31)
        .context("failed to configure the zstd decoder")?;
    let mut writer = private_file(out)?;
    let written = copy_unpacked(&mut decoder, &mut writer, out, |e| {
        Failure::BadInput(format!(
            "backup {id}: {name} cannot be decompressed ({e}): the file is damaged"
        ))
        .into()
    })?;
    // Read anything after the zstd frames too, so the checksum covers every stored byte.
    let mut rest = decoder.finish();
    io::copy(&mut rest, &mut io::sink())
        .with_context(|| format!("failed to read {name} of backup {id}"))?;
    // No fsync: the copy lives only as long as this run, and forcing it to disk would only
    // delay the load.
    writer
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("failed to write {}", out.display()))?;
    Ok(written)
}

/// Copies the decompressed dump to the temporary file `out`. A read error is the backup's
/// (damaged, exit 65); a write error is the temporary folder's (a full disk), which must not
/// pass for a damaged backup at 3 a.m.
fn copy_unpacked(
    decoder: &mut impl Read,
    writer: &mut impl io::Write,
    out: &Path,
    damaged: impl FnOnce(io::Error) -> anyhow::Error,
) -> anyhow::Result<u64> {
    let mut written = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match decoder.read(&mut buf) {
            Ok(0) => return Ok(written),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(damaged(e)),
        };
        writer.write_all(&buf[..n]).with_context(|| {
            format!(
                "failed to write the unpacked dump to {} (set TMPDIR to a roomier place); the \
                 backup itself was read without error",
                out.display()
            )
        })?;
        written += n as u64;
    }
}

fn read_head(path: &Path, n: usize) -> anyhow::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    fs::File::open(path)?
        .take(n as u64)
        .read_to_end(&mut head)
        .with_context(|| format!("failed to read {}", path.display()))?;
    Ok(head)
}

/// Checks that a plain dump is text and ends as pg_dump ends one.
fn check_plain(path: &Path, shown: &Path) -> anyhow::Result<()> {
    use std::io::{Seek as _, SeekFrom};
    let head = read_head(path, 4096)?;
    if head.contains(&0) {
        return Err(Failure::BadInput(format!(
            "{} is neither a PostgreSQL custom-format archive nor a plain SQL dump",
            shown.display()
        ))
        .into());
    }
    let mut file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(4096)))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    if !String::from_utf8_lossy(&tail).contains(PLAIN_TRAILER) {
        return Err(Failure::BadInput(format!(
            "{} does not end with pg_dump's \"-- {PLAIN_TRAILER}\" line: the dump is truncated \
             (or not made by pg_dump); nothing was restored",
            shown.display()
        ))
        .into());
    }
    Ok(())
}

/// The dump file at `path` opened for reading its dump: decrypted when `identity` is given
/// (the file is age-encrypted; a wrong identity is refused here, before anything is read),
/// decompressed when the content is zstd.
fn open_file(path: &Path, identity: Option<Option<&Path>>) -> anyhow::Result<Box<dyn Read + Send>> {
    use std::io::BufRead as _;
    let shown = path.display();
    let file = io::BufReader::with_capacity(1 << 20, fs::File::open(path)?);
    let mut content: Box<dyn io::BufRead + Send> = match identity {
        Some(identity) => {
            let identities = load_identities(identity, &shown.to_string(), None)?;
            let decryptor = age::Decryptor::new_buffered(file).map_err(|e| {
                Failure::BadInput(format!("{shown} is not a readable age file: {e}"))
            })?;
            let reader = decryptor
                .decrypt(identities.iter().map(|i| &**i as &dyn age::Identity))
                .map_err(|e| {
                    Failure::BadInput(format!(
                        "the identity file cannot decrypt {shown} ({e}); nothing was restored"
                    ))
                })?;
            Box::new(io::BufReader::with_capacity(1 << 20, reader))
        }
        None => Box::new(file),
    };
    let compressed = content
        .fill_buf()
        .map_err(|e| damaged(path, identity.is_some(), e))?
        .starts_with(ZSTD_MAGIC);
    if !compressed {
        return Ok(Box::new(content));
    }
    let mut decoder = zstd::stream::read::Decoder::with_buffer(content)
        .with_context(|| format!("failed to start decompressing {shown}"))?;
    decoder.window_log_max(31)?;
    Ok(Box::new(decoder))
}

/// The error for a dump file that cannot be read to its end.
fn damaged(path: &Path, encrypted: bool, e: io::Error) -> Failure {
    Failure::BadInput(format!(
        "{} cannot be {} ({e}): the file is damaged",
        path.display(),
        if encrypted {
            "decrypted or decompressed"
        } else {
            "decompressed"
        }
    ))
}

/// Decrypts (when `identity` is given: the file is age-encrypted) and decompresses (when the
/// content is zstd) the dump file at `path` into `out`. Returns the bytes written.
fn unpack_file(path: &Path, out: &Path, identity: Option<Option<&Path>>) -> anyhow::Result<u64> {
    let mut content = open_file(path, identity)?;
    let mut writer = private_file(out)?;
    let written = copy_unpacked(&mut content, &mut writer, out, |e| {
        damaged(path, identity.is_some(), e).into()
    })?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("failed to write {}", out.display()))?;
    Ok(written)
}

/// A dump file pmc can stream (a custom archive without compressed data blocks, plain or in
/// zstd, encrypted or not), prepared as a backup is: its TOC written for pg_restore and the rest
/// left unread for the load. None when it is anything else; it is then unpacked as before.
fn stream_file(
    path: &Path,
    identity: Option<Option<&Path>>,
    info: SourceInfo,
) -> anyhow::Result<Option<Prepared>> {
    let mut content = open_file(path, identity)?;
    let (toc, head) = match archive::read_head(&mut content) {
        Ok(Parsed::Streamable { toc, head }) => (toc, head),
        Ok(Parsed::NotStreamable(why)) => {
            tracing::info!(file = %path.display(), why, "pg_restore or psql reads this file: pmc cannot stream it");
            return Ok(None);
        }
        Err(e) => {
            tracing::info!(file = %path.display(), error = %e, "pg_restore or psql reads this file");
            return Ok(None);
        }
    };
    let dir = private_temp_dir()?;
    let toc_path = write_toc(dir.path(), &head)?;
    Ok(Some(Prepared {
        path: toc_path.clone(),
        format: DumpFormat::Custom,
        manifest: None,
        globals: None,
        info,
        streamed: Some(Streamed::new(toc, toc_path, content, head.len() as u64)),
        _dir: Some(dir),
    }))
}

fn prepare_file(path: &Path, identity: Option<&Path>) -> anyhow::Result<Prepared> {
    let len = fs::metadata(path)
        .map_err(|e| Failure::BadInput(format!("{e}")))?
        .len();
    if len == 0 {
        return Err(Failure::BadInput(format!(
            "{} is empty (0 bytes): there is nothing to restore (the store's old backup script \
             leaves such a file when pg_dump fails)",
            path.display()
        ))
        .into());
    }
    let head = read_head(path, 32)?;
    let encrypted = head.starts_with(AGE_MAGIC);
    let compressed = head.starts_with(ZSTD_MAGIC);
    let streamable = stream_file(
        path,
        encrypted.then_some(identity),
        SourceInfo {
            kind: "file",
            id: None,
            repo: None,
            path: Some(path.display().to_string()),
            format: DumpFormat::Custom,
            encrypted,
            checksum: "none",
            // Known once the load has read the stream, unless the file is the dump itself.
            dump_bytes: if encrypted || compressed { 0 } else { len },
        },
    )?;
    if let Some(prepared) = streamable {
        return Ok(prepared);
    }
    let mut dir = None;
    let mut dump = path.to_path_buf();
    let mut dump_bytes = len;
    if encrypted || compressed {
        let temp = private_temp_dir()?;
        let out = temp.path().join("dump");
        dump_bytes = unpack_file(path, &out, encrypted.then_some(identity))?;
        dump = out;
        dir = Some(temp);
    }
    let format = if read_head(&dump, CUSTOM_MAGIC.len())? == CUSTOM_MAGIC {
        DumpFormat::Custom
    } else {
        check_plain(&dump, path)?;
        DumpFormat::Plain
    };
    let info = SourceInfo {
        kind: "file",
        id: None,
        repo: None,
        path: Some(path.display().to_string()),
        format,
        encrypted,
        checksum: "none",
        dump_bytes,
    };
    Ok(Prepared {
        path: dump,
        format,
        manifest: None,
        globals: None,
        info,
        streamed: None,
        _dir: dir,
    })
}

impl Prepared {
    /// What was restored from; the size of a streamed file's dump is known once the load has
    /// read it.
    pub fn source_info(&self) -> SourceInfo {
        let mut info = self.info.clone();
        if let Some(streamed) = &self.streamed
            && info.dump_bytes == 0
        {
            info.dump_bytes = streamed.bytes_read();
        }
        info
    }

    /// The folder of the unpacked copy, if any (tests check it is removed).
    pub fn temp_dir(&self) -> Option<&Path> {
        self._dir.as_ref().map(|d| d.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_temporary_folder_is_not_a_damaged_backup() {
        struct Full;
        impl io::Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("Unknown frame descriptor"))
            }
        }
        let out = Path::new("/tmp/pmc-restore-x/dump");
        let bad = |e: io::Error| anyhow::Error::from(Failure::BadInput(e.to_string()));
        let full = copy_unpacked(&mut &b"rows"[..], &mut Full, out, bad).unwrap_err();
        assert!(full.downcast_ref::<Failure>().is_none(), "{full:#}");
        assert!(format!("{full:#}").contains("set TMPDIR"), "{full:#}");
        let damaged = copy_unpacked(&mut Broken, &mut Vec::new(), out, bad).unwrap_err();
        assert!(matches!(
            damaged.downcast_ref::<Failure>(),
            Some(Failure::BadInput(_))
        ));
        let mut copied = Vec::new();
        assert_eq!(
            copy_unpacked(&mut &b"rows"[..], &mut copied, out, bad).unwrap(),
            4
        );
        assert_eq!(copied, b"rows");
    }
    use chrono::TimeZone as _;

    #[test]
    fn parses_before_times() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let want = Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).unwrap();
        for text in [
            "2026-11-20T14:00:00Z",
            "2026-11-20T15:00:00+01:00",
            "2026-11-20 14:00",
            "2026-11-20 14:00:00",
            "20261120T140000Z",
        ] {
            assert_eq!(parse_time(text, now).unwrap(), want, "{text}");
        }
        assert_eq!(
            parse_time("2026-11-20", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap()
        );
        assert_eq!(
            parse_time("70h", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).unwrap()
        );
        assert!(parse_time("yesterday-ish", now).is_err());
        let err = parse_time("-1h", now).unwrap_err();
        assert!(err.contains("cannot be negative"), "{err}");
    }

    #[test]
    fn a_duration_ago_is_bounded_like_every_duration_flag() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let err = parse_time("1000000000h", now).unwrap_err();
        assert!(err.contains("at most 1000 years"), "{err}");
        assert!(parse_time("1001y", now).is_err());
        assert_eq!(
            parse_time("1000y", now).unwrap(),
            now - chrono::Duration::from_std(crate::config::LONGEST_DURATION).unwrap()
        );
        assert_eq!(
            parse_time("3600", now).unwrap(),
            now - chrono::Duration::hours(1)
        );
    }
}
