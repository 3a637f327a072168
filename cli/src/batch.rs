//! The row pass shared by `standardize`, `quality`, `cluster` and `run`: read a batch,
//! enrich it, write it, with the reader, the work and the writer on their own threads so
//! that they overlap; a progress line on a terminal; nothing dropped.

use crate::columns::{OutColumn, Selection};
use crate::enrich::{Cache, ClusterMap, Enricher, EntryCounts};
use crate::format::{Encoding, Format};
use crate::input::{self, InputError, InputOptions};
use crate::output::{Output, OutputOptions};
use crate::parquet_out::{ParquetCompression, RecordRows};
use crate::progress::Progress;
use crate::roles::{RoleFlags, Roles};
use crate::stats::Stats;
use anyhow::{anyhow, Result};
use namestd::{QualityChecker, Standardizer};
use polars::prelude::DataFrame;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// What to do with a damaged input row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OnError {
    /// Keep the row, say what was wrong in `input_problem` and on stderr.
    #[default]
    Keep,
    /// Stop at the first damaged row (exit code 1), writing nothing.
    Stop,
}

/// When the run exits with code 1 although it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FailOn {
    /// Never.
    #[default]
    Never,
    /// Any row with an input problem.
    Input,
    /// Any row with a quality issue of severity error (or an input problem).
    Error,
    /// Any row with a quality issue of severity warning or error (or an input problem).
    Warning,
}

/// Input, output and row-handling flags shared by the table subcommands.
#[derive(Debug, Clone, clap::Args)]
pub struct TableArgs {
    /// Input table: .csv, .tsv, .parquet, .ndjson/.jsonl or .arrow/.ipc; `-` for stdin.
    pub input: PathBuf,
    /// Output table (format by extension); `-` or absent: stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Input format, when the extension does not say it.
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// Output format, when the extension does not say it [default: CSV on stdout].
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<Format>,
    /// Field delimiter of delimited text, in and out (one ASCII character; `\t` for tab).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Quote character of delimited input.
    #[arg(long, value_name = "CHAR", default_value = "\"")]
    pub quote: String,
    /// Text encoding of delimited and NDJSON input.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// Write a UTF-8 byte-order mark at the start of CSV/TSV output.
    #[arg(long)]
    pub bom: bool,
    /// Compression of Parquet output: `zstd` (level 1), `zstd:LEVEL` (1-22; higher is
    /// smaller and slower), `snappy`, `lz4` or `none`.
    #[arg(long, value_name = "CODEC", default_value = "zstd")]
    pub parquet_compression: ParquetCompression,
    /// Input columns.
    #[command(flatten)]
    pub roles: RoleFlags,
    /// Columns to add: `default`, `all`, `quality`, `cluster`, or a comma list of names
    /// (see the README's column table) [default: the subcommand's].
    #[arg(long, value_name = "LIST")]
    pub columns: Option<String>,
    /// Prefix for the added columns' names (when they clash with the input's).
    #[arg(long, default_value = "")]
    pub prefix: String,
    /// What to do with a damaged row.
    #[arg(long, value_enum, default_value_t = OnError::Keep)]
    pub on_error: OnError,
    /// Exit with code 1 when rows are flagged at this level (the output is still written).
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// Longest name standardized, in bytes; longer names are kept and reported, not standardized.
    #[arg(long, default_value_t = 4096)]
    pub max_name_bytes: usize,
    /// Rows per batch (memory per batch grows with it). By default 65,536, and 262,144 when
    /// writing Parquet: each batch is one row group, and larger row groups encode faster
    /// (fewer dictionaries and pages).
    #[arg(long)]
    pub batch_rows: Option<usize>,
    /// Distinct records whose results are kept for reuse (bounds the cache's memory).
    #[arg(long, default_value_t = 1_000_000)]
    pub cache_names: usize,
    /// Write an HTML report of the table here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// No progress line and no summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Rows per batch by default.
pub const BATCH_ROWS: usize = 65_536;
/// Rows per batch by default when writing Parquet (one row group per batch): 10^7 rows
/// Parquet to Parquet took 15.2–17.2 s at this size against 20.1–21.4 s at [`BATCH_ROWS`]
/// (alternating runs, 2026-11-21), with peak memory 900 MB against 670 MB; delimited
/// output gains nothing from larger batches.
pub const PARQUET_BATCH_ROWS: usize = 262_144;

fn one_byte(flag: &str, s: &str) -> Result<u8> {
    let s = if s == "\\t" || s == "tab" { "\t" } else { s };
    match s.as_bytes() {
        [b] if b.is_ascii() => Ok(*b),
        _ => Err(anyhow!("--{flag} must be one ASCII character, not `{s}`")),
    }
}

impl TableArgs {
    /// How to read the input.
    pub fn input_options(&self) -> Result<InputOptions> {
        Ok(InputOptions {
            path: self.input.clone(),
            format: Format::choose(self.from, Some(&self.input)),
            delimiter: self.delimiter.as_deref().map(|d| one_byte("delimiter", d)).transpose()?,
            quote: one_byte("quote", &self.quote)?,
            encoding: self.encoding,
            batch_rows: self.batch_rows(),
        })
    }

