//! Record readers for the `namestd` batch tool: delimited text (CSV, TSV) and
//! newline-delimited JSON, read a batch at a time into any column builder.
//!
//! Polars reads these formats too, but stops at the first damaged row. These readers keep
//! every row: a ragged row, invalid UTF-8, a NUL byte, a line that is not a JSON object
//! comes out (padded, replaced or left empty) with a [`RowProblem`] naming its line and
//! what was done. They hold no table themselves: the caller's [`ColumnSink`] receives the
//! cells (the batch tool's sink builds polars columns), so this crate has no polars
//! dependency and can be fuzzed on its own (`fuzz/fuzz_targets/cli_readers.rs`).
//!
//! ```
//! use namestd_readers::{DelimitedRecords, DelimitedOptions, ColumnSink};
//!
//! #[derive(Default)]
//! struct Rows(Vec<Vec<Option<String>>>, Vec<Option<String>>);
//! impl ColumnSink for Rows {
//!     fn push(&mut self, _column: usize, value: Option<&str>) {
//!         self.1.push(value.map(str::to_string));
//!     }
//!     fn end_row(&mut self) {
//!         self.0.push(std::mem::take(&mut self.1));
//!     }
//! }
//!
//! let text = "name,country\nACME GmbH,DE\nragged\n";
//! let mut reader = DelimitedRecords::open(text.as_bytes(), &DelimitedOptions::csv()).unwrap().unwrap();
//! assert_eq!(reader.columns(), ["name", "country"]);
//! let mut rows = Rows::default();
//! let batch = reader.read_batch(&mut rows).unwrap().unwrap();
//! assert_eq!(batch.rows, 2);
//! assert_eq!(rows.0[1], vec![Some("ragged".to_string()), None]);
//! assert_eq!((batch.problems[0].0, batch.problems[0].1.line, batch.problems[0].1.code), (1, 3, "ragged_row"));
//! ```

mod delimited;
mod encoding;
mod ndjson;
mod parallel;

pub use delimited::{DelimitedOptions, DelimitedRecords};
pub use encoding::{decode, Encoding};
pub use ndjson::NdjsonRecords;
pub use parallel::{count_line_breaks, ParallelDelimited, RecordEnds, MAX_PENDING};

use std::fmt;

/// Receives a batch's cells row by row: for every row, one [`push`](ColumnSink::push) per
/// column in column order, then [`end_row`](ColumnSink::end_row).
pub trait ColumnSink {
    /// Appends a value (`None`: null) to column `column` of the current row.
    fn push(&mut self, column: usize, value: Option<&str>);
    /// Ends the current row.
    fn end_row(&mut self);
}

/// What went wrong with one input row that was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Line of the file where the row starts (1 = the header line for delimited text; the
    /// row number, 1-based, for Parquet and Arrow IPC).
    pub line: u64,
    /// Stable code: `ragged_row`, `invalid_utf8`, `nul_byte`, `unreadable_row`,
    /// `name_too_long`, `invalid_json`, `not_an_object`, `unknown_field`.
    pub code: &'static str,
    /// What was found and what was done with the row.
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.code, self.message)
    }
}

/// What one batch held: its row count, the line of every row and the problems of the rows
/// that had some (by row index in the batch, in row order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchRows {
    /// Rows given to the sink.
    pub rows: usize,
    /// Line where every row starts.
    pub lines: Vec<u64>,
    /// Problems, by row index in this batch.
    pub problems: Vec<(usize, RowProblem)>,
}

/// An input that cannot be read on (damaged rows are [`RowProblem`]s instead).
#[derive(Debug)]
pub enum ReadError {
    /// The underlying reader failed.
    Io(std::io::Error),
    /// The input is not in the format: the reader's words, with the line where known.
    Malformed(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Malformed(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            ReadError::Malformed(_) => None,
        }
    }
}

/// Column names made usable: an empty name becomes `column_N` (1-based), a repeated name
/// gets `_2`, `_3`... (tables need distinct names).
pub fn unique_column_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, n) in names.into_iter().enumerate() {
        let base = if n.is_empty() { format!("column_{}", i + 1) } else { n };
        let mut name = base.clone();
        let mut k = 2;
        while out.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}

/// Values quoted and joined for a message, long ones cut.
pub fn quote_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| {
            let cut: String = v.chars().take(60).collect();
            if cut.len() < v.len() {
                format!("\"{cut}…\"")
            } else {
                format!("\"{cut}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sink for tests: cells as text (`~` for null), a row's cells joined by `,`.
#[cfg(test)]
pub(crate) mod test_sink {
    use crate::ColumnSink;

    #[derive(Default)]
    pub(crate) struct Cells(pub(crate) Vec<String>, Vec<String>);

    impl ColumnSink for Cells {
        fn push(&mut self, _column: usize, value: Option<&str>) {
            self.1.push(value.unwrap_or("~").to_string());
        }
        fn end_row(&mut self) {
            self.0.push(std::mem::take(&mut self.1).join(","));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_made_distinct_and_non_empty() {
        let names = vec!["a".to_string(), "".into(), "a".into(), "a".into()];
        assert_eq!(unique_column_names(names), vec!["a", "column_2", "a_2", "a_3"]);
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(100);
        assert_eq!(quote_list(&["a".into(), long]), format!("\"a\", \"{}…\"", "x".repeat(60)));
    }
}
