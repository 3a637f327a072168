//! Writing a table in batches, in any format, to a file or stdout. A file is written under
//! a temporary name beside the target and renamed into place only when the run succeeds,
//! so an interrupted or failed run never leaves a half-written file where the output goes.

use crate::format::{is_stdio, Format};
use crate::parquet_out::{ParquetCompression, ParquetOut};
use crate::polars_message;
use polars::prelude::{CompatLevel, DataFrame, PolarsError, SchemaExt};
use polars_arrow::array::Utf8ViewArray;
use polars_arrow::record_batch::RecordBatch;
use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// How to write the output.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// The file, or `-` for stdout.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Field delimiter for delimited text (default: `,` for CSV, tab for TSV).
    pub delimiter: Option<u8>,
    /// Write a UTF-8 byte-order mark at the start of delimited text (for spreadsheet programs).
    pub bom: bool,
    /// Compression of Parquet output.
    pub parquet_compression: ParquetCompression,
}

/// An output that could not be written.
#[derive(Debug)]
pub struct OutputError {
    /// The target.
    pub path: PathBuf,
    /// What happened, in plain words.
    pub reason: String,
    /// The I/O error kind, when the cause was I/O (a closed pipe is not a failure).
    pub io_kind: Option<std::io::ErrorKind>,
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for OutputError {}

type Sink = Shared;

/// The buffered byte sink the encoders write into, shared with [`Output`].
type SharedSink = std::sync::Arc<std::sync::Mutex<BufWriter<Box<dyn Write + Send>>>>;

enum Encoder {
    Delimited { sink: Sink, separator: u8 },
    Parquet(Box<ParquetOut<Sink>>),
    Ipc(Box<polars_arrow::io::ipc::write::FileWriter<Sink>>),
    Ndjson(polars::io::json::BatchedWriter<Sink>),
}

/// A table being written.
pub struct Output {
    opts: OutputOptions,
    encoder: Option<Encoder>,
    temp: Option<PathBuf>,
    sink: Option<SharedSink>,
    rows: u64,
}

impl Output {
    /// Creates the output (the temporary file, for a file target).
    pub fn create(opts: &OutputOptions) -> Result<Output, OutputError> {
        Ok(Output { opts: opts.clone(), encoder: None, temp: None, sink: None, rows: 0 })
    }

    fn err(&self, e: PolarsError) -> OutputError {
        let io_kind = match &e {
            PolarsError::IO { error, .. } => Some(error.kind()),
            _ => None,
        };
        OutputError { path: self.opts.path.clone(), reason: polars_message(&e), io_kind }
    }

    fn io_err(&self, e: std::io::Error) -> OutputError {
        OutputError { path: self.opts.path.clone(), reason: e.to_string(), io_kind: Some(e.kind()) }
    }

    fn start(&mut self, first: &DataFrame) -> Result<(), OutputError> {
        let sink: Box<dyn Write + Send> = if is_stdio(&self.opts.path) {
            Box::new(std::io::stdout())
        } else {
            let temp = temp_path(&self.opts.path);
            let file = std::fs::File::create(&temp).map_err(|e| self.io_err(e))?;
            self.temp = Some(temp);
            Box::new(file)
        };
        let shared = std::sync::Arc::new(std::sync::Mutex::new(BufWriter::with_capacity(1 << 20, sink)));
        self.sink = Some(shared.clone());
        let mut sink = Shared(shared);
        let schema = first.schema().clone();
        let encoder = match self.opts.format {
            Format::Csv | Format::Tsv => {
                let sep = self.opts.delimiter.unwrap_or(if self.opts.format == Format::Tsv { b'\t' } else { b',' });
                if self.opts.bom {
                    sink.write_all("\u{FEFF}".as_bytes()).map_err(|e| self.io_err(e))?;
                }
                let mut header = Vec::new();
                for (i, name) in schema.iter_names().enumerate() {
                    if i > 0 {
                        header.push(sep);
                    }
                    crate::csv_out::field(&mut header, name.as_bytes(), sep);
                }
                header.push(b'\n');
                sink.write_all(&header).map_err(|e| self.io_err(e))?;
                Encoder::Delimited { sink, separator: sep }
            }
            Format::Parquet => {
                let w = ParquetOut::new(sink, &schema, self.opts.parquet_compression).map_err(|e| self.err(e))?;
                Encoder::Parquet(Box::new(w))
            }
            Format::Ipc => {
                let arrow = schema.to_arrow(CompatLevel::newest());
                let mut w = polars_arrow::io::ipc::write::FileWriter::new(
                    sink,
                    std::sync::Arc::new(arrow),
                    None,
                    polars_arrow::io::ipc::write::WriteOptions { compression: None },
                );
                w.start().map_err(|e| self.err(e))?;
                Encoder::Ipc(Box::new(w))
            }
            Format::Ndjson => Encoder::Ndjson(polars::io::json::BatchedWriter::new(sink)),
        };
        self.encoder = Some(encoder);
        Ok(())
    }

