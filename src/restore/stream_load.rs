//! Loading the table data of a streamed backup over several connections: one blocking reader
//! decompresses the archive and cuts each table's COPY text into pieces of about 1 MiB at row
//! ends; N connections take the pieces from one bounded queue and COPY them in, each keeping its
//! COPY open while the pieces belong to the same table. A big table is thereby loaded by N
//! backends at once, which pg_restore cannot do (one table, one COPY). COPY text escapes the
//! newlines inside values, so a line end is a row end. Memory holds at most a few pieces per
//! connection whatever the size of the backup.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use serde::Serialize;
use sqlx::PgConnection;
use tokio::sync::mpsc;

use super::archive::{ArchiveReader, Section, Toc};
use crate::db::{self, Database};
use crate::error::Failure;

/// The size of the pieces the reader hands out.
const PIECE: usize = 1 << 20;

/// A verified backup (or a dump file) whose archive is read as a stream: its TOC, written to a
/// TOC-only archive for pg_restore (the schema before the data, indexes and constraints after
/// it), and the rest of the archive, the data blocks, not read yet.
pub struct Streamed {
    pub toc: Toc,
    /// The header and TOC as an archive of their own.
    pub toc_path: PathBuf,
    /// Taken once by the load.
    data: Mutex<Option<Box<dyn Read + Send>>>,
    /// Bytes of the archive read so far, the header and TOC included.
    read: Arc<std::sync::atomic::AtomicU64>,
}

impl Streamed {
    /// `data` is the archive after its first `head_bytes` bytes (the header and TOC in `toc`).
    pub fn new(toc: Toc, toc_path: PathBuf, data: Box<dyn Read + Send>, head_bytes: u64) -> Self {
        let read = Arc::new(std::sync::atomic::AtomicU64::new(head_bytes));
        Streamed {
            toc,
            toc_path,
            data: Mutex::new(Some(Box::new(Counted {
                inner: data,
                read: read.clone(),
            }))),
            read,
        }
    }

    /// Bytes of the archive read so far: its size once the load has read it all.
    pub fn bytes_read(&self) -> u64 {
        self.read.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// pg_restore's lists (`-L`) of what is restored before the table data (the schema, without
    /// privileges) and after it (sequence values, indexes, constraints, triggers, privileges).
    /// Together with the table data they are the whole archive.
    pub fn lists(&self) -> (String, String) {
        let (mut before, mut after) = (String::new(), String::new());
        for entry in self.toc.entries.iter().filter(|e| e.copy.is_none()) {
            let list = if entry.section == Section::PreData && !entry.is_acl() {
                &mut before
            } else {
                &mut after
            };
            let _ = writeln!(list, "{};", entry.dump_id);
        }
        (before, after)
    }
}

/// How one table's rows were loaded.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TableLoad {
    pub table: String,
    /// Rows the COPY commands reported.
    pub rows: u64,
    /// Connections that loaded a part of them.
    pub connections: usize,
    /// COPY commands that loaded them (a connection ends its COPY every 16 MiB).
    pub copies: usize,
}

/// Rows of one table, ending at a row end.
struct Piece {
    table: usize,
    data: Vec<u8>,
}

/// The reader stopped because the loaders are gone (one failed); their error is the one to
/// report.
#[derive(Debug, thiserror::Error)]
#[error("the loaders stopped")]
struct Stopped;

/// A dump whose data cannot be read to its end: damaged or cut short (exit 65). A backup's
/// checksum was verified before the load, so this is a FILE, or a disk failing under pmc.
fn damaged(what: &str, e: &io::Error) -> anyhow::Error {
    Failure::BadInput(format!(
        "failed to read {what} from the dump ({e}): it is damaged or truncated"
    ))
    .into()
}

/// A dump whose blocks do not add up (cut between two tables, a block twice, rows after their
/// end): damaged input, exit 65, like a dump cut inside a block.
fn inconsistent(what: String) -> anyhow::Error {
    Failure::BadInput(format!("{what}: the dump is damaged or truncated")).into()
}