    /// Rows per batch: `--batch-rows`, or the default for the output format.
    pub fn batch_rows(&self) -> usize {
        match self.batch_rows {
            Some(n) => n.max(1),
            None if self.output_format() == Format::Parquet => PARQUET_BATCH_ROWS,
            None => BATCH_ROWS,
        }
    }

    /// The output path, `-` (stdout) when absent.
    fn output_path(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| PathBuf::from("-"))
    }

    /// The output format: `--to`, or the output's extension.
    fn output_format(&self) -> Format {
        Format::choose(self.to, Some(&self.output_path()))
    }

    /// How to write the output.
    pub fn output_options(&self) -> Result<OutputOptions> {
        Ok(OutputOptions {
            format: self.output_format(),
            path: self.output_path(),
            delimiter: self.delimiter.as_deref().map(|d| one_byte("delimiter", d)).transpose()?,
            bom: self.bom,
            parquet_compression: self.parquet_compression,
        })
    }

    /// The selected columns.
    pub fn selection(&self, default: &[OutColumn]) -> Result<Selection> {
        let cols = match &self.columns {
            Some(list) => Selection::parse_list(list, default).map_err(|e| anyhow!(e))?,
            None => default.to_vec(),
        };
        Ok(Selection::new(cols, &self.prefix))
    }
}

/// A finished run: its figures and whether rows were flagged under `--fail-on`.
#[derive(Debug)]
pub struct Finished {
    /// Figures.
    pub stats: Stats,
    /// Wall time.
    pub seconds: f64,
    /// Cluster count, when clustering ran.
    pub clusters: Option<u64>,
    /// Cluster sizes (distinct names per cluster) and how many clusters have each.
    pub cluster_sizes: Vec<(u64, u64)>,
    /// The largest clusters, when clustering ran.
    pub largest: Vec<LargeCluster>,
    /// Why the exit code is 1, when it is.
    pub flagged: Option<String>,
}

/// One of the largest clusters, for the report.
#[derive(Debug, Clone)]
pub struct LargeCluster {
    /// Cluster id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Rows (mentions) in the cluster.
    pub rows: u64,
    /// Its names with their rows, most first.
    pub variants: Vec<(String, u64)>,
}

/// A run stopped because of a row (`--on-error stop`): exit code 1.
#[derive(Debug)]
pub struct Rejected(pub String);

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row rejected: {}", self.0)
    }
}

impl std::error::Error for Rejected {}

fn input_error(e: InputError) -> anyhow::Error {
    match e {
        InputError::Row(p) => anyhow::Error::new(Rejected(p.to_string())),
        other => anyhow::Error::new(other),
    }
}

/// Opens the input and finds its role columns.
pub fn open_input(args: &TableArgs) -> Result<(Box<dyn input::Input>, Roles)> {
    let opts = args.input_options()?;
    let input = input::open(&opts).map_err(input_error)?;
    let roles = args.roles.resolve(input.columns()).map_err(|e| anyhow!(e))?;
    Ok((input, roles))
}

