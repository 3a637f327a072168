//! `namestd standardize`: the standardized columns for every row.

use crate::batch::{row_pass, TableArgs};
use crate::columns::STANDARDIZE_DEFAULT;
use anyhow::Result;

/// Options of `namestd standardize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input, output and columns.
    #[command(flatten)]
    pub table: TableArgs,
}

/// Runs `namestd standardize`.
pub fn run(args: &Args) -> Result<crate::batch::Finished> {
    let selection = args.table.selection(STANDARDIZE_DEFAULT)?;
    let finished = row_pass(&args.table, selection, None, None, "standardize")?;
    super::finish(&args.table, "standardize", &finished)?;
    Ok(finished)
}