/// Cuts the archive's data blocks into pieces and queues them; checks that every table's data
/// is there exactly once.
fn read_pieces(
    data: Box<dyn Read + Send>,
    toc: &Toc,
    queue: mpsc::Sender<Piece>,
) -> anyhow::Result<()> {
    let tables = toc.table_data();
    let mut seen = vec![false; toc.entries.len()];
    let mut reader = ArchiveReader::new(io::BufReader::with_capacity(PIECE, data), toc.int_size);
    let send = |piece: Piece| queue.blocking_send(piece).map_err(|_| Stopped);
    while let Some(id) = reader.block().map_err(|e| damaged("the table data", &e))? {
        let Some(&table) = tables.get(&id) else {
            return Err(inconsistent(format!(
                "the backup holds data for entry {id}, which its TOC does not list"
            )));
        };
        let name = toc.entries[table].name();
        if seen[table] {
            return Err(inconsistent(format!(
                "the backup holds the data of {name} twice"
            )));
        }
        seen[table] = true;
        let mut buf = Vec::with_capacity(PIECE + (64 << 10));
        let mut ended = false;
        loop {
            let start = buf.len();
            let more = reader.chunk(&mut buf).map_err(|e| damaged(&name, &e))?;
            if !more {
                break;
            }
            // pg_dump ends the rows with COPY's end marker `\.` in a chunk of its own. It
            // must not reach the server in the middle of a table split over connections.
            let line_start = start == 0 || buf[start - 1] == b'\n';
            if ended || (line_start && is_end_marker(&buf[start..])) {
                if ended && !buf[start..].iter().all(|&b| b == b'\n') {
                    return Err(inconsistent(format!(
                        "the backup holds rows of {name} after its end marker"
                    )));
                }
                buf.truncate(start);
                ended = true;
                continue;
            }
            if buf.len() >= PIECE
                && let Some(end) = buf.iter().rposition(|&b| b == b'\n')
            {
                let mut next = Vec::with_capacity(PIECE + (64 << 10));
                next.extend_from_slice(&buf[end + 1..]);
                buf.truncate(end + 1);
                send(Piece { table, data: buf })?;
                buf = next;
            }
        }
        if !buf.is_empty() {
            send(Piece { table, data: buf })?;
        }
    }
    if let Some(missing) = tables.values().find(|&&t| !seen[t]) {
        return Err(inconsistent(format!(
            "the backup ends before the data of {}",
            toc.entries[*missing].name()
        )));
    }
    Ok(())
}

/// COPY's end-of-data line, `\.`, and the empty lines pg_dump writes after it.
fn is_end_marker(chunk: &[u8]) -> bool {
    chunk
        .strip_prefix(b"\\.\n")
        .is_some_and(|rest| rest.iter().all(|&b| b == b'\n'))
}

type Queue = Arc<tokio::sync::Mutex<mpsc::Receiver<Piece>>>;

async fn next(queue: &Queue) -> Option<Piece> {
    queue.lock().await.recv().await
}

/// Most bytes one COPY takes before it is ended and the next one begun. The server reports a
/// refused row only when the client ends the COPY, so this bounds how much of a big table is
/// still sent after a bad row (measured: no change in load time against one COPY per table;
/// the streamed-restore test, ~20 MiB of sessions per connection, crosses a span).
const COPY_SPAN: usize = 16 << 20;

