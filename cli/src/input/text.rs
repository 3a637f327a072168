//! Delimited text (CSV, TSV) read with the `csv` crate, in batches, every damaged row kept
//! and reported with its line.

use super::{open_reader, Batch, Counting, Input, InputError, InputOptions, RowProblem, StringColumns};
use crate::format::{decode, Encoding, Format};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A CSV or TSV input.
pub struct DelimitedInput {
    reader: csv::Reader<Counting<Box<dyn std::io::Read + Send>>>,
    columns: Vec<String>,
    encoding: Encoding,
    batch_rows: usize,
    record: csv::ByteRecord,
    read: Arc<AtomicU64>,
    size: Option<u64>,
    done: bool,
    path: std::path::PathBuf,
}

impl DelimitedInput {
    /// Opens the file and reads its header line.
    pub fn open(opts: &InputOptions) -> Result<DelimitedInput, InputError> {
        let (raw, size) = open_reader(&opts.path)?;
        let (counting, read) = Counting::new(raw);
        let delimiter = opts.delimiter.unwrap_or(if opts.format == Format::Tsv { b'\t' } else { b',' });
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quote(opts.quote)
            .flexible(true)
            .has_headers(false)
            .from_reader(counting);
        let mut header = csv::ByteRecord::new();
        let got = reader.read_byte_record(&mut header).map_err(|e| csv_error(opts, e))?;
        if !got || (header.len() == 1 && header[0].is_empty()) {
            return Err(InputError::Empty { path: opts.path.clone() });
        }
        let mut names: Vec<String> = header.iter().map(|f| decode(f, opts.encoding).0.into_owned()).collect();
        if let Some(first) = names.first_mut() {
            if let Some(rest) = first.strip_prefix('\u{FEFF}') {
                *first = rest.to_string();
            }
        }
        let columns = super::unique_column_names(names);
        Ok(DelimitedInput {
            reader,
            columns,
            encoding: opts.encoding,
            batch_rows: opts.batch_rows.max(1),
            record: csv::ByteRecord::new(),
            read,
            size,
            done: false,
            path: opts.path.clone(),
        })
    }
}

fn csv_error(opts: &InputOptions, e: csv::Error) -> InputError {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(source) => InputError::Io { path: opts.path.clone(), source },
        other => InputError::Malformed {
            path: opts.path.clone(),
            format: opts.format,
            reason: match line {
                Some(l) => format!("line {l}: {other:?}"),
                None => format!("{other:?}"),
            },
        },
    }
}

impl Input for DelimitedInput {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn progress(&self) -> Option<f64> {
        self.size.filter(|&s| s > 0).map(|s| (self.read.load(Ordering::Relaxed) as f64 / s as f64).min(1.0))
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, InputError> {
        if self.done {
            return Ok(None);
        }
        let width = self.columns.len();
        let mut out = StringColumns::new(&self.columns, self.batch_rows);
        let mut lines = Vec::with_capacity(self.batch_rows);
        let mut problems = Vec::new();
        while out.rows() < self.batch_rows {
            let got = match self.reader.read_byte_record(&mut self.record) {
                Ok(got) => got,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    match e.into_kind() {
                        csv::ErrorKind::Io(source) => {
                            return Err(InputError::Io { path: self.path.clone(), source })
                        }
                        other => {
                            // The csv crate only fails on I/O and UTF-8 in string records; keep
                            // the row as an empty one, reported.
                            let row = out.rows();
                            for i in 0..width {
                                out.push(i, None);
                            }
                            out.end_row();
                            lines.push(line);
                            problems.push((
                                row,
                                RowProblem { line, code: "unreadable_row", message: format!("{other:?}; row left empty") },
                            ));
                            continue;
                        }
                    }
                }
            };
            if !got {
                self.done = true;
                break;
            }
            let line = self.record.position().map_or(0, |p| p.line());
            // A blank line between records reads as one empty field: skip it only when the
            // table has more than one column (a one-column table's empty name is a row).
            if width > 1 && self.record.len() == 1 && self.record[0].is_empty() {
                continue;
            }
            let row = out.rows();
            let mut bad_utf8 = false;
            let mut nul = false;
            for i in 0..width {
                match self.record.get(i) {
                    Some(field) => {
                        // An empty field is null (as polars reads CSV), so that writing the
                        // table back gives an empty field again.
                        if field.is_empty() {
                            out.push(i, None);
                            continue;
                        }
                        let (text, bad) = decode(field, self.encoding);
                        bad_utf8 |= bad;
                        nul |= text.contains('\0');
                        out.push(i, Some(&text));
                    }
                    None => out.push(i, None),
                }
            }
            out.end_row();
            lines.push(line);
            let fields = self.record.len();
            if fields != width {
                let extra: Vec<String> =
                    self.record.iter().skip(width).map(|f| decode(f, self.encoding).0.into_owned()).collect();
                let message = if fields < width {
                    format!("{fields} fields where the header has {width}; the missing ones are left empty (null)")
                } else {
                    format!(
                        "{fields} fields where the header has {width}; the extra ones are not in the output: {}",
                        super::quote_list(&extra)
                    )
                };
                problems.push((row, RowProblem { line, code: "ragged_row", message }));
            }
            if bad_utf8 {
                problems.push((
                    row,
                    RowProblem {
                        line,
                        code: "invalid_utf8",
                        message: "bytes that are not UTF-8 were replaced by U+FFFD (is the file Latin-1 or CP1252? see --encoding)".into(),
                    },
                ));
            }
            if nul {
                problems.push((
                    row,
                    RowProblem { line, code: "nul_byte", message: "a field holds a NUL byte (kept as read)".into() },
                ));
            }
        }
        if out.rows() == 0 && self.done {
            return Ok(None);
        }
        Ok(Some(Batch { frame: out.finish(), lines, problems }))
    }
}
