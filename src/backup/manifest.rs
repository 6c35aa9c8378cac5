//! The manifest of one backup: written last, so a backup without a complete manifest is never
//! listed as good. Its fields are the contract between `backup`, `restore` and `verify`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The manifest format version; bump when a field changes meaning.
pub const MANIFEST_VERSION: u32 = 1;

/// How the dump inside a backup was made, which decides how it is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DumpFormat {
    /// `pg_dump -Fc -Z0`, compressed by pmc with zstd: restored with pg_restore.
    Custom,
    /// A plain SQL script (a `backup_YYYYMMDD.sql` adopted by `backup import`), compressed by
    /// pmc with zstd: restored with psql and ON_ERROR_STOP.
    Plain,
}

/// One stored file of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// The name inside the backup's folder, e.g. `dump.zst` or `dump.zst.age`.
    pub name: String,
    /// Bytes of the content before compression (what pg_dump wrote).
    pub raw_bytes: u64,
    /// Bytes as stored (compressed, and encrypted when `encrypted`).
    pub stored_bytes: u64,
    /// SHA-256 of the stored bytes, lowercase hex.
    pub sha256: String,
}

/// Everything known about one backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub manifest_version: u32,
    /// The backup's id, also its folder name: UTC start time `YYYYMMDDTHHMMSSZ`.
    pub id: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_seconds: f64,
    pub database: String,
    /// `SHOW server_version` of the source; None for imported files.
    pub server_version: Option<String>,
    /// `pg_dump --version`; None for imported files.
    pub pg_dump_version: Option<String>,
    pub format: DumpFormat,
    /// The database dump.
    pub dump: StoredFile,
    /// `pg_dumpall --globals-only` (roles, tablespaces); None for imported files.
    pub globals: Option<StoredFile>,
    /// age recipients the files are encrypted to (public keys); empty when not encrypted.
    pub encrypted_to: Vec<String>,
    /// Exact row count of every table of the store, by `schema.table`, taken in the dump's
    /// snapshot; empty for imported files (counts are then reported, not compared).
    pub row_counts: BTreeMap<String, i64>,
    /// The newest `orders.created_at` in the dump: the recovery point.
    pub recovery_point: Option<DateTime<Utc>>,
    pub labels: BTreeMap<String, String>,
    pub pmc_version: String,
    /// For imported files: the path it was imported from.
    pub imported_from: Option<String>,
}

impl Manifest {
    /// The recovery point a restore must find, when the manifest knows one. `pmc backup` reads
    /// it in the dump's own snapshot, so `Some(None)` there means "no orders", which a restore
    /// must find too; an imported file was never read that way and has no expectation at all
    /// (`None`): its restore reports what it finds instead of comparing.
    pub fn expected_recovery_point(&self) -> Option<Option<DateTime<Utc>>> {
        if self.recovery_point.is_some() || self.imported_from.is_none() {
            Some(self.recovery_point)
        } else {
            None
        }
    }
}
