//! File formats and text encodings the batch tool reads and writes.

pub use namestd_readers::{decode, Encoding};
use std::path::Path;

/// A table file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values (`.csv`).
    Csv,
    /// Tab-separated values (`.tsv`, `.tab`).
    Tsv,
    /// Apache Parquet (`.parquet`, `.pq`).
    Parquet,
    /// Newline-delimited JSON objects (`.ndjson`, `.jsonl`).
    Ndjson,
    /// Arrow IPC file (`.arrow`, `.ipc`, `.feather`).
    Ipc,
}

impl Format {
    /// The format a file name's extension says, `None` when it says none we know
    /// (a trailing `.gz` is not decompressed and is not recognised).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "txt" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "parquet" | "pq" => Format::Parquet,
            "ndjson" | "jsonl" | "json" => Format::Ndjson,
            "arrow" | "ipc" | "feather" => Format::Ipc,
            _ => return None,
        })
    }

    /// The format to use: the flag, else the extension, else CSV (stdin, stdout and
    /// unknown extensions).
    pub fn choose(flag: Option<Format>, path: Option<&Path>) -> Format {
        flag.or_else(|| path.filter(|p| !is_stdio(p)).and_then(Format::from_path)).unwrap_or(Format::Csv)
    }

    /// Whether the format is delimited text.
    pub fn is_delimited(self) -> bool {
        matches!(self, Format::Csv | Format::Tsv)
    }

    /// The format's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Tsv => "TSV",
            Format::Parquet => "Parquet",
            Format::Ndjson => "NDJSON",
            Format::Ipc => "Arrow IPC",
        }
    }
}

/// Whether a path means stdin or stdout (`-`).
pub fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_flag_then_the_extension_then_csv() {
        assert_eq!(Format::choose(None, Some(Path::new("a/b.PARQUET"))), Format::Parquet);
        assert_eq!(Format::choose(None, Some(Path::new("b.jsonl"))), Format::Ndjson);
        assert_eq!(Format::choose(None, Some(Path::new("b.feather"))), Format::Ipc);
        assert_eq!(Format::choose(None, Some(Path::new("b.tsv"))), Format::Tsv);
        assert_eq!(Format::choose(Some(Format::Tsv), Some(Path::new("b.csv"))), Format::Tsv);
        assert_eq!(Format::choose(None, Some(Path::new("-"))), Format::Csv);
        assert_eq!(Format::choose(None, Some(Path::new("noext"))), Format::Csv);
    }
}
