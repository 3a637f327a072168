//! Reading a table in batches: every format gives the same [`Batch`]es, each row with the
//! line it came from and, where the row was damaged, a [`RowProblem`].
//!
//! Delimited text and NDJSON are read by this crate (the `csv` crate and `serde_json`), so a
//! damaged row is kept and reported with its line instead of failing the whole file;
//! Parquet and Arrow IPC are read by polars, a slice or a record batch at a time. Memory
//! is bounded by the batch size, whatever the file size.

mod columnar;
mod ndjson;
mod text;

use crate::format::{is_stdio, Encoding, Format};
use polars::prelude::DataFrame;
use std::fmt;
use std::path::{Path, PathBuf};

pub use columnar::{IpcInput, ParquetInput};
pub use ndjson::NdjsonInput;
pub use text::DelimitedInput;

pub use namestd_readers::RowProblem;

/// A batch of rows: the input's own columns in order, the line of every row, and the
/// problems of the rows that had some.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The rows, with the input's columns.
    pub frame: DataFrame,
    /// Line (or row number) of every row.
    pub lines: Vec<u64>,
    /// Problems, by row index in this batch, in row order.
    pub problems: Vec<(usize, RowProblem)>,
}

/// How to read an input.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// The file, or `-` for stdin.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Field delimiter for delimited text (default: `,` for CSV, tab for TSV).
    pub delimiter: Option<u8>,
    /// Quote character for delimited text.
    pub quote: u8,
    /// Text encoding of delimited text and NDJSON.
    pub encoding: Encoding,
    /// Rows per batch.
    pub batch_rows: usize,
}

impl InputOptions {
    /// Options for a path, format by extension, UTF-8, 64k-row batches.
    pub fn new(path: impl Into<PathBuf>) -> InputOptions {
        let path = path.into();
        let format = Format::choose(None, Some(&path));
        InputOptions { path, format, delimiter: None, quote: b'"', encoding: Encoding::Utf8, batch_rows: 65_536 }
    }
}

/// An input that cannot be read at all (damaged rows are [`RowProblem`]s instead).
#[derive(Debug)]
pub enum InputError {
    /// The file cannot be opened or read.
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The input holds nothing, not even a header line.
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is not in the format it was read as.
    Malformed {
        /// The file.
        path: PathBuf,
        /// Format it was read as.
        format: Format,
        /// What the reader said, in plain words.
        reason: String,
    },
    /// A row problem under `--on-error stop`.
    Row(RowProblem),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            InputError::Empty { path } => write!(f, "{} is empty: there is no header line", path.display()),
            InputError::Malformed { path, format, reason } => {
                write!(f, "{} is not a readable {} file: {reason}", path.display(), format.name())
            }
            InputError::Row(p) => write!(f, "{p}"),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A table read a batch at a time.
pub trait Input: Send {
    /// The input's column names, in order.
    fn columns(&self) -> &[String];
    /// The next batch, `None` at the end.
    fn next_batch(&mut self) -> Result<Option<Batch>, InputError>;
    /// How far through the input we are, 0.0–1.0, when known (for the progress bar).
    fn progress(&self) -> Option<f64>;
}

/// Opens an input in its format.
pub fn open(opts: &InputOptions) -> Result<Box<dyn Input>, InputError> {
    Ok(match opts.format {
        Format::Csv | Format::Tsv => Box::new(DelimitedInput::open(opts)?),
        Format::Ndjson => Box::new(NdjsonInput::open(opts)?),
        Format::Parquet => Box::new(ParquetInput::open(opts)?),
        Format::Ipc => Box::new(IpcInput::open(opts)?),
    })
}

/// A reader over a file or stdin, and the file's size when known.
pub(crate) fn open_reader(path: &Path) -> Result<(Box<dyn std::io::Read + Send>, Option<u64>), InputError> {
    if is_stdio(path) {
        return Ok((Box::new(std::io::stdin()), None));
    }
    let file = std::fs::File::open(path).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok((Box::new(file), size))
}

/// Counts bytes read, for progress.
pub(crate) struct Counting<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R> Counting<R> {
    pub(crate) fn new(inner: R) -> (Self, std::sync::Arc<std::sync::atomic::AtomicU64>) {
        let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        (Counting { inner, count: count.clone() }, count)
    }
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Builds string columns row by row.
pub(crate) struct StringColumns {
    builders: Vec<polars::prelude::StringChunkedBuilder>,
    rows: usize,
}

impl StringColumns {
    pub(crate) fn new(names: &[String], capacity: usize) -> StringColumns {
        let builders =
            names.iter().map(|n| polars::prelude::StringChunkedBuilder::new(n.as_str().into(), capacity)).collect();
        StringColumns { builders, rows: 0 }
    }

