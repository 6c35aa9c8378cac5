//! pg_dump's custom archive format read as a stream, so restore can load table data itself
//! without first writing the whole archive to a file for pg_restore.
//!
//! An archive is a header, a table of contents (TOC) and then the data blocks. pmc's backups are
//! `pg_dump -Fc -Z0` written to a pipe, so the TOC holds no data offsets and every data block is
//! a type byte, the entry's dump id, and length-prefixed chunks of raw COPY text ending with a
//! zero-length chunk (PostgreSQL's `pg_backup_archiver.c` ReadHead/ReadToc and
//! `pg_backup_custom.c`). Integers are a sign byte and `intSize` little-endian bytes; strings are
//! an integer length (-1 for NULL) and the bytes.
//!
//! Only what pmc's own backups contain is streamed: archive version 1.14 (pg_dump 12 to 15, the
//! one tried here; 1.13 from pg_dump 10 and 11 differs only by the table access method, but an
//! untried layout goes to pg_restore rather than risk a restore), no compression, UTF8, table data only (no large objects). Anything else is
//! [`Parsed::NotStreamable`] and goes to pg_restore as before.

use std::collections::HashMap;
use std::io::{self, Read};

/// What reading the start of an archive found.
pub enum Parsed {
    /// The header and TOC, and their bytes exactly as read (a TOC-only archive pg_restore reads
    /// for the schema).
    Streamable { toc: Toc, head: Vec<u8> },
    /// Why pg_restore has to read this archive itself.
    NotStreamable(String),
}

/// The section an entry is restored in. Entries without one (comments, ACLs) belong to the
/// section of the entry before them, as pg_restore decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    PreData,
    Data,
    PostData,
}

/// One TOC entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub dump_id: i64,
    /// `TABLE DATA`, `INDEX`, `ACL`, ...
    pub desc: String,
    pub tag: String,
    pub namespace: Option<String>,
    /// The COPY statement of a TABLE DATA entry, without its `;`.
    pub copy: Option<String>,
    pub section: Section,
}

impl Entry {
    /// `schema.table` for messages.
    pub fn name(&self) -> String {
        match &self.namespace {
            Some(ns) if !ns.is_empty() => format!("{ns}.{}", self.tag),
            _ => self.tag.clone(),
        }
    }

    /// Whether pg_restore handles the entry in its final privileges pass.
    pub fn is_acl(&self) -> bool {
        matches!(self.desc.as_str(), "ACL" | "ACL LANGUAGE" | "DEFAULT ACL")
    }
}

/// The table of contents of a streamable archive.
#[derive(Debug, Clone)]
pub struct Toc {
    pub entries: Vec<Entry>,
    /// Bytes of an integer in this archive.
    pub int_size: usize,
}

impl Toc {
    /// Index of each TABLE DATA entry by dump id.
    pub fn table_data(&self) -> HashMap<i64, usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.copy.is_some())
            .map(|(i, e)| (e.dump_id, i))
            .collect()
    }
}

/// Archive versions streamed: 1.14 (pg_dump 12 to 15). The reader also knows 1.13's layout
/// (no table access method), kept for when a test can make such an archive.
const VERSIONS: std::ops::RangeInclusive<u8> = 14..=14;
/// The format byte of a custom archive.
const FORMAT_CUSTOM: u8 = 1;
/// The type byte of a table data block.
const BLOCK_DATA: u8 = 1;

/// Reads integers and strings of an archive, optionally keeping a copy of the bytes read.
pub struct ArchiveReader<R> {
    inner: R,
    int_size: usize,
    kept: Option<Vec<u8>>,
}

impl<R: Read> ArchiveReader<R> {
    pub fn new(inner: R, int_size: usize) -> Self {
        ArchiveReader {
            inner,
            int_size,
            kept: None,
        }
    }

    fn bytes(&mut self, buf: &mut [u8]) -> io::Result<()> {
        self.inner.read_exact(buf)?;
        if let Some(kept) = &mut self.kept {
            kept.extend_from_slice(buf);
        }
        Ok(())
    }

    fn byte(&mut self) -> io::Result<u8> {
        let mut b = [0u8];
        self.bytes(&mut b)?;
        Ok(b[0])
    }

    /// ReadInt: a sign byte, then `int_size` bytes, least significant first.
    pub fn int(&mut self) -> io::Result<i64> {
        let negative = self.byte()? != 0;
        let mut buf = [0u8; 8];
        self.bytes(&mut buf[..self.int_size])?;
        let value = i64::from_le_bytes(buf);
        Ok(if negative { -value } else { value })
    }

    /// ReadStr: a length (negative for NULL), then the bytes.
    fn string(&mut self) -> io::Result<Option<String>> {
        let len = self.int()?;
        if len < 0 {
            return Ok(None);
        }
        let mut buf = vec![0u8; usize::try_from(len).map_err(invalid)?];
        self.bytes(&mut buf)?;
        String::from_utf8(buf).map(Some).map_err(invalid)
    }

