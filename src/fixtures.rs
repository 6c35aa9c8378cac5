//! Deterministic, realistic PimpMyCase store data at a chosen scale, for the `pmc demo`
//! sandbox, the integration tests and the benchmarks.
//!
//! The schema comes from `sql/store/` and the rows from one set-based
//! `INSERT … SELECT … FROM generate_series` statement per table (`sql/fixtures_<table>.sql`).
//! Every pseudo-random choice is derived from md5 of the row number, never from `random()`, so
//! the same scale and the same `now` give identical rows, and identical image files, on every
//! run. Rows grow linearly with the scale: scale 1 is about 2,000 orders and 10,000 vending
//! sessions (about 25 MB of database); scale 55 is about 1 GB and builds in under 2 minutes on
//! 2 cores.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context as _, Result, ensure};
use chrono::{DateTime, TimeZone as _, Utc};
use sqlx::{Connection as _, PgConnection};

/// The store schema as SQLAlchemy `create_all` makes it from `models.py`: the 12 ORM tables,
/// with no secondary indexes and no ON DELETE actions.
pub const STORE_SCHEMA: &str = include_str!("../sql/store/schema.sql");

/// The leftovers of the old `init_database.sql` on a live store, applied after
/// [`STORE_SCHEMA`]: tables `ai_generations`, `sessions`, `template_pricing`, views
/// `order_analytics` and `recent_activity`, legacy indexes and the orders updated_at trigger.
pub const LEGACY_SCHEMA: &str = include_str!("../sql/store/schema_legacy.sql");

/// The 12 tables of [`STORE_SCHEMA`], in the order `create_all` makes them.
pub const STORE_TABLES: [&str; 12] = [
    "brands",
    "templates",
    "fonts",
    "colors",
    "vending_machines",
    "payment_mappings",
    "admin_users",
    "phone_models",
    "ai_styles",
    "orders",
    "vending_machine_sessions",
    "order_images",
];

macro_rules! fixture_sql {
    ($($name:ident = $file:literal;)*) => {
        $(
            #[doc = concat!("`sql/", $file, "`")]
            pub const $name: &str = include_str!(concat!("../sql/", $file));
        )*
        /// Every fixture statement with its file name under `sql/`, for the test that checks
        /// each file under `sql/` is compiled in.
        pub const SQL_FILES: &[(&str, &str)] = &[$(($file, $name)),*];
    };
}

fixture_sql! {
    INSERT_BRANDS = "fixtures_brands.sql";
    INSERT_PHONE_MODELS = "fixtures_phone_models.sql";
    INSERT_TEMPLATES = "fixtures_templates.sql";
    INSERT_FONTS = "fixtures_fonts.sql";
    INSERT_COLORS = "fixtures_colors.sql";
    INSERT_AI_STYLES = "fixtures_ai_styles.sql";
    INSERT_ADMIN_USERS = "fixtures_admin_users.sql";
    INSERT_VENDING_MACHINES = "fixtures_vending_machines.sql";
    INSERT_ORDERS = "fixtures_orders.sql";
    INSERT_ORDER_IMAGES = "fixtures_order_images.sql";
    INSERT_VENDING_MACHINE_SESSIONS = "fixtures_vending_machine_sessions.sql";
    INSERT_PAYMENT_MAPPINGS = "fixtures_payment_mappings.sql";
    TUNE = "fixtures_tune.sql";
    ANALYZE = "fixtures_analyze.sql";
    ROW_COUNTS = "fixtures_row_counts.sql";
    IMAGE_FILES = "fixtures_image_files.sql";
}

/// The fixture inserts as (table, statement), in the order they must run: later statements
/// read the rows of earlier ones (models, machines, orders, sessions).
///
/// Each is bound with `$1` = scale (int4) and `$2` = now (timestamptz), also by the files
/// that do not use both: sqlx declares the parameter types in the Parse message, so
/// PostgreSQL accepts parameters a statement never mentions.
pub const INSERTS: &[(&str, &str)] = &[
    ("brands", INSERT_BRANDS),
    ("phone_models", INSERT_PHONE_MODELS),
    ("templates", INSERT_TEMPLATES),
    ("fonts", INSERT_FONTS),
    ("colors", INSERT_COLORS),
    ("ai_styles", INSERT_AI_STYLES),
    ("admin_users", INSERT_ADMIN_USERS),
    ("vending_machines", INSERT_VENDING_MACHINES),
    ("orders", INSERT_ORDERS),
    ("order_images", INSERT_ORDER_IMAGES),
    ("vending_machine_sessions", INSERT_VENDING_MACHINE_SESSIONS),
    ("payment_mappings", INSERT_PAYMENT_MAPPINGS),
];

