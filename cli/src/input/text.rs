//! Delimited text (CSV, TSV): the records come from `namestd-readers`, a batch at a time,
//! into polars columns; every damaged row is kept and reported with its line.

use super::{open_reader, Batch, Counting, Input, InputError, InputOptions, StringColumns};
use crate::format::Format;
use namestd_readers::{DelimitedOptions, DelimitedRecords, ReadError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A CSV or TSV input.
pub struct DelimitedInput {
    records: DelimitedRecords<Counting<Box<dyn std::io::Read + Send>>>,
    batch_rows: usize,
    read: Arc<AtomicU64>,
    size: Option<u64>,
    path: std::path::PathBuf,
    format: Format,
}

impl DelimitedInput {
    /// Opens the file and reads its header line.
    pub fn open(opts: &InputOptions) -> Result<DelimitedInput, InputError> {
        let (raw, size) = open_reader(&opts.path)?;
        let (counting, read) = Counting::new(raw);
        let delimiter = opts.delimiter.unwrap_or(if opts.format == Format::Tsv { b'\t' } else { b',' });
        let options =
            DelimitedOptions { delimiter, quote: opts.quote, encoding: opts.encoding, batch_rows: opts.batch_rows };
        let records = DelimitedRecords::open(counting, &options)
            .map_err(|e| input_error(opts, e))?
            .ok_or_else(|| InputError::Empty { path: opts.path.clone() })?;
        Ok(DelimitedInput {
            records,
            batch_rows: opts.batch_rows.max(1),
            read,
            size,
            path: opts.path.clone(),
            format: opts.format,
        })
    }
}

/// A reader error with the file and format it concerns.
pub(super) fn input_error(opts: &InputOptions, e: ReadError) -> InputError {
    from_read_error(&opts.path, opts.format, e)
}

pub(super) fn from_read_error(path: &std::path::Path, format: Format, e: ReadError) -> InputError {
    match e {
        ReadError::Io(source) => InputError::Io { path: path.to_path_buf(), source },
        ReadError::Malformed(reason) => InputError::Malformed { path: path.to_path_buf(), format, reason },
    }
}

impl Input for DelimitedInput {
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
            Err(e) => Err(from_read_error(&self.path, self.format, e)),
        }
    }
}
