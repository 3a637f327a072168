//! One module per subcommand, each with its clap `Args` and a `run`.

pub mod cluster;
pub mod dict;
pub mod eval;
pub mod index;
pub mod quality;
pub mod run;
pub mod standardize;

use crate::batch::{report_problems, Finished, TableArgs};
use anyhow::{Context, Result};
use namestd::cluster::{ClusterOptions, Clusterer};

/// Clustering settings shared by the subcommands (defaults: the library's).
#[derive(Debug, Clone, clap::Args)]
pub struct Tuning {
    /// Minimum pair score for an edge [default: 0.8].
    #[arg(long)]
    pub edge_threshold: Option<f64>,
    /// Minimum linkage (average best score between two clusters' representatives) to merge them [default: 0.7].
    #[arg(long)]
    pub link_threshold: Option<f64>,
    /// Representatives per cluster in the linkage check [default: 6].
    #[arg(long)]
    pub sample: Option<usize>,
}

impl Tuning {
    /// The clusterer these settings describe.
    pub fn clusterer(&self) -> Clusterer {
        let mut opts = ClusterOptions::default();
        if let Some(x) = self.edge_threshold {
            opts.linkage.edge_threshold = x;
        }
        if let Some(x) = self.link_threshold {
            opts.linkage.link_threshold = x;
        }
        if let Some(x) = self.sample {
            opts.linkage.sample = x.max(1);
        }
        Clusterer::new(opts)
    }
}

/// After a table pass: the damaged rows on stderr, the summary, the report.
pub fn finish(args: &TableArgs, label: &str, finished: &Finished) -> Result<()> {
    report_problems(&finished.stats, args.quiet);
    let data = crate::summary::report_data(label, &args.input, finished);
    if !args.quiet {
        eprint!("{}", crate::summary::text(&data));
    }
    if let Some(path) = &args.report {
        let html = crate::report::render_html(&data);
        crate::output::write_atomically(path, html.as_bytes())
            .with_context(|| format!("cannot write the report {}", path.display()))?;
    }
    Ok(())
}
