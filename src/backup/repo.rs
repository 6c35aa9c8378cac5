//! Where backups are kept. A repository holds one folder per backup:
//!
//! ```text
//! <repo>/backups/<id>/dump.zst        the dump, zstd-compressed (dump.zst.age when encrypted)
//! <repo>/backups/<id>/globals.zst     pg_dumpall --globals-only (globals.zst.age)
//! <repo>/backups/<id>/manifest.json   written last: without it the backup is not good
//! <repo>/backups/<id>/pinned          present when pinned: never removed by retention
//! ```
//!
//! Storage sits behind the small `Storage` trait so object storage can come later; today the
//! only implementation is a local directory. I/O here is blocking: the backup pipeline runs
//! in blocking threads.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use fs_err as fs;

use super::manifest::Manifest;

/// The manifest's name inside a backup's folder.
pub const MANIFEST: &str = "manifest.json";
/// The marker of a pinned backup.
pub const PINNED: &str = "pinned";

/// A blob being written: bytes go in, `commit` makes it visible under its final name
/// (fsynced, then renamed). Dropped without `commit`, it leaves nothing behind.
pub trait BlobWriter: Write + Send {
    fn commit(self: Box<Self>) -> anyhow::Result<()>;
}

/// The operations a backup repository offers.
pub trait Storage: Send + Sync {
    /// Where this is, for messages (a path or URL, without secrets).
    fn location(&self) -> String;
    /// Whether the repository itself exists: the first backup creates it.
    fn present(&self) -> anyhow::Result<bool>;
    /// The ids of every backup folder, good or not, sorted oldest first: folders named as pmc
    /// names backups (`inventory::ID_FORMAT`) only.
    fn ids(&self) -> anyhow::Result<Vec<String>>;
    /// Starts writing `name` in backup `id` (creating the backup's folder).
    fn create(&self, id: &str, name: &str) -> anyhow::Result<Box<dyn BlobWriter>>;
    /// Reads `name` of backup `id` as a stream.
    fn open(&self, id: &str, name: &str) -> anyhow::Result<Box<dyn Read + Send>>;
    /// Whether `name` exists in backup `id`.
    fn exists(&self, id: &str, name: &str) -> anyhow::Result<bool>;
    /// Removes one file of a backup (unpin); missing is fine.
    fn remove_file(&self, id: &str, name: &str) -> anyhow::Result<()>;
    /// Removes a whole backup. The manifest goes first, so a removal cut short leaves a
    /// backup that is no longer listed as good rather than a good-looking partial one.
    fn remove(&self, id: &str) -> anyhow::Result<()>;
}

/// Opens the repository at `location` (a directory path; `s3://` comes later).
pub fn open(location: &str) -> anyhow::Result<Box<dyn Storage>> {
    if location.contains("://") && !location.starts_with("file://") {
        return Err(crate::error::Failure::Config(format!(
            "backup repository {location} (--repo or backup.repo): only local directories are supported so far"
        ))
        .into());
    }
    let path = location.strip_prefix("file://").unwrap_or(location);
    Ok(Box::new(DirStorage::new(PathBuf::from(path))))
}

/// Opens the repository at `location` for reading: one that does not exist is a usage error
/// (a mistyped --repo or backup.repo), not an empty repository.
pub fn open_existing(location: &str) -> anyhow::Result<Box<dyn Storage>> {
    let storage = open(location)?;
    if !storage.present()? {
        return Err(missing(location).into());
    }
    Ok(storage)
}

/// The error for a repository folder that does not exist.
pub fn missing(location: &str) -> crate::error::Failure {
    crate::error::Failure::Usage(format!(
        "no backup repository at {location}: no such folder (check --repo or backup.repo; \
         `pmc backup` creates it on its first run)"
    ))
}

/// Reads and parses a backup's manifest; `None` when it is missing (the backup is not good).
pub fn read_manifest(storage: &dyn Storage, id: &str) -> anyhow::Result<Option<Manifest>> {
    if !storage.exists(id, MANIFEST)? {
        return Ok(None);
    }
    let mut text = String::new();
    storage
        .open(id, MANIFEST)?
        .read_to_string(&mut text)
        .with_context(|| format!("failed to read {} of backup {id}", MANIFEST))?;
    // A manifest that does not parse makes a damaged backup: bad input (exit 65), like a
    // damaged dump, not a failure of pmc.
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        crate::error::Failure::BadInput(format!(
            "backup {id} in {}: {MANIFEST} is damaged ({e})",
            storage.location()
        ))
    })?;
    // A folder renamed or copied by hand: its manifest would send verify and restore to
    // another folder, while list called it good.
    if manifest.id != id {
        return Err(crate::error::Failure::BadInput(format!(
            "backup {id} in {}: its {MANIFEST} names the backup {:?} (was the folder renamed or \
             copied?); name the folder {:?} again, or restore its dump as a file",
            storage.location(),
            manifest.id,
            manifest.id
        ))
        .into());
    }
    Ok(Some(manifest))
}

/// Writes a backup's manifest, the last step that makes the backup good.
pub fn write_manifest(storage: &dyn Storage, manifest: &Manifest) -> anyhow::Result<()> {
    let mut writer = storage.create(&manifest.id, MANIFEST)?;
    serde_json::to_writer_pretty(&mut writer, manifest).context("failed to write the manifest")?;
    writer.write_all(b"\n")?;
    writer.commit()
}

/// A repository in a local directory. Folders are 0700 and files 0600: a dump holds every
/// customer's data.
pub struct DirStorage {
    root: PathBuf,
}

impl DirStorage {
    pub fn new(root: PathBuf) -> Self {
        DirStorage { root }
    }

    fn backups(&self) -> PathBuf {
        self.root.join("backups")
    }

