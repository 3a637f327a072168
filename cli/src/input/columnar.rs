//! Parquet and Arrow IPC, read by polars a slice (Parquet) or a record batch (IPC) at a
//! time. Row "lines" are 1-based row numbers.

use super::{Batch, Input, InputError, InputOptions};
use crate::format::{is_stdio, Format};
use polars::prelude::{DataFrame, FileMetadataRef, ParquetReader, PolarsError, SerReader};
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the bytes are: a file re-opened per slice, or stdin read whole (columnar formats
/// need to seek).
#[derive(Clone)]
enum Bytes {
    File(PathBuf),
    Memory(Arc<[u8]>),
}

fn load(opts: &InputOptions) -> Result<Bytes, InputError> {
    if is_stdio(&opts.path) {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| InputError::Io { path: opts.path.clone(), source })?;
        if buf.is_empty() {
            return Err(InputError::Empty { path: opts.path.clone() });
        }
        Ok(Bytes::Memory(buf.into()))
    } else {
        let meta =
            std::fs::metadata(&opts.path).map_err(|source| InputError::Io { path: opts.path.clone(), source })?;
        if meta.len() == 0 {
            return Err(InputError::Empty { path: opts.path.clone() });
        }
        Ok(Bytes::File(opts.path.clone()))
    }
}

fn malformed(opts: &InputOptions, format: Format, e: PolarsError) -> InputError {
    if let PolarsError::IO { error, .. } = &e {
        return InputError::Io { path: opts.path.clone(), source: std::io::Error::new(error.kind(), error.to_string()) };
    }
    InputError::Malformed { path: opts.path.clone(), format, reason: crate::polars_message(&e) }
}

/// A Parquet input.
pub struct ParquetInput {
    bytes: Bytes,
    metadata: FileMetadataRef,
    columns: Vec<String>,
    rows: usize,
    offset: usize,
    batch_rows: usize,
    opts: InputOptions,
}

impl ParquetInput {
    /// Opens the file and reads its metadata.
    pub fn open(opts: &InputOptions) -> Result<ParquetInput, InputError> {
        let bytes = load(opts)?;
        let (metadata, columns, rows) = match &bytes {
            Bytes::File(p) => {
                let f = std::fs::File::open(p).map_err(|source| InputError::Io { path: p.clone(), source })?;
                describe(ParquetReader::new(f)).map_err(|e| malformed(opts, Format::Parquet, e))?
            }
            Bytes::Memory(m) => {
                describe(ParquetReader::new(Cursor::new(m.clone()))).map_err(|e| malformed(opts, Format::Parquet, e))?
            }
        };
        Ok(ParquetInput { bytes, metadata, columns, rows, offset: 0, batch_rows: opts.batch_rows.max(1), opts: opts.clone() })
    }
}

fn describe<R: polars::io::mmap::MmapBytesReader>(
    mut r: ParquetReader<R>,
) -> Result<(FileMetadataRef, Vec<String>, usize), PolarsError> {
    let schema = r.schema()?;
    let columns = schema.iter_names().map(|n| n.to_string()).collect();
    let rows = r.num_rows()?;
    Ok((r.get_metadata()?.clone(), columns, rows))
}

impl Input for ParquetInput {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn progress(&self) -> Option<f64> {
        (self.rows > 0).then(|| self.offset as f64 / self.rows as f64)
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, InputError> {
        if self.offset >= self.rows {
            return Ok(None);
        }
        let len = self.batch_rows.min(self.rows - self.offset);
        let slice = Some((self.offset, len));
        let frame = match &self.bytes {
            Bytes::File(p) => {
                let f = std::fs::File::open(p).map_err(|source| InputError::Io { path: p.clone(), source })?;
                let mut r = ParquetReader::new(f).with_slice(slice);
                r.set_metadata(self.metadata.clone());
                r.finish()
            }
            Bytes::Memory(m) => {
                let mut r = ParquetReader::new(Cursor::new(m.clone())).with_slice(slice);
                r.set_metadata(self.metadata.clone());
                r.finish()
            }
        }
        .map_err(|e| malformed(&self.opts, Format::Parquet, e))?;
        let first = self.offset as u64 + 1;
        self.offset += len;
        let lines = (first..first + frame.height() as u64).collect();
        Ok(Some(Batch { frame, lines, problems: Vec::new() }))
    }
}

type IpcReader = polars_arrow::io::ipc::read::FileReader<Box<dyn ReadSeek>>;

/// Read + Seek + Send, for a boxed IPC source.
pub trait ReadSeek: std::io::Read + std::io::Seek + Send {}
impl<T: std::io::Read + std::io::Seek + Send> ReadSeek for T {}

/// An Arrow IPC file input.
pub struct IpcInput {
    reader: IpcReader,
    columns: Vec<String>,
    blocks: usize,
    block: usize,
    row: u64,
    opts: InputOptions,
}

impl IpcInput {
    /// Opens the file and reads its footer.
    pub fn open(opts: &InputOptions) -> Result<IpcInput, InputError> {
        let mut source: Box<dyn ReadSeek> = match load(opts)? {
            Bytes::File(p) => Box::new(std::io::BufReader::new(
                std::fs::File::open(&p).map_err(|source| InputError::Io { path: p.clone(), source })?,
            )),
            Bytes::Memory(m) => Box::new(Cursor::new(m)),
        };
        let metadata = polars_arrow::io::ipc::read::read_file_metadata(&mut source)
            .map_err(|e| malformed(opts, Format::Ipc, e))?;
        let columns = metadata.schema.iter_names().map(|n| n.to_string()).collect();
        let blocks = metadata.blocks.len();
        let reader = polars_arrow::io::ipc::read::FileReader::new(source, metadata, None, None);
        Ok(IpcInput { reader, columns, blocks, block: 0, row: 0, opts: opts.clone() })
    }
}

impl Input for IpcInput {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn progress(&self) -> Option<f64> {
        (self.blocks > 0).then(|| self.block as f64 / self.blocks as f64)
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, InputError> {
        let Some(rb) = self.reader.next() else { return Ok(None) };
        let rb = rb.map_err(|e| malformed(&self.opts, Format::Ipc, e))?;
        self.block += 1;
        let frame = DataFrame::from(rb);
        let first = self.row + 1;
        self.row += frame.height() as u64;
        let lines = (first..=self.row).collect();
        Ok(Some(Batch { frame, lines, problems: Vec::new() }))
    }
}