    pub(crate) fn finish(self) -> DataFrame {
        let columns: Vec<polars::prelude::Column> =
            self.builders.into_iter().map(|b| polars::prelude::IntoColumn::into_column(b.finish())).collect();
        DataFrame::new(self.rows, columns).expect("columns of equal length and distinct names")
    }
}

impl namestd_readers::ColumnSink for StringColumns {
    fn push(&mut self, i: usize, value: Option<&str>) {
        match value {
            Some(v) => self.builders[i].append_value(v),
            None => self.builders[i].append_null(),
        }
    }

    fn end_row(&mut self) {
        self.rows += 1;
    }
}

/// Column `i` of a batch as text (other types are formatted by polars' cast).
pub fn text_column(frame: &DataFrame, i: usize) -> Result<polars::prelude::StringChunked, String> {
    use polars::prelude::DataType;
    let col = &frame.columns()[i];
    let col = if col.dtype() == &DataType::String {
        col.clone()
    } else {
        col.cast(&DataType::String).map_err(|e| crate::polars_message(&e))?
    };
    col.str().cloned().map_err(|e| crate::polars_message(&e))
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Reads a whole input; the rows and every problem's line.
    fn read_all(bytes: &[u8], format: Format, encoding: Encoding) -> Option<(usize, Vec<u64>)> {
        let path = std::env::temp_dir().join(format!(
            "namestd-reader-prop-{}-{:?}.{}",
            std::process::id(),
            std::thread::current().id(),
            if format == Format::Ndjson { "ndjson" } else { "csv" }
        ));
        std::fs::write(&path, bytes).expect("temp file");
        let mut opts = InputOptions::new(&path);
        opts.encoding = encoding;
        opts.batch_rows = 3;
        let result = match open(&opts) {
            Ok(mut input) => {
                let (mut rows, mut lines) = (0, Vec::new());
                while let Some(b) = input.next_batch().expect("a damaged row is a problem, not an error") {
                    assert_eq!(b.frame.height(), b.lines.len());
                    assert_eq!(b.frame.width(), input.columns().len());
                    rows += b.frame.height();
                    lines.extend(b.lines);
                }
                Some((rows, lines))
            }
            Err(InputError::Empty { .. }) => None,
            Err(e) => panic!("unexpected error {e}"),
        };
        let _ = std::fs::remove_file(&path);
        result
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any bytes: no panic, every row a line, lines in order.
        #[test]
        fn delimited_and_ndjson_readers_take_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400),
                                                       latin1 in any::<bool>(), ndjson in any::<bool>()) {
            let encoding = if latin1 { Encoding::Latin1 } else { Encoding::Utf8 };
            let format = if ndjson { Format::Ndjson } else { Format::Csv };
            if let Some((rows, lines)) = read_all(&bytes, format, encoding) {
                prop_assert_eq!(rows, lines.len());
                prop_assert!(lines.windows(2).all(|w| w[0] <= w[1]), "lines {:?}", lines);
            }
        }

        /// Well-formed CSV rows made of arbitrary text all come out.
        #[test]
        fn every_csv_record_comes_out(cells in proptest::collection::vec(("\\PC{0,12}", "\\PC{0,12}"), 1..20)) {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["a", "b"]).unwrap();
            for (a, b) in &cells {
                // A record of two empty fields is written as a blank-looking `,` line, kept.
                w.write_record([a.as_str(), b.as_str()]).unwrap();
            }
            let bytes = w.into_inner().unwrap();
            let (rows, _) = read_all(&bytes, Format::Csv, Encoding::Utf8).expect("not empty");
            prop_assert_eq!(rows, cells.len());
        }
    }
}
