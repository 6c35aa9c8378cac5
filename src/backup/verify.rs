//! Checking a stored backup without a database: every file's SHA-256 and sizes against the
//! manifest, decryption with the configured identity, complete decompression, and for a
//! custom-format dump that `pg_restore --list` reads its table of contents and finds the data
//! of every table the manifest counted. One pass over each file; blocking.

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::Context as _;

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use super::inventory::Entry;
use super::manifest::{DumpFormat, Manifest, StoredFile};
use super::pipeline::{self, OpenError};
use super::repo::Storage;
use crate::error::Failure;

/// One check and its result.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: String,
    pub ok: bool,
    pub detail: String,
}

/// The result of verifying one backup.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub id: String,
    pub format: Option<DumpFormat>,
    pub encrypted: bool,
    pub ok: bool,
    pub checks: Vec<Check>,
}

fn check(checks: &mut Vec<Check>, name: &str, ok: bool, detail: impl Into<String>) {
    checks.push(Check {
        check: name.to_string(),
        ok,
        detail: detail.into(),
    });
}

/// Markers of a complete plain-format dump (what `backup import` checks too).
pub const PLAIN_HEADER: &str = "-- PostgreSQL database dump";
pub const PLAIN_FOOTER: &str = "-- PostgreSQL database dump complete";
/// How far into a plain dump its header may start, and from its end its footer: newer
/// pg_dump versions add a `\restrict` line before the header and `\unrestrict` after the footer.
pub const PLAIN_WINDOW: usize = 4096;

/// Keeps the first and the last `PLAIN_WINDOW` bytes of a stream.
#[derive(Debug, Default)]
pub struct Ends {
    pub head: Vec<u8>,
    pub tail: Vec<u8>,
    pub bytes: u64,
}

