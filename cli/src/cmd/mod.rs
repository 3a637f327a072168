//! One module per subcommand, each with its clap `Args` and a `run`.

pub mod cluster;
pub mod eval;

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