/// Size of the junk files the store leaves when an image fails to decode.
pub const JUNK_FILE_BYTES: u64 = 617;

/// Creates the store tables (and the legacy extras when `legacy`).
///
/// Each script is sent as one simple-query message, which PostgreSQL runs as one implicit
/// transaction: a failure leaves nothing half-created.
pub async fn apply_schema(conn: &mut PgConnection, legacy: bool) -> Result<()> {
    sqlx::raw_sql(STORE_SCHEMA)
        .execute(&mut *conn)
        .await
        .context("failed to create the store tables (sql/store/schema.sql)")?;
    if legacy {
        sqlx::raw_sql(LEGACY_SCHEMA)
            .execute(&mut *conn)
            .await
            .context("failed to create the legacy store objects (sql/store/schema_legacy.sql)")?;
    }
    Ok(())
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct FixtureOptions {
    /// Size multiplier, at least 1. Scale 1 is about 2,000 orders and 10,000 vending sessions;
    /// every row-carrying table grows linearly with it.
    pub scale: u32,
    /// The instant the data is "as of": rows are spread over the 120 days before it and
    /// sessions of its last 90 minutes are still active.
    pub now: DateTime<Utc>,
    /// Where to write the `generated-images/` files (the files go into this folder itself);
    /// `None` writes no files.
    pub images_dir: Option<PathBuf>,
}

impl FixtureOptions {
    /// Options for `scale` with the fixed instant 2026-11-01T12:00:00Z and no image files.
    pub fn new(scale: u32) -> Self {
        Self {
            scale,
            now: Utc
                .with_ymd_and_hms(2026, 11, 1, 12, 0, 0)
                .single()
                .expect("valid fixed date"),
            images_dir: None,
        }
    }
}

/// What [`generate`] made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FixtureSummary {
    /// Rows per store table, in the order of `sql/fixtures_row_counts.sql`.
    pub tables: Vec<(String, i64)>,
    /// Image files written (0 without `images_dir`).
    pub image_files: u64,
    /// Total size of those files.
    pub image_bytes: u64,
}

impl FixtureSummary {
    /// Rows of `table`, or 0 when it is not a store table.
    pub fn rows(&self, table: &str) -> i64 {
        self.tables
            .iter()
            .find(|(name, _)| name == table)
            .map_or(0, |(_, rows)| *rows)
    }
}

/// Fills an empty store schema. Same scale + same `now` => identical rows and files.
///
/// All inserts run in one transaction, then the tables are analyzed so that planner
/// estimates match the data. The schema must exist ([`apply_schema`]) and its tables must be
/// empty. Image files are written after the rows are committed, in parallel.
pub async fn generate(conn: &mut PgConnection, opts: &FixtureOptions) -> Result<FixtureSummary> {
    ensure!(
        opts.scale >= 1,
        "fixture scale must be at least 1, got {}",
        opts.scale
    );
    let scale = i32::try_from(opts.scale).context("fixture scale does not fit in an int4")?;

    let existing = row_counts(conn).await?;
    let filled: Vec<_> = existing.iter().filter(|(_, rows)| *rows > 0).collect();
    ensure!(
        filled.is_empty(),
        "refusing to add fixtures to non-empty store tables: {filled:?}"
    );

    let mut tx = conn
        .begin()
        .await
        .context("failed to start the fixture transaction")?;
    sqlx::query(TUNE)
        .execute(&mut *tx)
        .await
        .context("failed to set work_mem for the fixture transaction")?;
    for (table, sql) in INSERTS {
        let started = std::time::Instant::now();
        let done = sqlx::query(*sql)
            .bind(scale)
            .bind(opts.now)
            .execute(&mut *tx)
            .await
            .with_context(|| format!("failed to insert the {table} fixtures"))?;
        tracing::debug!(table, rows = done.rows_affected(), elapsed = ?started.elapsed(), "fixtures");
    }
    tx.commit()
        .await
        .context("failed to commit the fixture rows")?;
    sqlx::raw_sql(ANALYZE)
        .execute(&mut *conn)
        .await
        .context("failed to analyze the store tables")?;

    let tables = row_counts(conn).await?;
    let (image_files, image_bytes) = match &opts.images_dir {
        Some(dir) => {
            let rows: Vec<(String, i64, String, i32, String)> = sqlx::query_as(IMAGE_FILES)
                .bind(scale)
                .bind(opts.now)
                .fetch_all(&mut *conn)
                .await
                .context("failed to list the fixture image files")?;
            let files = rows
                .into_iter()
                .map(
                    |(file_name, mtime_s, content, size_bytes, _source)| ImageFile {
                        file_name,
                        mtime_s,
                        content,
                        size_bytes,
                    },
                )
                .collect();
            write_images(dir.clone(), files).await?
        }
        None => (0, 0),
    };
    Ok(FixtureSummary {
        tables,
        image_files,
        image_bytes,
    })
}

