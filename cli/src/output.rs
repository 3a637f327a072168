//! Writing a table in batches, in any format, to a file or stdout. A file is written under
//! a temporary name beside the target and renamed into place only when the run succeeds,
//! so an interrupted or failed run never leaves a half-written file where the output goes.

use crate::format::{is_stdio, Format};
use crate::parquet_out::{ParquetCompression, ParquetOut, RecordRows};
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
type SharedSink = std::sync::Arc<std::sync::Mutex<SinkState>>;

/// The buffered sink and the first error it returned.
struct SinkState {
    out: BufWriter<Box<dyn Write + Send>>,
    /// The kind and message of the first write or flush error.
    failed: Option<(std::io::ErrorKind, String)>,
}

impl SinkState {
    /// Keeps the first error of `result`.
    fn note<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            self.failed.get_or_insert_with(|| (e.kind(), e.to_string()));
        }
        result
    }
}

enum Encoder {
    Delimited { sink: Sink, separator: u8, records: Box<crate::csv_out::RecordText> },
    Parquet(Box<ParquetOut<Sink>>),
    Ipc(Box<polars_arrow::io::ipc::write::FileWriter<Sink>>),
    Ndjson(polars::io::json::BatchedWriter<Sink>),
}

/// A table being written.
pub struct Output {
    opts: OutputOptions,
    /// The sink to write to instead of the file or stdout (tests).
    writer: Option<Box<dyn Write + Send>>,
    /// Bytes buffered before a write to the sink.
    buffer: usize,
    encoder: Option<Encoder>,
    temp: Option<PathBuf>,
    sink: Option<SharedSink>,
    rows: u64,
}

impl Output {
    /// Creates the output (the temporary file, for a file target).
    pub fn create(opts: &OutputOptions) -> Result<Output, OutputError> {
        Ok(Output { opts: opts.clone(), writer: None, buffer: 1 << 20, encoder: None, temp: None, sink: None, rows: 0 })
    }

    /// An output into `writer` through a buffer of `buffer` bytes (`opts.path` only names
    /// it in errors).
    #[cfg(test)]
    fn to_writer(opts: &OutputOptions, writer: Box<dyn Write + Send>, buffer: usize) -> Output {
        Output { opts: opts.clone(), writer: Some(writer), buffer, encoder: None, temp: None, sink: None, rows: 0 }
    }

    /// The error of an encoder. When the sink had failed first, its I/O error is the cause
    /// and is what is reported: an encoder may pass it on as an error of its own that no
    /// longer says what happened (polars' Parquet footer turns a closed pipe into "Invalid
    /// thrift: transport error").
    fn err(&self, e: PolarsError) -> OutputError {
        if let Some((kind, reason)) =
            self.sink.as_ref().and_then(|s| s.lock().unwrap_or_else(|p| p.into_inner()).failed.clone())
        {
            return OutputError { path: self.opts.path.clone(), reason, io_kind: Some(kind) };
        }
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
        let sink: Box<dyn Write + Send> = if let Some(w) = self.writer.take() {
            w
        } else if is_stdio(&self.opts.path) {
            Box::new(std::io::stdout())
        } else {
            let temp = temp_path(&self.opts.path);
            let file = std::fs::File::create(&temp).map_err(|e| self.io_err(e))?;
            self.temp = Some(temp);
            Box::new(file)
        };
        let out = BufWriter::with_capacity(self.buffer, sink);
        let shared = std::sync::Arc::new(std::sync::Mutex::new(SinkState { out, failed: None }));
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
                Encoder::Delimited { sink, separator: sep, records: Box::default() }
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

    /// Writes a batch (the first one fixes the columns). `records` says which rows share
    /// their values, when known (the Parquet encoder uses it).
    pub fn write(&mut self, frame: &mut DataFrame, records: Option<&RecordRows>) -> Result<(), OutputError> {
        if self.encoder.is_none() {
            self.start(frame)?;
        }
        frame.align_chunks();
        let result = match self.encoder.as_mut().expect("started") {
            Encoder::Delimited { sink, separator, records: kept } => {
                match crate::csv_out::encode_with_records(frame, *separator, records, kept) {
                    Ok(parts) => parts.iter().try_for_each(|p| sink.write_all(p)).map_err(PolarsError::from),
                    Err(e) => Err(e),
                }
            }
            Encoder::Parquet(w) => w.write_batch(frame, records),
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
            self.write(empty, None)?;
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
        let flushed = guard.out.flush();
        guard.note(flushed).map_err(|e| self.io_err(e))?;
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
        let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let result = state.out.write(buf);
        state.note(result)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let result = state.out.write_all(buf);
        state.note(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let result = state.out.flush();
        state.note(result)
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

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{Column, DataType};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A pipe whose reader goes away after `left` bytes: later writes fail with
    /// `BrokenPipe`. `written` counts the bytes it took.
    struct ClosingPipe {
        left: usize,
        written: Arc<AtomicUsize>,
    }

    impl Write for ClosingPipe {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left == 0 && !buf.is_empty() {
                return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            self.written.fetch_add(n, Ordering::Relaxed);
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn frame(rows: usize) -> DataFrame {
        let names: Vec<String> = (0..rows).map(|i| format!("APPLICANT NUMBER {} GMBH", i % 97)).collect();
        let kinds: Vec<&str> = (0..rows).map(|i| ["organization", "person"][i % 2]).collect();
        let cols = vec![
            Column::new("name".into(), names),
            Column::new("kind".into(), kinds),
            Column::new("score".into(), (0..rows).map(|i| (i % 100) as u8).collect::<Vec<u8>>())
                .cast(&DataType::UInt8)
                .expect("u8"),
        ];
        DataFrame::new(rows, cols).expect("a frame")
    }

    /// Writes two batches and finishes, into a pipe that closes after `left` bytes; returns
    /// the bytes written and the error.
    fn write_into(format: Format, left: usize) -> (usize, Result<(), OutputError>) {
        let opts = OutputOptions {
            path: PathBuf::from("-"),
            format,
            delimiter: None,
            bom: false,
            parquet_compression: ParquetCompression::default(),
        };
        let written = Arc::new(AtomicUsize::new(0));
        let pipe = ClosingPipe { left, written: written.clone() };
        // A small buffer, so that the pipe sees the encoders' writes nearly as they make them.
        let mut out = Output::to_writer(&opts, Box::new(pipe), 16);
        let result = (|| {
            out.write(&mut frame(300), None)?;
            out.write(&mut frame(200), None)?;
            out.finish(&mut frame(0))
        })();
        (written.load(Ordering::Relaxed), result)
    }

    #[test]
    fn a_pipe_closed_anywhere_is_a_broken_pipe_in_every_format() {
        for format in [Format::Parquet, Format::Ipc, Format::Ndjson, Format::Csv] {
            let (total, result) = write_into(format, usize::MAX);
            assert!(result.is_ok(), "{format:?}: {:?}", result.err());
            // Every cut in the last 400 bytes (Parquet's footer), and every 13th before.
            let cuts = (0..total.saturating_sub(400)).step_by(13).chain(total.saturating_sub(400)..total);
            for left in cuts {
                let (_, result) = write_into(format, left);
                let e = result.expect_err("the pipe closed before the end");
                assert_eq!(e.io_kind, Some(std::io::ErrorKind::BrokenPipe), "{format:?} cut at {left} of {total}: {e}");
            }
        }
    }
}