impl Ends {
    pub fn observe(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        if self.head.len() < PLAIN_WINDOW {
            let take = chunk.len().min(PLAIN_WINDOW - self.head.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        if chunk.len() >= PLAIN_WINDOW {
            self.tail.clear();
            self.tail
                .extend_from_slice(&chunk[chunk.len() - PLAIN_WINDOW..]);
        } else {
            self.tail.extend_from_slice(chunk);
            if self.tail.len() > PLAIN_WINDOW {
                self.tail.drain(..self.tail.len() - PLAIN_WINDOW);
            }
        }
    }

    pub fn has_header(&self) -> bool {
        String::from_utf8_lossy(&self.head).contains(PLAIN_HEADER)
    }

    pub fn has_footer(&self) -> bool {
        String::from_utf8_lossy(&self.tail).contains(PLAIN_FOOTER)
    }
}

/// SHA-256 and size of a stored file, read on its own (when the decoding pass stopped early).
fn hash_stored(storage: &dyn Storage, id: &str, name: &str) -> anyhow::Result<(String, u64)> {
    let mut reader = storage.open(id, name)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok((pipeline::hex(&hasher.finalize()), bytes))
}

/// Verifies backup `entry`. `identity_file` decrypts encrypted backups; `pg_restore` is the
/// program that reads custom-format dumps. A missing or wrong identity is a configuration
/// error (exit 78): the backup may be fine, pmc cannot tell.
pub fn verify(
    storage: &dyn Storage,
    entry: &Entry,
    identity_file: Option<&Path>,
    pg_restore: &Path,
) -> anyhow::Result<VerifyReport> {
    let mut checks = Vec::new();
    let Some(manifest) = &entry.manifest else {
        check(
            &mut checks,
            "manifest",
            false,
            entry
                .problem
                .clone()
                .unwrap_or_else(|| "missing: the backup never completed".into()),
        );
        return Ok(VerifyReport {
            id: entry.id.clone(),
            format: None,
            encrypted: false,
            ok: false,
            checks,
        });
    };
    check(
        &mut checks,
        "manifest",
        true,
        format!("complete, {} tables counted", manifest.row_counts.len()),
    );
    let encrypted = !manifest.encrypted_to.is_empty();
    let identities = if encrypted {
        let path = identity_file.ok_or_else(|| {
            Failure::Config(format!(
                "backup {} is encrypted (to {}): set backup.identity_file (PMC_BACKUP_IDENTITY_FILE) \
                 to the age identity file that decrypts it",
                entry.id,
                manifest.encrypted_to.join(", ")
            ))
        })?;
        Some(pipeline::read_identities(path)?)
    } else {
        None
    };

    verify_file(
        storage,
        manifest,
        &manifest.dump,
        "dump",
        identities.as_deref(),
        identity_file,
        Some(pg_restore),
        &mut checks,
    )?;
    if let Some(globals) = &manifest.globals {
        verify_file(
            storage,
            manifest,
            globals,
            "globals",
            identities.as_deref(),
            identity_file,
            None,
            &mut checks,
        )?;
    }
    Ok(VerifyReport {
        id: entry.id.clone(),
        format: Some(manifest.format),
        encrypted,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

#[expect(clippy::too_many_arguments, reason = "one private helper called twice")]
fn verify_file(
    storage: &dyn Storage,
    manifest: &Manifest,
    file: &StoredFile,
    what: &str,
    identities: Option<&[Box<dyn age::Identity + Send + Sync>]>,
    identity_file: Option<&Path>,
    pg_restore: Option<&Path>,
    checks: &mut Vec<Check>,
) -> anyhow::Result<()> {
    let id = &manifest.id;
    // A file the manifest lists and the folder lacks: the backup is definitely bad, which is a
    // failed check, not a failure to check.
    if !storage.exists(id, &file.name)? {
        check(
            checks,
            &format!("{what}: present"),
            false,
            format!("{} is missing from the backup's folder", file.name),
        );
        return Ok(());
    }
    let (plain, tally) = match pipeline::open_plain(storage, id, file, identities) {
        Ok(opened) => opened,
        Err(OpenError::WrongIdentity) => {
            return Err(Failure::Config(format!(
                "backup.identity_file {}: none of its identities decrypts backup {id} (encrypted to {})",
                identity_file.map(|p| p.display().to_string()).unwrap_or_default(),
                manifest.encrypted_to.join(", ")
            ))
            .into());
        }
        Err(OpenError::NoIdentity) => {
            return Err(Failure::Config(format!(
                "backup {id} is encrypted: set backup.identity_file"
            ))
            .into());
        }
        Err(OpenError::Other(e)) => {
            check(
                checks,
                &format!("{what}: read"),
                false,
                crate::error::one_line(&e),
            );
            let (sha, bytes) = hash_stored(storage, id, &file.name)?;
            sha_checks(checks, what, file, &sha, bytes);
            return Ok(());
        }
    };

    // Started before the dump is read: when pg_restore cannot run, pmc cannot check the dump,
    // and that must not read as a damaged dump.
    let lister = match pg_restore {
        Some(program) if manifest.format == DumpFormat::Custom => Some(start_listing(program)?),
        _ => None,
    };
    let mut ends = Ends::default();
    let decoded = match lister {
        Some(child) => read_into_pg_restore(plain, child, &mut ends),
        None => drain(plain, &mut ends).map(|()| None),
    };
    let tally = tally.lock().unwrap_or_else(|p| p.into_inner());
    let (sha, bytes) = match &decoded {
        // The decoder read the file to its end: the tally covers every byte.
        Ok(_) => (tally.sha256(), tally.bytes),
        Err(_) => hash_stored(storage, id, &file.name)?,
    };
    drop(tally);
    sha_checks(checks, what, file, &sha, bytes);
    match decoded {
        Err(e) => check(
            checks,
            &format!("{what}: decompress"),
            false,
            crate::error::one_line(&e),
        ),
        Ok(listing) => {
            check(
                checks,
                &format!("{what}: decompress"),
                ends.bytes == file.raw_bytes,
                format!("{} bytes, manifest says {}", ends.bytes, file.raw_bytes),
            );
            if let Some(listing) = listing {
                listing_checks(checks, manifest, listing);
            } else if what == "dump" && manifest.format == DumpFormat::Plain {
                check(
                    checks,
                    "dump: plain SQL",
                    ends.has_header() && ends.has_footer(),
                    if !ends.has_header() {
                        "no `-- PostgreSQL database dump` header"
                    } else if !ends.has_footer() {
                        "truncated: no `-- PostgreSQL database dump complete` at the end"
                    } else {
                        "header and complete ending present"
                    },
                );
            }
        }
    }
    Ok(())
}

fn sha_checks(checks: &mut Vec<Check>, what: &str, file: &StoredFile, sha: &str, bytes: u64) {
    check(
        checks,
        &format!("{what}: sha256"),
        sha == file.sha256,
        if sha == file.sha256 {
            format!("{} matches", &sha[..16.min(sha.len())])
        } else {
            format!("{sha} but the manifest says {}", file.sha256)
        },
    );
    check(
        checks,
        &format!("{what}: size"),
        bytes == file.stored_bytes,
        format!("{bytes} bytes stored, manifest says {}", file.stored_bytes),
    );
}

/// What `pg_restore --list` said.
struct Listing {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Reads `plain` to its end, keeping its ends.
fn drain(mut plain: impl Read, ends: &mut Ends) -> anyhow::Result<()> {
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match plain.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        ends.observe(&buf[..n]);
    }
}

/// Starts `pg_restore --list` reading from its stdin. An error here carries no exit code of
/// its own, so `verify` (a check) ends with 3: it could not check, the dump may be fine.
fn start_listing(program: &Path) -> anyhow::Result<Child> {
    Command::new(program)
        .arg("--list")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!(
                "cannot run {}, so the dump could not be checked (install the PostgreSQL client \
                 programs, or set PMC_PG_BIN)",
                program.display()
            )
        })
}

/// Feeds `plain` to `pg_restore --list` (`child`) on its stdin, and keeps reading to the end
/// after it has read the table of contents (it stops there), so the whole file is checked.
fn read_into_pg_restore(
    mut plain: impl Read,
    mut child: Child,
    ends: &mut Ends,
) -> anyhow::Result<Option<Listing>> {
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || pipeline::collect_stderr(stderr));
    let mut buf = vec![0u8; 1 << 20];
    let fed = loop {
        let n = match plain.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(e),
        };
        ends.observe(&buf[..n]);
        if let Some(pipe) = stdin.as_mut()
            && pipe.write_all(&buf[..n]).is_err()
        {
            // pg_restore has what it needs (or gave up): read on without it.
            stdin = None;
        }
    };
    drop(stdin);
    if fed.is_err() {
        let _ = child.kill();
    }
    let status = child.wait()?;
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    fed?;
    Ok(Some(Listing {
        ok: status.success(),
        stdout,
        stderr,
    }))
}

fn listing_checks(checks: &mut Vec<Check>, manifest: &Manifest, listing: Listing) {
    if !listing.ok {
        check(
            checks,
            "dump: pg_restore --list",
            false,
            listing.stderr.trim().replace('\n', " / "),
        );
        return;
    }
    let entries = listing
        .stdout
        .lines()
        .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
        .count();
    check(
        checks,
        "dump: pg_restore --list",
        true,
        format!("{entries} entries in the table of contents"),
    );
    // `123; 0 16390 TABLE DATA public orders postgres`: schema, table and owner, unquoted, so
    // a name with a space (`Order Notes`) is only found by looking for the whole of it.
    let with_data: Vec<&str> = listing
        .stdout
        .lines()
        .filter_map(|l| Some(&l[l.find(" TABLE DATA ")? + " TABLE DATA ".len()..]))
        .collect();
    let missing: Vec<&String> = manifest
        .row_counts
        .keys()
        .filter(|t| {
            let (schema, table) = t.split_once('.').unwrap_or(("", t));
            let entry = format!("{schema} {table} ");
            !with_data.iter().any(|rest| rest.starts_with(&entry))
        })
        .collect();
    check(
        checks,
        "dump: table data",
        missing.is_empty(),
        if missing.is_empty() {
            format!(
                "data of all {} counted tables present",
                manifest.row_counts.len()
            )
        } else {
            format!(
                "no data for {}",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_keep_the_head_and_the_tail() {
        let mut ends = Ends::default();
        ends.observe(b"\\restrict abc\n-- PostgreSQL database dump\n");
        ends.observe(&vec![b'x'; 10_000]);
        ends.observe(b"\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc\n");
        assert!(ends.has_header());
        assert!(ends.has_footer());
        assert_eq!(ends.tail.len(), PLAIN_WINDOW);
        let mut cut = Ends::default();
        cut.observe(b"-- PostgreSQL database dump\nCOPY public.orders FROM stdin;\n1\t2\n");
        assert!(cut.has_header());
        assert!(!cut.has_footer());
    }
}
