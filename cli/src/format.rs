//! File formats and text encodings the batch tool reads and writes.

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

/// The text encoding of a delimited or NDJSON input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark; invalid bytes are replaced (U+FFFD) and the
    /// row is reported.
    #[default]
    Utf8,
    /// ISO-8859-1: every byte is the code point of the same number.
    Latin1,
    /// Windows-1252: Latin-1 with printable characters (`€`, `‚`, `Œ`, `“`...) in 0x80–0x9F.
    Cp1252,
}

/// Windows-1252's characters for bytes 0x80–0x9F (undefined bytes map to the C1 control of
/// the same number, as the WHATWG encoding standard does).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// A field decoded to text, and whether its bytes were not valid in the encoding.
pub fn decode(bytes: &[u8], encoding: Encoding) -> (std::borrow::Cow<'_, str>, bool) {
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), false),
            Err(_) => (String::from_utf8_lossy(bytes), true),
        },
        Encoding::Latin1 | Encoding::Cp1252 => {
            if bytes.is_ascii() {
                // SAFETY-free fast path: ASCII is UTF-8.
                return (std::borrow::Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default()), false);
            }
            let s = bytes
                .iter()
                .map(|&b| match (encoding, b) {
                    (Encoding::Cp1252, 0x80..=0x9F) => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect();
            (std::borrow::Cow::Owned(s), false)
        }
    }
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

    #[test]
    fn single_byte_encodings_decode_every_byte() {
        assert_eq!(decode(b"M\xfcller", Encoding::Latin1).0, "Müller");
        assert_eq!(decode(b"\x80 \x93x\x94", Encoding::Cp1252).0, "€ “x”");
        assert_eq!(decode(b"\x80", Encoding::Latin1).0, "\u{80}");
        let (s, bad) = decode(b"M\xfcller", Encoding::Utf8);
        assert!(bad);
        assert_eq!(s, "M\u{FFFD}ller");
        assert!(!decode("Müller".as_bytes(), Encoding::Utf8).1);
    }
}