async fn row_counts(conn: &mut PgConnection) -> Result<Vec<(String, i64)>> {
    sqlx::query_as(ROW_COUNTS)
        .fetch_all(&mut *conn)
        .await
        .context("failed to count the rows of the store tables")
}

/// One row of `sql/fixtures_image_files.sql`.
#[derive(Debug)]
struct ImageFile {
    file_name: String,
    mtime_s: i64,
    content: String,
    size_bytes: i32,
}

/// Writes `files` into `dir` on blocking threads, one chunk per CPU; returns (files, bytes).
async fn write_images(dir: PathBuf, files: Vec<ImageFile>) -> Result<(u64, u64)> {
    let shown = dir.display().to_string();
    tokio::task::spawn_blocking(move || -> Result<(u64, u64)> {
        fs_err::create_dir_all(&dir)?;
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let chunk = files.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    let dir = &dir;
                    scope.spawn(move || -> Result<(u64, u64)> {
                        let mut bytes = 0;
                        for file in part {
                            bytes += write_image(dir, file)?;
                        }
                        Ok((part.len() as u64, bytes))
                    })
                })
                .collect();
            workers
                .into_iter()
                .try_fold((0, 0), |(files, bytes), worker| {
                    let (f, b) = worker.join().expect("image writer thread panicked")?;
                    Ok((files + f, bytes + b))
                })
        })
    })
    .await
    .context("image writer task failed")?
    .with_context(|| format!("failed to write the fixture images into {shown}"))
}

fn write_image(dir: &Path, file: &ImageFile) -> Result<u64> {
    let path = dir.join(&file.file_name);
    let size = usize::try_from(file.size_bytes).context("negative image size")?;
    let content = match file.content.as_str() {
        "png" => png_bytes(&file.file_name, size),
        "jpeg" => jpeg_bytes(&file.file_name, size),
        _ => junk_bytes(&file.file_name, size),
    };
    let mut out = fs_err::File::create(&path)?;
    out.write_all(&content)?;
    // After the write, which would otherwise bump the mtime again.
    let mtime = UNIX_EPOCH + Duration::from_secs(u64::try_from(file.mtime_s).unwrap_or(0));
    out.set_modified(mtime)?;
    Ok(content.len() as u64)
}

/// A PNG with a real signature and IHDR (1390 px wide and 2500–2899 px tall, like the store's
/// composed images) whose IDAT holds filler bytes: enough for magic-byte and header checks.
fn png_bytes(name: &str, size: usize) -> Vec<u8> {
    let mut rng = Rng::new(name);
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let height = 2500 + (rng.next() % 400) as u32;
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&1390u32.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // 8 signature + 25 IHDR + 12 IDAT framing + 12 IEND.
    let filler = size.saturating_sub(8 + 25 + 12 + 12);
    let data: Vec<u8> = (0..filler).map(|_| rng.next() as u8).collect();
    png_chunk(&mut out, b"IDAT", &data);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// What Gemini returns under a `.png` name: JPEG/JFIF bytes.
fn jpeg_bytes(name: &str, size: usize) -> Vec<u8> {
    let mut rng = Rng::new(name);
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&[
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00,
    ]);
    while out.len() + 2 < size {
        out.push(rng.next() as u8);
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// A failed decode: bytes with no image signature.
fn junk_bytes(name: &str, size: usize) -> Vec<u8> {
    let mut rng = Rng::new(name);
    let mut out: Vec<u8> = (0..size).map(|_| rng.next() as u8).collect();
    if let Some(first) = out.first_mut() {
        // Never 0x89 (PNG) or 0xFF (JPEG), so magic-byte checks classify it as unknown.
        *first &= 0x7F;
    }
    out
}

/// xorshift64* seeded with FNV-1a of the file name: same name, same bytes, on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Self {
        let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Self(hash | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32
    }
}

/// CRC-32 (IEEE), as PNG chunks need; bitwise because the files are only a few KB.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn image_bytes_have_the_requested_size_and_magic() {
        let png = png_bytes("order-session_1-final-1-abcdef01.png", 4000);
        assert_eq!(png.len(), 4000);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(png.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
        let jpeg = jpeg_bytes("funny-toon-1-abcdef01.png", 3000);
        assert_eq!(jpeg.len(), 3000);
        assert!(jpeg.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]));
        assert_eq!(&jpeg[6..10], b"JFIF");
        let junk = junk_bytes("x.png", JUNK_FILE_BYTES as usize);
        assert_eq!(junk.len(), 617);
        assert!(junk[0] != 0x89 && junk[0] != 0xFF);
        assert_eq!(png_bytes("a", 100), png_bytes("a", 100));
    }
}
