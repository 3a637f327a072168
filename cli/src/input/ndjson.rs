//! Newline-delimited JSON: the records come from `namestd-readers` (one object per line;
//! the columns are the keys of the first batch's objects), a batch at a time, into polars
//! columns.

use super::text::{from_read_error, input_error};
use super::{open_reader, Batch, Counting, Input, InputError, InputOptions, StringColumns};
use crate::format::Format;
use namestd_readers::NdjsonRecords;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// An NDJSON input.
pub struct NdjsonInput {
    records: NdjsonRecords<Counting<Box<dyn std::io::Read + Send>>>,
    batch_rows: usize,
    read: Arc<AtomicU64>,
    size: Option<u64>,
    path: std::path::PathBuf,
}

impl NdjsonInput {
    /// Opens the file and reads its first batch to learn the columns.
    pub fn open(opts: &InputOptions) -> Result<NdjsonInput, InputError> {
        let (raw, size) = open_reader(&opts.path)?;
        let (counting, read) = Counting::new(raw);
        let records = NdjsonRecords::open(counting, opts.encoding, opts.batch_rows)
            .map_err(|e| input_error(opts, e))?
            .ok_or_else(|| InputError::Empty { path: opts.path.clone() })?;
        Ok(NdjsonInput { records, batch_rows: opts.batch_rows.max(1), read, size, path: opts.path.clone() })
    }
}

impl Input for NdjsonInput {
    fn columns(&self) -> &[String] {
        self.records.columns()
    }

    fn progress(&self) -> Option<f64> {
        self.size.filter(|&s| s > 0).map(|s| (self.read.load(Ordering::Relaxed) as f64 / s as f64).min(1.0))
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, InputError> {
        let mut out = StringColumns::new(self.records.columns(), self.batch_rows);
        match self.records.read_batch(&mut out) {
            Ok(Some(rows)) => Ok(Some(Batch { frame: out.finish(), lines: rows.lines, problems: rows.problems })),
            Ok(None) => Ok(None),
            Err(e) => Err(from_read_error(&self.path, Format::Ndjson, e)),
        }
    }
}
