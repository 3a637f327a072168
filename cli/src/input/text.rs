//! Delimited text (CSV, TSV): the records come from `namestd-readers`, a block at a time
//! parsed on all threads, into polars columns; every damaged row is kept and reported with
//! its line.

use super::{open_reader, Batch, Counting, Input, InputError, InputOptions, StringColumns};
use crate::format::Format;
use namestd_readers::{DelimitedOptions, ParallelDelimited, ReadError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A CSV or TSV input.
pub struct DelimitedInput {
    records: ParallelDelimited<Counting<Box<dyn std::io::Read + Send>>>,
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
        let records = ParallelDelimited::open(counting, &options, rayon::current_num_threads())
            .map_err(|e| input_error(opts, e))?
            .ok_or_else(|| InputError::Empty { path: opts.path.clone() })?;
        Ok(DelimitedInput { records, read, size, path: opts.path.clone(), format: opts.format })
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
        let columns = self.records.columns().to_vec();
        let chunks = match self.records.read_batch(|capacity| StringColumns::new(&columns, capacity)) {
            Ok(Some(chunks)) => chunks,
            Ok(None) => return Ok(None),
            Err(e) => return Err(from_read_error(&self.path, self.format, e)),
        };
        let mut frame: Option<polars::prelude::DataFrame> = None;
        let (mut lines, mut problems) = (Vec::new(), Vec::new());
        for (sink, rows) in chunks {
            let offset = lines.len();
            lines.extend(rows.lines);
            problems.extend(rows.problems.into_iter().map(|(row, p)| (row + offset, p)));
            let part = sink.finish();
            match frame.as_mut() {
                None => frame = Some(part),
                Some(f) => {
                    f.vstack_mut_owned(part).map_err(|e| InputError::Malformed {
                        path: self.path.clone(),
                        format: self.format,
                        reason: crate::polars_message(&e),
                    })?;
                }
            }
        }
        let frame = frame.unwrap_or_else(|| StringColumns::new(&columns, 0).finish());
        Ok(Some(Batch { frame, lines, problems }))
    }
}