/// Takes pieces until the queue closes; returns the rows loaded per table, one entry per COPY.
async fn copy_worker(
    mut conn: PgConnection,
    queue: Queue,
    toc: Arc<Toc>,
) -> anyhow::Result<Vec<(usize, u64)>> {
    let mut loaded = Vec::new();
    let mut pending = next(&queue).await;
    while let Some(first) = pending.take() {
        let table = first.table;
        let entry = &toc.entries[table];
        let statement = entry.copy.as_deref().unwrap_or_default();
        let rows = async {
            let mut copy = conn.copy_in_raw(statement).await?;
            let mut sent = first.data.len();
            copy.send(first.data).await?;
            while sent < COPY_SPAN {
                match next(&queue).await {
                    Some(piece) if piece.table == table => {
                        sent += piece.data.len();
                        copy.send(piece.data).await?;
                    }
                    other => {
                        pending = other;
                        break;
                    }
                }
            }
            let rows = copy.finish().await?;
            if sent >= COPY_SPAN {
                // The span is full: the next piece, of this table or another, starts a new COPY.
                pending = next(&queue).await;
            }
            Ok::<_, sqlx::Error>(rows)
        }
        .await
        .with_context(|| format!("failed to load the rows of {}", entry.name()))?;
        loaded.push((table, rows));
    }
    db::close(conn).await;
    Ok(loaded)
}

/// Loads the table data of `streamed` into `target` over `jobs` connections, each with
/// `settings` (name, value) applied. The tables must exist and be empty. The first failure
/// stops every connection and the reader.
pub async fn load_tables(
    target: &Database,
    streamed: &Streamed,
    jobs: u32,
    settings: &[(&str, &str)],
) -> anyhow::Result<Vec<TableLoad>> {
    let data = streamed
        .data
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
        .context("the backup's data was already loaded")?;
    let toc = Arc::new(streamed.toc.clone());
    let jobs = jobs.max(1) as usize;
    let (sender, receiver) = mpsc::channel(2 * jobs);
    let queue: Queue = Arc::new(tokio::sync::Mutex::new(receiver));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..jobs {
        let mut conn = target.connection().await?;
        for (name, value) in settings {
            sqlx::query("SELECT pg_catalog.set_config($1, $2, false)")
                .bind(name)
                .bind(value)
                .execute(&mut conn)
                .await
                .with_context(|| format!("failed to set {name} for the load"))?;
        }
        workers.spawn(copy_worker(conn, queue.clone(), toc.clone()));
    }
    drop(queue);
    let reader_toc = toc.clone();
    let reader = tokio::task::spawn_blocking(move || read_pieces(data, &reader_toc, sender));

    let mut per_worker = Vec::new();
    let mut failure = None;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(Ok(loaded)) => per_worker.push(loaded),
            Ok(Err(e)) => failure = Some(e),
            Err(e) => failure = Some(anyhow::Error::new(e).context("a loading task failed")),
        }
        if failure.is_some() {
            // Dropping the other loaders closes the queue, which stops the reader.
            workers.abort_all();
            break;
        }
    }
    let read = reader.await.context("the reading task failed")?;
    if let Some(e) = failure {
        return Err(e);
    }
    read?;

    let mut tables: BTreeMap<usize, TableLoad> = BTreeMap::new();
    for loaded in &per_worker {
        let mut used = std::collections::BTreeSet::new();
        for &(table, rows) in loaded {
            let load = tables.entry(table).or_insert_with(|| TableLoad {
                table: toc.entries[table].name(),
                rows: 0,
                connections: 0,
                copies: 0,
            });
            load.rows += rows;
            load.copies += 1;
            if used.insert(table) {
                load.connections += 1;
            }
        }
    }
    Ok(tables.into_values().collect())
}

/// A reader that adds what it reads to `read`.
struct Counted {
    inner: Box<dyn Read + Send>,
    read: Arc<std::sync::atomic::AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::restore::archive::Entry;

    fn int(out: &mut Vec<u8>, v: u32) {
        out.push(0);
        out.extend_from_slice(&v.to_le_bytes());
    }

    /// A data block as pg_dump writes it: one chunk per row, then the end marker.
    fn block(out: &mut Vec<u8>, id: u32, rows: &[Vec<u8>]) {
        out.push(1);
        int(out, id);
        for chunk in rows.iter().map(Vec::as_slice).chain([&b"\\.\n\n\n"[..]]) {
            int(out, chunk.len() as u32);
            out.extend_from_slice(chunk);
        }
        int(out, 0);
    }