    /// The next data block's dump id, or None at the end of the archive.
    pub fn block(&mut self) -> io::Result<Option<i64>> {
        let mut kind = [0u8];
        if self.inner.read(&mut kind)? == 0 {
            return Ok(None);
        }
        if kind[0] != BLOCK_DATA {
            return Err(invalid(format!(
                "unexpected block type {} in the archive",
                kind[0]
            )));
        }
        self.int().map(Some)
    }

    /// Appends the next chunk of the current block to `out`; false at the block's end.
    pub fn chunk(&mut self, out: &mut Vec<u8>) -> io::Result<bool> {
        let len = self.int()?;
        if len == 0 {
            return Ok(false);
        }
        let len = usize::try_from(len).map_err(invalid)?;
        let start = out.len();
        out.resize(start + len, 0);
        self.inner.read_exact(&mut out[start..])?;
        Ok(true)
    }
}

fn invalid(e: impl ToString) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e.to_string())
}

/// Reads the header and the TOC of an archive from `input`, which is left at the first data
/// block. I/O errors are returned; an archive pmc cannot stream is `NotStreamable`.
pub fn read_head<R: Read>(input: &mut R) -> io::Result<Parsed> {
    let mut reader = ArchiveReader {
        inner: input,
        int_size: 4,
        kept: Some(Vec::new()),
    };
    let not = |why: String| Ok(Parsed::NotStreamable(why));
    let mut magic = [0u8; 5];
    reader.bytes(&mut magic)?;
    if &magic != b"PGDMP" {
        return not("not a custom-format archive".into());
    }
    let (major, minor, _revision) = (reader.byte()?, reader.byte()?, reader.byte()?);
    if major != 1 || !VERSIONS.contains(&minor) {
        return not(format!("archive version {major}.{minor}"));
    }
    let int_size = usize::from(reader.byte()?);
    let off_size = usize::from(reader.byte()?);
    if !(1..=8).contains(&int_size) || !(1..=8).contains(&off_size) {
        return not(format!("integer sizes {int_size}/{off_size}"));
    }
    reader.int_size = int_size;
    let format = reader.byte()?;
    if format != FORMAT_CUSTOM {
        return not(format!("archive format {format}"));
    }
    let compression = reader.int()?;
    if compression != 0 {
        return not(format!("compressed data (level {compression})"));
    }
    // Creation time (7 integers), database name, server and pg_dump versions.
    for _ in 0..7 {
        reader.int()?;
    }
    for _ in 0..3 {
        reader.string()?;
    }
    let count = reader.int()?;
    let mut entries = Vec::new();
    let mut current = Section::PreData;
    for _ in 0..count {
        let dump_id = reader.int()?;
        let had_dumper = reader.int()? != 0;
        let _table_oid = reader.string()?;
        let _oid = reader.string()?;
        let tag = reader.string()?.unwrap_or_default();
        let desc = reader.string()?.unwrap_or_default();
        let section = reader.int()?;
        let defn = reader.string()?;
        let _drop = reader.string()?;
        let copy = reader.string()?;
        let namespace = reader.string()?;
        let _tablespace = reader.string()?;
        if minor >= 14 {
            let _table_am = reader.string()?;
        }
        let _owner = reader.string()?;
        let _with_oids = reader.string()?;
        while reader.string()?.is_some() {} // dependencies, ended by NULL
        // The custom format's extra TOC data: a data offset flag byte and the offset.
        reader.byte()?;
        let mut offset = [0u8; 8];
        reader.bytes(&mut offset[..off_size])?;

        current = match section {
            1 => current,
            2 => Section::PreData,
            3 => Section::Data,
            4 => Section::PostData,
            other => return not(format!("TOC section {other}")),
        };
        if desc == "ENCODING" && !defn.as_deref().unwrap_or("").contains("'UTF8'") {
            return not(format!("encoding {}", defn.unwrap_or_default().trim()));
        }
        let copy = if had_dumper {
            if desc != "TABLE DATA" {
                return not(format!("{desc} entries"));
            }
            // pg_dump's text COPY; any option (binary, CSV) is pg_restore's business.
            match copy
                .as_deref()
                .and_then(|c| c.trim_end().strip_suffix(" FROM stdin;"))
            {
                Some(statement) if statement.starts_with("COPY ") => {
                    Some(format!("{statement} FROM stdin"))
                }
                _ => return not(format!("the COPY statement of {tag}: {copy:?}")),
            }
        } else {
            None
        };
        entries.push(Entry {
            dump_id,
            desc,
            tag,
            namespace,
            copy,
            section: current,
        });
    }
    Ok(Parsed::Streamable {
        toc: Toc { entries, int_size },
        head: reader.kept.take().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes archive integers and strings as pg_dump does (4-byte integers).
    #[derive(Default)]
    struct Writer(Vec<u8>);

    impl Writer {
        fn int(&mut self, v: i64) -> &mut Self {
            self.0.push(u8::from(v < 0));
            self.0
                .extend_from_slice(&(v.unsigned_abs() as u32).to_le_bytes());
            self
        }
        fn str(&mut self, s: Option<&str>) -> &mut Self {
            match s {
                None => self.int(-1),
                Some(s) => {
                    self.int(s.len() as i64);
                    self.0.extend_from_slice(s.as_bytes());
                    self
                }
            }
        }
        fn entry(&mut self, id: i64, desc: &str, tag: &str, section: i64, copy: Option<&str>) {
            self.int(id).int(i64::from(copy.is_some()));
            self.str(Some("0"))
                .str(Some("0"))
                .str(Some(tag))
                .str(Some(desc));
            self.int(section);
            let defn = (desc == "ENCODING").then_some("SET client_encoding = 'UTF8';\n");
            self.str(defn.or(Some(""))).str(Some("")).str(copy);
            self.str(Some("public")).str(None).str(Some("heap"));
            self.str(Some("postgres"))
                .str(Some("false"))
                .str(Some("1"))
                .str(None);
            self.0.push(if copy.is_some() { 1 } else { 3 });
            self.0.extend_from_slice(&[0; 8]);
        }
    }

    fn archive(compression: i64, extra: Option<(&str, bool)>) -> Vec<u8> {
        let mut w = Writer::default();
        w.0.extend_from_slice(b"PGDMP\x01\x0e\x00\x04\x08\x01");
        w.int(compression);
        for _ in 0..7 {
            w.int(1);
        }
        w.str(Some("store")).str(Some("15.0")).str(Some("15.0"));
        w.int(4 + i64::from(extra.is_some()));
        w.entry(1, "ENCODING", "ENCODING", 2, None);
        w.entry(2, "TABLE", "orders", 2, None);
        w.entry(3, "ACL", "TABLE orders", 1, None);
        w.entry(
            4,
            "TABLE DATA",
            "orders",
            3,
            Some("COPY public.orders (id, note) FROM stdin;\n"),
        );
        if let Some((desc, data)) = extra {
            w.entry(5, desc, "x", 4, data.then_some("COPY x FROM stdin;\n"));
        }
        w.0
    }

    #[test]
    fn reads_the_toc_of_a_plain_custom_archive_and_its_data_blocks() {
        let mut bytes = archive(0, Some(("INDEX", false)));
        let head_len = bytes.len();
        // One data block: two chunks, the second splitting a row, then the end chunk.
        let mut w = Writer::default();
        w.0.push(BLOCK_DATA);
        w.int(4).int(6);
        w.0.extend_from_slice(b"1\ta\n2\t");
        w.int(2);
        w.0.extend_from_slice(b"b\n");
        w.int(0);
        bytes.extend_from_slice(&w.0);

        let mut input = &bytes[..];
        let Parsed::Streamable { toc, head } = read_head(&mut input).unwrap() else {
            panic!("not streamable");
        };
        assert_eq!(head, bytes[..head_len]);
        let sections: Vec<_> = toc.entries.iter().map(|e| e.section).collect();
        use Section::*;
        assert_eq!(sections, [PreData, PreData, PreData, Data, PostData]);
        assert!(toc.entries[2].is_acl());
        let data = &toc.entries[3];
        assert_eq!(data.name(), "public.orders");
        assert_eq!(
            data.copy.as_deref(),
            Some("COPY public.orders (id, note) FROM stdin")
        );
        assert_eq!(toc.table_data().get(&4), Some(&3));

        let mut reader = ArchiveReader::new(input, toc.int_size);
        assert_eq!(reader.block().unwrap(), Some(4));
        let mut out = Vec::new();
        while reader.chunk(&mut out).unwrap() {}
        assert_eq!(out, b"1\ta\n2\tb\n");
        assert_eq!(reader.block().unwrap(), None);
    }

    #[test]
    fn what_pmc_cannot_stream_is_named() {
        for (bytes, why) in [
            (archive(-1, None), "compressed"),
            (archive(0, Some(("BLOBS", true))), "BLOBS"),
            (b"PGDMP\x01\x0f\x00\x04\x08\x01".to_vec(), "version 1.15"),
            (b"-- PostgreSQL database dump".to_vec(), "not a custom"),
        ] {
            match read_head(&mut &bytes[..]).unwrap() {
                Parsed::NotStreamable(reason) => assert!(reason.contains(why), "{reason}"),
                Parsed::Streamable { .. } => panic!("{why}: streamable"),
            }
        }
        // A TOC cut short is an I/O error, not a guess.
        let bytes = archive(0, None);
        assert!(read_head(&mut &bytes[..bytes.len() - 3]).is_err());
    }
}