    /// Writes a batch (the first one fixes the columns).
    pub fn write(&mut self, frame: &mut DataFrame) -> Result<(), OutputError> {
        if self.encoder.is_none() {
            self.start(frame)?;
        }
        frame.align_chunks();
        let result = match self.encoder.as_mut().expect("started") {
            Encoder::Delimited { sink, separator } => match crate::csv_out::encode(frame, *separator) {
                Ok(parts) => parts.iter().try_for_each(|p| sink.write_all(p)).map_err(PolarsError::from),
                Err(e) => Err(e),
            },
            Encoder::Parquet(w) => w.write_batch(frame),
            Encoder::Ndjson(w) => w.write_batch(frame),
            Encoder::Ipc(w) => {
                let mut r = Ok(());
                for chunk in frame.iter_chunks(CompatLevel::newest(), true) {
                    r = w.write(&compact_views(chunk), None);
                    if r.is_err() {
                        break;
                    }
                }
                r
            }
        };
        result.map_err(|e| self.err(e))?;
        self.rows += frame.height() as u64;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Finishes the file (footers, flush) and moves it into place. `empty` gives the
    /// columns to write when no batch came (a header-only input).
    pub fn finish(mut self, empty: &mut DataFrame) -> Result<(), OutputError> {
        if self.encoder.is_none() {
            self.write(empty)?;
        }
        let result = match self.encoder.take().expect("started") {
            Encoder::Delimited { .. } => Ok(()),
            Encoder::Parquet(w) => w.finish(),
            Encoder::Ipc(mut w) => w.finish(),
            Encoder::Ndjson(_) => Ok(()),
        };
        result.map_err(|e| self.err(e))?;
        let sink = self.sink.take().expect("started");
        let mut guard = sink.lock().unwrap_or_else(|p| p.into_inner());
        guard.flush().map_err(|e| self.io_err(e))?;
        drop(guard);
        if let Some(temp) = self.temp.take() {
            if let Err(e) = std::fs::rename(&temp, &self.opts.path) {
                let _ = std::fs::remove_file(&temp);
                return Err(self.io_err(e));
            }
        }
        Ok(())
    }
}

/// The batch with each string column whose views point into buffers much larger than its
/// values (the added columns share the cache's buffers) copied into buffers of its own:
/// the IPC writer writes every buffer an array refers to, whole.
fn compact_views(batch: RecordBatch) -> RecordBatch {
    let height = batch.height();
    let (schema, arrays) = batch.into_schema_and_arrays();
    let arrays = arrays
        .into_iter()
        .map(|a| match a.as_any().downcast_ref::<Utf8ViewArray>() {
            Some(s) if s.total_buffer_len() > 2 * s.total_bytes_len() => s.clone().gc().boxed(),
            _ => a,
        })
        .collect();
    RecordBatch::new(height, schema, arrays)
}

/// The writers' sink: shared so that [`Output::finish`] can flush it and see the error
/// after the encoder is done with it.
#[derive(Clone)]
struct Shared(SharedSink);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).flush()
    }
}

/// `dir/.name.namestd-<pid>.tmp` beside the target.
fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    target.with_file_name(format!(".{name}.namestd-{}.tmp", std::process::id()))
}

impl Drop for Output {
    fn drop(&mut self) {
        // Not finished: remove the temporary file so nothing half-written is left behind.
        if let Some(t) = self.temp.take() {
            let _ = std::fs::remove_file(t);
        }
    }
}

/// Writes a whole file under a temporary name and renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temp_path(path);
    let result = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
