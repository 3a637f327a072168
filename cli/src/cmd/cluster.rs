//! `namestd cluster`: the cluster of every row. Also the clustering pass of `run`.

use crate::batch::{open_input, row_pass, TableArgs};
use crate::columns::CLUSTER;
use crate::enrich::{ClusterFacts, ClusterMap};
use crate::format::is_stdio;
use crate::input::text_column;
use anyhow::{anyhow, Context, Result};
use namestd::ClusterInput;
use std::sync::Arc;

/// Options of `namestd cluster`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input, output and columns.
    #[command(flatten)]
    pub table: TableArgs,
    /// Clustering settings.
    #[command(flatten)]
    pub tuning: super::Tuning,
}

/// Runs `namestd cluster`.
pub fn run(args: &Args) -> Result<crate::batch::Finished> {
    let started = std::time::Instant::now();
    let (table, _spool) = replayable(&args.table)?;
    let selection = table.selection(CLUSTER)?;
    let c = cluster_pass(&table, &args.tuning)?;
    let mut finished = row_pass(&table, selection, Some(c.map.clone()), None, "cluster")?;
    finished.clusters = Some(c.clusters);
    finished.cluster_sizes = c.sizes;
    finished.largest = c.largest;
    finished.seconds = started.elapsed().as_secs_f64();
    super::finish(&table, "cluster", &finished)?;
    Ok(finished)
}

/// A temporary copy of stdin, removed when dropped.
pub struct Spool(std::path::PathBuf);

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The arguments with an input that can be read twice: stdin is copied to a temporary file.
pub fn replayable(args: &TableArgs) -> Result<(TableArgs, Option<Spool>)> {
    if !is_stdio(&args.input) {
        return Ok((args.clone(), None));
    }
    let path = std::env::temp_dir().join(format!("namestd-stdin-{}.spool", std::process::id()));
    let spool = Spool(path.clone());
    let mut file = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    std::io::copy(&mut std::io::stdin().lock(), &mut file).context("cannot read stdin")?;
    let mut table = args.clone();
    table.input = path;
    if table.from.is_none() {
        table.from = Some(crate::format::Format::Csv);
    }
    Ok((table, Some(spool)))
}

/// What the clustering pass gives the row pass and the summary.
pub struct Clustered {
    /// Cluster of every (name, country).
    pub map: Arc<ClusterMap>,
    /// Number of clusters.
    pub clusters: u64,
    /// (distinct names per cluster, clusters of that size), by size.
    pub sizes: Vec<(u64, u64)>,
    /// The largest clusters: id, canonical name, rows, variants with their rows.
    pub largest: Vec<crate::batch::LargeCluster>,
}

/// Reads the distinct (name, country) pairs with their row counts and clusters them.
pub fn cluster_pass(args: &TableArgs, tuning: &super::Tuning) -> Result<Clustered> {
    let (mut input, roles) = open_input(args)?;
    let mut counts: rustc_hash::FxHashMap<(Box<str>, Box<str>), u64> = Default::default();
    while let Some(batch) = input.next_batch().map_err(|e| anyhow!(e))? {
        let text = |i: usize| text_column(&batch.frame, i).map_err(|e| anyhow!(e));
        let names = text(roles.name)?;
        let countries = roles.country.map(text).transpose()?;
        let weights = roles.count.map(text).transpose()?;
        for row in 0..batch.frame.height() {
            let name = names.get(row).unwrap_or("");
            if name.len() > args.max_name_bytes {
                continue;
            }
            let country = countries.as_ref().and_then(|c| c.get(row)).unwrap_or("").trim();
            let weight = weights
                .as_ref()
                .and_then(|w| w.get(row))
                .and_then(|w| w.trim().parse::<f64>().ok())
                .filter(|w| w.is_finite() && *w >= 0.0)
                .map_or(1, |w| w.round() as u64);
            *counts.entry((name.into(), country.into())).or_default() += weight;
        }
    }
    let mut keys: Vec<(Box<str>, Box<str>)> = counts.keys().cloned().collect();
    keys.sort();
    let inputs: Vec<ClusterInput> = keys
        .iter()
        .map(|(n, c)| {
            let mut i = ClusterInput::new(n.as_ref()).count(counts[&(n.clone(), c.clone())]);
            if !c.is_empty() {
                i = i.country(c.as_ref());
            }
            i
        })
        .collect();
    let clustering = tuning.clusterer().cluster(&inputs);
    let facts: Vec<ClusterFacts> = clustering
        .clusters
        .iter()
        .map(|c| ClusterFacts { id: c.id.as_str().into(), name: c.name.as_str().into(), size: c.members.len() as u32 })
        .collect();
    let mut map = ClusterMap::with_capacity_and_hasher(keys.len(), Default::default());
    for (i, key) in keys.into_iter().enumerate() {
        let ci = clustering.cluster_index_of_entry(clustering.entry_of_input(i));
        map.insert(key, facts[ci].clone());
    }
    let mut by_size: std::collections::BTreeMap<u64, u64> = Default::default();
    for c in &clustering.clusters {
        *by_size.entry(c.members.len() as u64).or_default() += 1;
    }
    let mut order: Vec<usize> = (0..clustering.clusters.len()).collect();
    order.sort_by(|&a, &b| {
        let (ca, cb) = (&clustering.clusters[a], &clustering.clusters[b]);
        cb.members.len().cmp(&ca.members.len()).then(cb.mentions.cmp(&ca.mentions)).then(ca.id.cmp(&cb.id))
    });
    let largest = order
        .into_iter()
        .take(20)
        .filter(|&i| clustering.clusters[i].members.len() > 1)
        .map(|i| {
            let c = &clustering.clusters[i];
            let mut variants: Vec<(String, u64)> =
                c.members.iter().map(|&m| (clustering.entry_name(m).to_string(), clustering.entry_count(m))).collect();
            variants.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            crate::batch::LargeCluster { id: c.id.clone(), name: c.name.clone(), rows: c.mentions, variants }
        })
        .collect();
    Ok(Clustered {
        map: Arc::new(map),
        clusters: clustering.clusters.len() as u64,
        sizes: by_size.into_iter().collect(),
        largest,
    })
}