/// The row pass: every row read, enriched with the selection and written.
pub fn row_pass(
    args: &TableArgs,
    selection: Selection,
    clusters: Option<Arc<ClusterMap>>,
    quality: Option<QualityChecker>,
    label: &str,
) -> Result<Finished> {
    let started = Instant::now();
    let (mut input, roles) = open_input(args)?;
    selection.check_collisions(input.columns()).map_err(|e| anyhow!(e))?;
    let columns: Vec<String> = input.columns().to_vec();
    let quality = if selection.needs_quality() { Some(quality.unwrap_or_default()) } else { None };
    let standardizer = quality.as_ref().map(|q| q.standardizer().clone()).unwrap_or_else(Standardizer::default);
    let out_opts = args.output_options()?;
    let enricher = Enricher {
        // The delimited writer formats each distinct record's values once.
        text_by_record: matches!(out_opts.format, Format::Csv | Format::Tsv),
        selection,
        roles,
        standardizer,
        quality,
        clusters,
        max_name_bytes: args.max_name_bytes,
        cache_capacity: args.cache_names,
    };
    let mut output = Output::create(&out_opts)?;
    let mut progress = Progress::new(label, args.quiet);
    let on_error = args.on_error;

    let (batch_tx, batch_rx) = std::sync::mpsc::sync_channel::<Result<input::Batch, InputError>>(2);
    let (frame_tx, frame_rx) = std::sync::mpsc::sync_channel::<(DataFrame, RecordRows)>(2);
    let progress_of_input = Arc::new(std::sync::Mutex::new(None::<f64>));
    let reader_progress = progress_of_input.clone();
    let result: Result<(Stats, Output)> = std::thread::scope(|scope| {
        scope.spawn(move || loop {
            let next = input.next_batch();
            *reader_progress.lock().unwrap_or_else(|p| p.into_inner()) = input.progress();
            match next {
                Ok(Some(b)) => {
                    if batch_tx.send(Ok(b)).is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(e) => {
                    let _ = batch_tx.send(Err(e));
                    return;
                }
            }
        });
        let writer = scope.spawn(move || -> Result<Output> {
            for (mut frame, records) in frame_rx {
                output.write(&mut frame, Some(&records))?;
            }
            Ok(output)
        });
        // The summary's counts of each batch's entries, on their own thread (serial work on
        // large maps that would otherwise hold up the next batch).
        let (counts_tx, counts_rx) = std::sync::mpsc::sync_channel::<EntryCounts>(2);
        let counter = scope.spawn(move || {
            let mut counted = Stats::default();
            for counts in counts_rx {
                counts.add_to(&mut counted);
            }
            counted
        });
        let mut stats = Stats::default();
        let mut rows_done = 0u64;
        let mut cache = Cache::new(enricher.selection.text_columns().count());
        let mut failure: Option<anyhow::Error> = None;
        for batch in batch_rx {
            let batch = match batch {
                Ok(b) => b,
                Err(e) => {
                    failure = Some(input_error(e));
                    break;
                }
            };
            if on_error == OnError::Stop {
                if let Some((_, p)) = batch.problems.first() {
                    failure = Some(anyhow::Error::new(Rejected(p.to_string())));
                    break;
                }
            }
            let before = stats.problem_rows;
            let (frame, counts, records) = match enricher.enrich(batch, &mut cache, &mut stats) {
                Ok(f) => f,
                Err(e) => {
                    failure = Some(anyhow!(e));
                    break;
                }
            };
            if on_error == OnError::Stop && stats.problem_rows > before {
                let p = stats.problems.last().map(|p| p.to_string()).unwrap_or_default();
                failure = Some(anyhow::Error::new(Rejected(p)));
                break;
            }
            rows_done += counts.rows();
            if counts_tx.send(counts).is_err() {
                break;
            }
            progress.update(rows_done, *progress_of_input.lock().unwrap_or_else(|p| p.into_inner()));
            if frame_tx.send((frame, records)).is_err() {
                break;
            }
        }
        drop(frame_tx);
        drop(counts_tx);
        let counted = counter.join().map_err(|_| anyhow!("the summary thread failed"))?;
        stats.add_counts(counted);
        let written = writer.join().map_err(|_| anyhow!("the writer thread failed"))?;
        if let Some(f) = failure {
            // The output is dropped unfinished: its temporary file is removed.
            drop(written);
            return Err(f);
        }
        Ok((stats, written?))
    });
    let (stats, output) = result?;
    progress.finish();
    if output.rows() != stats.rows {
        return Err(anyhow!("internal error: {} rows read but {} written", stats.rows, output.rows()));
    }
    let mut empty = empty_frame(&columns, &enricher.selection);
    output.finish(&mut empty)?;
    Ok(Finished {
        flagged: flagged(args.fail_on, &stats),
        stats,
        seconds: started.elapsed().as_secs_f64(),
        clusters: None,
        cluster_sizes: Vec::new(),
        largest: Vec::new(),
    })
}

/// The output's columns with no rows (a header-only input).
fn empty_frame(columns: &[String], selection: &Selection) -> DataFrame {
    use polars::prelude::{Column, DataType};
    let mut cols: Vec<Column> =
        columns.iter().map(|c| Column::new_empty(c.as_str().into(), &DataType::String)).collect();
    for c in selection.columns() {
        let dtype = if *c == OutColumn::QualityScore { DataType::UInt8 } else { DataType::String };
        cols.push(Column::new_empty(selection.output_name(*c).into(), &dtype));
    }
    DataFrame::new(0, cols).expect("distinct names")
}

fn flagged(fail_on: FailOn, stats: &Stats) -> Option<String> {
    let input = (stats.problem_rows > 0).then(|| format!("{} rows with input problems", stats.problem_rows));
    let severity_rows = |levels: &[&str]| -> u64 {
        stats.issues.values().filter(|(sev, _)| levels.contains(sev)).map(|(_, n)| *n).max().unwrap_or(0)
    };
    match fail_on {
        FailOn::Never => None,
        FailOn::Input => input,
        FailOn::Error => input.or_else(|| {
            let n = severity_rows(&["error"]);
            (n > 0).then(|| format!("rows with quality errors (at least {n})"))
        }),
        FailOn::Warning => input.or_else(|| {
            let n = severity_rows(&["error", "warning"]);
            (n > 0).then(|| format!("rows with quality warnings or errors (at least {n})"))
        }),
    }
}

/// Prints where the damaged rows are (the first few) on stderr.
pub fn report_problems(stats: &Stats, quiet: bool) {
    if stats.problem_rows == 0 {
        return;
    }
    let shown = if quiet { 3 } else { 20 };
    for p in stats.problems.iter().take(shown) {
        eprintln!("namestd: {p}");
    }
    if stats.problem_rows as usize > shown.min(stats.problems.len()) {
        let by_code: Vec<String> = stats.problems_by_code.iter().map(|(c, n)| format!("{c} {n}")).collect();
        eprintln!(
            "namestd: {} rows with input problems in all ({}); each is kept and says what in the `input_problem` column",
            stats.problem_rows,
            by_code.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        table: TableArgs,
    }

    fn batch_rows(args: &[&str]) -> usize {
        let cli = Cli::try_parse_from(std::iter::once("namestd").chain(args.iter().copied())).expect("valid flags");
        cli.table.batch_rows()
    }

    #[test]
    fn parquet_output_gets_larger_batches_unless_told() {
        assert_eq!(batch_rows(&["in.csv", "-o", "out.csv"]), BATCH_ROWS);
        assert_eq!(batch_rows(&["in.parquet"]), BATCH_ROWS);
        assert_eq!(batch_rows(&["in.csv", "-o", "out.parquet"]), PARQUET_BATCH_ROWS);
        assert_eq!(batch_rows(&["in.csv", "--to", "parquet"]), PARQUET_BATCH_ROWS);
        assert_eq!(batch_rows(&["in.csv", "-o", "out.parquet", "--batch-rows", "1000"]), 1000);
        assert_eq!(batch_rows(&["in.csv", "--batch-rows", "0"]), 1);
    }
}
