//! `namestd run`: the main job. Standardized columns, quality score and issues, and the
//! cluster of every row, in two passes over the input (the first collects the distinct
//! names and clusters them; the second writes the rows), plus the summary and the report.

use crate::batch::{row_pass, TableArgs};
use crate::columns::{OutColumn, CLUSTER, QUALITY, STANDARDIZE_DEFAULT};
use anyhow::Result;

/// Options of `namestd run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input, output and columns.
    #[command(flatten)]
    pub table: TableArgs,
    /// Clustering settings.
    #[command(flatten)]
    pub tuning: super::Tuning,
}

/// The columns `run` adds by default.
pub fn default_columns() -> Vec<OutColumn> {
    let mut cols = STANDARDIZE_DEFAULT.to_vec();
    cols.extend_from_slice(QUALITY);
    cols.extend_from_slice(CLUSTER);
    cols
}

/// Runs `namestd run`.
pub fn run(args: &Args) -> Result<crate::batch::Finished> {
    let started = std::time::Instant::now();
    let (table, _spool) = super::cluster::replayable(&args.table)?;
    let selection = table.selection(&default_columns())?;
    let clustered = if selection.needs_clusters() { Some(super::cluster::cluster_pass(&table, &args.tuning)?) } else { None };
    let mut finished = row_pass(&table, selection, clustered.as_ref().map(|c| c.map.clone()), None, "run")?;
    if let Some(c) = clustered {
        finished.clusters = Some(c.clusters);
        finished.cluster_sizes = c.sizes;
        finished.largest = c.largest;
    }
    finished.seconds = started.elapsed().as_secs_f64();
    super::finish(&table, "run", &finished)?;
    Ok(finished)
}
