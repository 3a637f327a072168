//! The index as bytes: what `namestd index build` stores and the service loads.
//!
//! Format (version 2): the line `namestd-lookup-index`, then the version as a
//! little-endian `u32`, then the index's flat tables one section after another, each a
//! little-endian `u64` element count followed by its elements (`u8`, `u32`, `u64` or `f32`,
//! little-endian): string columns as one UTF-8 arena and `u32` offsets, lists (tokens of a
//! name, postings, owners, neighbours, trigram and acronym lists) as offsets and one flat
//! `u32` array, the `fst` maps (folded names, ids, identifiers, trigrams, acronyms) as their
//! own bytes. Loading derives nothing: it copies the sections and checks them (every length,
//! offset and id, UTF-8, the vocabulary order, the fst checksums), so damaged or foreign
//! bytes give a [`StoreError`], never a panic.

use super::tables::{Reader, Tables, Writer};
use super::LookupIndex;
use crate::pipeline::Standardizer;
use std::fmt;

const MAGIC: &[u8] = b"namestd-lookup-index\n";
const VERSION: u32 = 2;

/// Bytes that are not a stored index of this version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// What is wrong.
    pub message: String,
}

impl StoreError {
    pub(crate) fn new(message: String) -> Self {
        StoreError { message }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stored lookup index: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

impl LookupIndex {
    /// The index as bytes (see the module docs for the format).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer { out: MAGIC.to_vec() };
        w.out.extend_from_slice(&VERSION.to_le_bytes());
        self.tables.write(&mut w);
        w.out
    }

    /// Loads an index stored by [`LookupIndex::to_bytes`], with the embedded dictionaries
    /// for queries.
    pub fn from_bytes(bytes: &[u8]) -> Result<LookupIndex, StoreError> {
        Self::from_bytes_with(&Standardizer::default(), bytes)
    }

    /// Loads a stored index with a given standardizer for queries.
    pub fn from_bytes_with(std: &Standardizer, bytes: &[u8]) -> Result<LookupIndex, StoreError> {
        Self::read_from(std, bytes, bytes.len() as u64)
    }

    /// Loads a stored index from a file, section by section (the file is never held in
    /// memory whole), with the embedded dictionaries for queries.
    pub fn from_file(path: &std::path::Path) -> Result<LookupIndex, StoreError> {
        Self::from_file_with(&Standardizer::default(), path)
    }

    /// Loads a stored index from a file with a given standardizer for queries.
    pub fn from_file_with(std: &Standardizer, path: &std::path::Path) -> Result<LookupIndex, StoreError> {
        let io = |e: std::io::Error| StoreError::new(e.to_string());
        let file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        Self::read_from(std, std::io::BufReader::with_capacity(1 << 20, file), len)
    }

    fn read_from(std: &Standardizer, mut src: impl std::io::Read, len: u64) -> Result<LookupIndex, StoreError> {
        let mut head = [0u8; MAGIC.len() + 4];
        let got = read_up_to(&mut src, &mut head).map_err(|e| StoreError::new(e.to_string()))?;
        let head = &head[..got];
        if head.starts_with(b"namestd-lookup-index 1\n") {
            return Err(StoreError::new(
                "format version 1 (JSON) is no longer read: build the index again (`namestd index build`)".into(),
            ));
        }
        let rest = head
            .strip_prefix(MAGIC)
            .ok_or_else(|| StoreError::new("not a namestd lookup index (no magic line)".into()))?;
        let version = rest
            .get(..4)
            .map(|v| u32::from_le_bytes(v.try_into().expect("4 bytes")))
            .ok_or_else(|| StoreError::new("truncated after the magic line".into()))?;
        if version != VERSION {
            return Err(StoreError::new(format!("format version {version}, this build reads version {VERSION}")));
        }
        let mut r = Reader { src, left: len.saturating_sub(got as u64) };
        let tables = Tables::read(&mut r)?;
        if r.left != 0 {
            return Err(StoreError::new(format!("{} bytes after the last section", r.left)));
        }
        Ok(LookupIndex { std: std.clone(), tables })
    }
}

/// Reads until `buf` is full or the source ends; the bytes read.
fn read_up_to(src: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match src.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
