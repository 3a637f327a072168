//! `namestd quality`: the quality score and issues of every row, and a table report.

use crate::batch::{row_pass, TableArgs};
use crate::columns::{OutColumn, QUALITY};
use anyhow::Result;

/// Options of `namestd quality`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input, output and columns.
    #[command(flatten)]
    pub table: TableArgs,
}

/// Runs `namestd quality`.
pub fn run(args: &Args) -> Result<crate::batch::Finished> {
    let mut default: Vec<OutColumn> = QUALITY.to_vec();
    default.push(OutColumn::QualitySuggestion);
    let selection = args.table.selection(&default)?;
    let finished = row_pass(&args.table, selection, None, None, "quality")?;
    super::finish(&args.table, "quality", &finished)?;
    Ok(finished)
}