    fn folder(&self, id: &str) -> anyhow::Result<PathBuf> {
        // Ids are pmc's own timestamps; refuse anything that could leave the repository.
        if id.is_empty()
            || id.starts_with('.')
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(crate::error::Failure::Usage(format!("{id:?} is not a backup id")).into());
        }
        Ok(self.backups().join(id))
    }
}

fn create_private_dir(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .with_context(|| format!("failed to create {}", path.display()))
}

fn sync_dir(path: &Path) -> anyhow::Result<()> {
    fs::File::open(path)?
        .sync_all()
        .with_context(|| format!("failed to fsync {}", path.display()))
}

impl Storage for DirStorage {
    fn location(&self) -> String {
        self.root.display().to_string()
    }

    fn present(&self) -> anyhow::Result<bool> {
        match std::fs::metadata(&self.root) {
            Ok(meta) if meta.is_dir() => Ok(true),
            Ok(_) => Err(crate::error::Failure::Usage(format!(
                "backup repository {} is not a folder (check --repo or backup.repo)",
                self.root.display()
            ))
            .into()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => {
                Err(anyhow::Error::new(e)
                    .context(format!("failed to look at {}", self.root.display())))
            }
        }
    }

    fn ids(&self) -> anyhow::Result<Vec<String>> {
        let dir = self.backups();
        if !dir.exists() {
            return Ok(Vec::new());
        }
        let mut ids = Vec::new();
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // Only folders named as pmc names its backups: anything else there (lost+found on
            // a mount of its own, an operator's copy) is not pmc's to list, judge or remove.
            let pmc_id = super::inventory::parse_id(&name)
                .is_some_and(|t| super::inventory::format_id(t) == name);
            if entry.file_type()?.is_dir() && pmc_id {
                ids.push(name);
            }
        }
        ids.sort();
        Ok(ids)
    }

    fn create(&self, id: &str, name: &str) -> anyhow::Result<Box<dyn BlobWriter>> {
        use fs_err::os::unix::fs::OpenOptionsExt as _;
        let folder = self.folder(id)?;
        create_private_dir(&folder)?;
        let final_path = folder.join(name);
        let temp_path = folder.join(format!(".{name}.partial"));
        let file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temp_path)?;
        Ok(Box::new(DirBlob {
            file: Some(io::BufWriter::with_capacity(1 << 20, file)),
            temp_path,
            final_path,
        }))
    }

    fn open(&self, id: &str, name: &str) -> anyhow::Result<Box<dyn Read + Send>> {
        let path = self.folder(id)?.join(name);
        Ok(Box::new(fs::File::open(&path)?))
    }

    fn exists(&self, id: &str, name: &str) -> anyhow::Result<bool> {
        Ok(self.folder(id)?.join(name).exists())
    }

    fn remove_file(&self, id: &str, name: &str) -> anyhow::Result<()> {
        match fs::remove_file(self.folder(id)?.join(name)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => Ok(other?),
        }
    }

    fn remove(&self, id: &str) -> anyhow::Result<()> {
        let folder = self.folder(id)?;
        // A folder named like a backup may still hold what a person put there: pmc removes
        // only the files it writes itself.
        let foreign: Vec<String> = fs::read_dir(&folder)?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| !written_by_pmc(name))
            .collect();
        if !foreign.is_empty() {
            anyhow::bail!(
                "{} holds files pmc did not write ({}): left alone; remove it by hand once \
                 nothing in it is needed",
                folder.display(),
                foreign.join(", ")
            );
        }
        self.remove_file(id, MANIFEST)?;
        sync_dir(&folder)?;
        fs::remove_dir_all(&folder)?;
        Ok(())
    }
}

/// Whether `name` is a file pmc writes in a backup folder, or one it is writing.
fn written_by_pmc(name: &str) -> bool {
    let name = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".partial"))
        .unwrap_or(name);
    [
        MANIFEST,
        PINNED,
        "dump.zst",
        "dump.zst.age",
        "globals.zst",
        "globals.zst.age",
    ]
    .contains(&name)
}

/// A file being written under a temporary name in its backup's folder.
struct DirBlob {
    file: Option<io::BufWriter<fs::File>>,
    temp_path: PathBuf,
    final_path: PathBuf,
}

impl Write for DirBlob {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("written after commit").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("flushed after commit").flush()
    }
}

impl BlobWriter for DirBlob {
    fn commit(mut self: Box<Self>) -> anyhow::Result<()> {
        let file = self.file.take().expect("committed twice");
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&self.temp_path, &self.final_path)?;
        if let Some(folder) = self.final_path.parent() {
            sync_dir(folder)?;
        }
        Ok(())
    }
}

impl Drop for DirBlob {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_appears_only_when_committed_and_is_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let storage = DirStorage::new(dir.path().to_path_buf());
        let mut dropped = storage.create("20261123T000000Z", "dump.zst").unwrap();
        dropped.write_all(b"half").unwrap();
        drop(dropped);
        assert!(!storage.exists("20261123T000000Z", "dump.zst").unwrap());

        let mut blob = storage.create("20261123T000000Z", "dump.zst").unwrap();
        blob.write_all(b"whole").unwrap();
        blob.commit().unwrap();
        let mut text = String::new();
        storage
            .open("20261123T000000Z", "dump.zst")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "whole");
        let folder = dir.path().join("backups/20261123T000000Z");
        assert_eq!(
            fs::metadata(&folder).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(
            fs::metadata(folder.join("dump.zst"))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
        assert_eq!(storage.ids().unwrap(), vec!["20261123T000000Z".to_string()]);
        assert!(
            read_manifest(&storage, "20261123T000000Z")
                .unwrap()
                .is_none(),
            "no manifest, not good"
        );
        assert!(storage.create("../escape", "x").is_err());
    }
}