    fn toc(ids: &[i64]) -> Toc {
        let entries = ids
            .iter()
            .map(|&id| Entry {
                dump_id: id,
                desc: "TABLE DATA".into(),
                tag: format!("t{id}"),
                namespace: Some("public".into()),
                copy: Some(format!("COPY public.t{id} (a) FROM stdin")),
                section: Section::Data,
            })
            .collect();
        Toc {
            entries,
            int_size: 4,
        }
    }

    fn pieces(data: Vec<u8>, toc: &Toc) -> (anyhow::Result<()>, Vec<Piece>) {
        let (sender, mut receiver) = mpsc::channel(1000);
        let result = read_pieces(Box::new(io::Cursor::new(data)), toc, sender);
        let mut got = Vec::new();
        while let Ok(piece) = receiver.try_recv() {
            got.push(piece);
        }
        (result, got)
    }

    #[test]
    fn cuts_tables_at_row_ends_and_drops_the_end_marker() {
        let rows: Vec<Vec<u8>> = (0..3000)
            .map(|i| format!("{i}\t{}\\n{}\n", "x".repeat(i % 1500), "y".repeat(7)).into_bytes())
            .collect();
        let mut data = Vec::new();
        block(&mut data, 7, &rows);
        block(&mut data, 9, &[b"1\n".to_vec()]);
        block(&mut data, 8, &[]);
        let toc = toc(&[7, 8, 9]);
        let (result, got) = pieces(data, &toc);
        result.unwrap();
        let big: Vec<&Piece> = got.iter().filter(|p| p.table == 0).collect();
        assert!(big.len() > 2, "{} pieces", big.len());
        for piece in &big {
            assert!(piece.data.ends_with(b"\n"));
            assert!(piece.data.len() < PIECE + 2000);
        }
        let joined: Vec<u8> = big.iter().flat_map(|p| p.data.clone()).collect();
        assert!(joined == rows.concat());
        // The small table is one piece without the marker; the empty one sends nothing.
        let small: Vec<&Piece> = got.iter().filter(|p| p.table == 2).collect();
        assert_eq!(small.len(), 1);
        assert_eq!(small[0].data, b"1\n");
        assert!(got.iter().all(|p| p.table != 1));
    }

    #[test]
    fn a_missing_or_repeated_table_is_an_error() {
        let mut data = Vec::new();
        block(&mut data, 7, &[b"1\n".to_vec()]);
        let (result, _) = pieces(data.clone(), &toc(&[7, 8]));
        let err = format!("{:#}", result.unwrap_err());
        assert!(err.contains("ends before the data of public.t8"), "{err}");
        block(&mut data, 7, &[b"1\n".to_vec()]);
        let (result, _) = pieces(data, &toc(&[7]));
        let err = format!("{:#}", result.unwrap_err());
        assert!(err.contains("public.t7 twice"), "{err}");
    }

    #[test]
    fn the_lists_split_the_archive_around_the_table_data() {
        let mut toc = toc(&[3]);
        let entry = |id: i64, desc: &str, section| Entry {
            dump_id: id,
            desc: desc.into(),
            tag: "x".into(),
            namespace: None,
            copy: None,
            section,
        };
        toc.entries.insert(0, entry(1, "TABLE", Section::PreData));
        toc.entries.insert(1, entry(2, "ACL", Section::PreData));
        toc.entries.push(entry(4, "SEQUENCE SET", Section::Data));
        toc.entries.push(entry(5, "INDEX", Section::PostData));
        let streamed = Streamed::new(toc, PathBuf::from("toc"), Box::new(io::empty()), 0);
        assert_eq!(
            streamed.lists(),
            ("1;\n".to_string(), "2;\n4;\n5;\n".to_string())
        );
    }
}
