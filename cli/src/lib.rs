//! The `namestd` command line as a library: file formats, batched readers and writers, the
//! per-row work over the core, the summary and the HTML report. The binary (`main.rs`) is
//! only argument parsing and exit codes; the core library does the standardizing.

pub mod batch;
pub mod cells;
pub mod cmd;
pub mod columns;
pub mod csv_out;
pub mod enrich;
pub mod format;
pub mod input;
pub mod output;
pub mod parquet_out;
pub mod progress;
pub mod report;
pub mod roles;
pub mod stats;
pub mod summary;
pub mod table;

/// A polars error in one sentence, without the backtrace hint polars appends.
pub fn polars_message(e: &polars::prelude::PolarsError) -> String {
    let s = e.to_string();
    let s = s.split("\n\nThis error occurred").next().unwrap_or(&s);
    s.lines().next().unwrap_or("").trim().to_string()
}
