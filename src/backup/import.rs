//! Adopting the store's old backups: plain `backup_YYYYMMDD[_HHMMSS].sql` files from
//! `pg_dump > file` become repository backups (format `plain`), compressed and encrypted like
//! any other, so restores work from them too. A file that is empty, is not a pg_dump script or
//! does not end with pg_dump's completion line is refused: the old script reported success for
//! all three.

use std::io::Read as _;
use std::path::Path;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;

use super::inventory;
use super::manifest::{DumpFormat, MANIFEST_VERSION, Manifest};
use super::pipeline::Sink;
use super::repo::{self, Storage};
use super::verify::Ends;
use crate::error::Failure;

/// One adopted file.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub file: String,
    pub id: String,
    /// `name` when the time came from the file name, `mtime` from its modification time.
    pub time_from: &'static str,
    pub raw_bytes: u64,
    pub stored_bytes: u64,
    /// It was already in the repository (same id, same file, same size): nothing was written.
    pub already: bool,
}

/// What to do about a file whose time pmc cannot use: the name is how an operator gives it.
pub const RENAME_ADVICE: &str =
    "rename it to backup_YYYYMMDD_HHMMSS.sql with the time it was made (UTC) and import it again";

/// The time in a `backup_YYYYMMDD[_HHMMSS].sql` name, read as UTC (the store ran on Render,
/// whose clocks are UTC). `Ok(None)` for a name of another pattern; an error naming the date
/// for a name of this pattern whose date or time does not exist (`backup_20251340.sql`):
/// falling back to the file's modification time would silently give it another time.
pub fn time_from_name(name: &str) -> Result<Option<DateTime<Utc>>, String> {
    let Some(stem) = name
        .strip_prefix("backup_")
        .and_then(|n| n.strip_suffix(".sql"))
    else {
        return Ok(None);
    };
    let (date, time) = match stem.split_once('_') {
        Some((d, t)) => (d, Some(t)),
        None => (stem, None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(date, 8) || time.is_some_and(|t| !digits(t, 6)) {
        return Ok(None);
    }
    let parsed_date = NaiveDate::parse_from_str(date, "%Y%m%d").ok();
    let parsed_time = match time {
        Some(t) => NaiveTime::parse_from_str(t, "%H%M%S").ok(),
        None => Some(NaiveTime::MIN),
    };
    match (parsed_date, parsed_time) {
        (Some(d), Some(t)) => Ok(Some(NaiveDateTime::new(d, t).and_utc())),
        _ => Err(format!(
            "{stem} in its name is not a real date{}",
            if time.is_some() { " and time" } else { "" }
        )),
    }
}

fn not_a_plain_dump(shown: &str) -> String {
    format!(
        "{shown} is not a PostgreSQL plain dump (no `-- PostgreSQL database dump` header in its \
         first {} bytes); refused",
        super::verify::PLAIN_WINDOW
    )
}

/// Adopts one file. Refusals are `Failure::BadInput` with a one-line reason.
pub fn import_file(
    storage: &dyn Storage,
    path: &Path,
    sink_template: Sink<'_>,
    database: &str,
) -> anyhow::Result<Imported> {
    let shown = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|e| {
        Failure::BadInput(match e.kind() {
            std::io::ErrorKind::NotFound => format!("{shown}: no such file; refused"),
            _ => format!("{shown} cannot be read ({e}); refused"),
        })
    })?;
    if !metadata.is_file() {
        return Err(Failure::BadInput(format!("{shown} is not a file")).into());
    }
    if metadata.len() == 0 {
        return Err(Failure::BadInput(format!(
            "{shown} is empty (0 bytes): it holds no backup (the old backup script reported \
             success even when pg_dump failed); refused"
        ))
        .into());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let from_name = time_from_name(&name)
        .map_err(|e| Failure::BadInput(format!("{shown}: {e}; refused: {RENAME_ADVICE}")))?;
    let (started_at, time_from) = match from_name {
        Some(t) => (t, "name"),
        None => {
            let modified = metadata
                .modified()
                .with_context(|| format!("failed to read the modification time of {shown}"))?;
            (DateTime::<Utc>::from(modified), "mtime")
        }
    };
    // A time in the future would make this the newest backup for years: `restore latest`
    // would pick it and status would call it fresh. Refused, with the clock skew allowed.
    if super::retention::in_future(started_at, Utc::now()) {
        let from = if time_from == "name" {
            "from its name"
        } else {
            "from its modification time"
        };
        return Err(Failure::BadInput(format!(
            "{shown}: its time {} ({from}) is in the future; refused: {RENAME_ADVICE}",
            started_at.format("%Y-%m-%d %H:%M:%S UTC")
        ))
        .into());
    }
    // What the file is comes before where it would go: a custom-format dump whose mtime
    // matches a backup is refused for what it is, not for the clash.
    let mut window = Vec::with_capacity(super::verify::PLAIN_WINDOW);
    fs_err::File::open(path)
        .and_then(|f| {
            f.take(super::verify::PLAIN_WINDOW as u64)
                .read_to_end(&mut window)
        })
        .map_err(|e| Failure::BadInput(format!("{shown} cannot be read ({e}); refused")))?;
    let mut head = Ends::default();
    head.observe(&window);
    if !head.has_header() {
        return Err(Failure::BadInput(not_a_plain_dump(&shown)).into());
    }
    let id = inventory::format_id(started_at);
    let absolute = fs_err::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(existing) = repo::read_manifest(storage, &id)? {
        let same = existing.imported_from.as_deref() == Some(&absolute.display().to_string())
            && existing.dump.raw_bytes == metadata.len();
        if same {
            return Ok(Imported {
                file: shown,
                id,
                time_from,
                raw_bytes: existing.dump.raw_bytes,
                stored_bytes: existing.dump.stored_bytes,
                already: true,
            });
        }
        // Two dumps of the same second (copies whose mtimes match, say) cannot both have
        // that id: the operator must say which time this one has.
        let other = existing
            .imported_from
            .as_deref()
            .map_or("a backup pmc made".to_string(), |f| {
                format!("imported from {f}")
            });
        return Err(Failure::BadInput(format!(
            "{shown}: the repository already has a backup {id} ({other}) at its time {} \
             (from its {}); refused: if it is another dump, {RENAME_ADVICE}",
            started_at.format("%Y-%m-%d %H:%M:%S UTC"),
            if time_from == "name" {
                "name"
            } else {
                "modification time"
            },
        ))
        .into());
    }

    let sink = Sink {
        id: &id,
        ..sink_template
    };
    let file = fs_err::File::open(path).map_err(|e| Failure::BadInput(format!("{e}")))?;
    let mut ends = Ends::default();
    // A failure to read the file or to write into the repository is no verdict on the file's
    // content, which was then only partly seen: it is a plain failure naming what failed (a
    // full disk says so), and the content checks below judge only a file read to its end.
    let written = match sink.store(file, "dump", |chunk| ends.observe(chunk)) {
        Ok(written) => written,
        Err(e) => {
            let _ = storage.remove(&id);
            return Err(e.context(format!(
                "failed to import {shown} into {}",
                storage.location()
            )));
        }
    };
    let refusal = if !ends.has_header() {
        Some(not_a_plain_dump(&shown))
    } else if !ends.has_footer() {
        Some(format!(
            "{shown} is truncated: it does not end with `-- PostgreSQL database dump complete` \
             (pg_dump did not finish); refused"
        ))
    } else if ends.bytes != metadata.len() {
        Some(format!(
            "{shown} changed while it was read ({} bytes read, {} expected); refused",
            ends.bytes,
            metadata.len()
        ))
    } else {
        None
    };
    if let Some(reason) = refusal {
        drop(written);
        let _ = storage.remove(&id);
        return Err(Failure::BadInput(reason).into());
    }
    let manifest = Manifest {
        manifest_version: MANIFEST_VERSION,
        id: id.clone(),
        started_at,
        finished_at: started_at,
        duration_seconds: 0.0,
        database: database.to_string(),
        server_version: None,
        pg_dump_version: None,
        format: DumpFormat::Plain,
        dump: written.file.clone(),
        globals: None,
        encrypted_to: sink.recipients.iter().map(|r| r.to_string()).collect(),
        row_counts: Default::default(),
        recovery_point: None,
        labels: [("imported".to_string(), name)].into_iter().collect(),
        pmc_version: env!("CARGO_PKG_VERSION").to_string(),
        imported_from: Some(absolute.display().to_string()),
    };
    let saved = written
        .blob
        .commit()
        .and_then(|()| repo::write_manifest(storage, &manifest));
    if let Err(e) = saved {
        let _ = storage.remove(&id);
        return Err(e.context(format!("failed to import {shown}")));
    }
    Ok(Imported {
        file: shown,
        id,
        time_from,
        raw_bytes: manifest.dump.raw_bytes,
        stored_bytes: manifest.dump.stored_bytes,
        already: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_names_give_utc_times() {
        let id = |name: &str| time_from_name(name).map(|t| t.map(inventory::format_id));
        assert_eq!(
            id("backup_20251220_000937.sql"),
            Ok(Some("20251220T000937Z".to_string()))
        );
        assert_eq!(
            id("backup_20251220.sql"),
            Ok(Some("20251220T000000Z".to_string()))
        );
        assert_eq!(id("backup_2025122.sql"), Ok(None));
        assert_eq!(id("dump.sql"), Ok(None));
        assert_eq!(id("backup_2025122x_000000.sql"), Ok(None));
    }

    #[test]
    fn a_legacy_name_with_an_impossible_date_is_named_not_passed_over() {
        assert_eq!(
            time_from_name("backup_20251320.sql"),
            Err("20251320 in its name is not a real date".to_string())
        );
        assert_eq!(
            time_from_name("backup_20251340_000000.sql"),
            Err("20251340_000000 in its name is not a real date and time".to_string())
        );
        assert!(time_from_name("backup_20251220_246000.sql").is_err());
    }
}
