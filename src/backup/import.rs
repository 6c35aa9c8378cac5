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

/// The time in a `backup_YYYYMMDD[_HHMMSS].sql` name, read as UTC (the store ran on Render,
/// whose clocks are UTC).
pub fn time_from_name(name: &str) -> Option<DateTime<Utc>> {
    let stem = name.strip_prefix("backup_")?.strip_suffix(".sql")?;
    let (date, time) = match stem.split_once('_') {
        Some((d, t)) => (d, Some(t)),
        None => (stem, None),
    };
    if date.len() != 8 || time.is_some_and(|t| t.len() != 6) {
        return None;
    }
    let date = NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
    let time = match time {
        Some(t) => NaiveTime::parse_from_str(t, "%H%M%S").ok()?,
        None => NaiveTime::MIN,
    };
    Some(NaiveDateTime::new(date, time).and_utc())
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
    let (started_at, time_from) = match time_from_name(&name) {
        Some(t) => (t, "name"),
        None => {
            let modified = metadata
                .modified()
                .with_context(|| format!("failed to read the modification time of {shown}"))?;
            (DateTime::<Utc>::from(modified), "mtime")
        }
    };
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
        return Err(Failure::BadInput(format!(
            "{shown}: the repository already has a backup {id}; refused"
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
        assert_eq!(
            time_from_name("backup_20251220_000937.sql").map(inventory::format_id),
            Some("20251220T000937Z".to_string())
        );
        assert_eq!(
            time_from_name("backup_20251220.sql").map(inventory::format_id),
            Some("20251220T000000Z".to_string())
        );
        assert!(time_from_name("backup_2025122.sql").is_none());
        assert!(time_from_name("dump.sql").is_none());
        assert!(time_from_name("backup_20251320.sql").is_none());
    }
}
