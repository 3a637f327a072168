//! Clustering name variants into applicants.
//!
//! ```
//! use namestd::cluster::{ClusterInput, Clusterer};
//!
//! let names = [
//!     "Motorola, Inc.", "MOTOROLA INC", "Motorla Inc.", "Motorola Inc",
//!     "Bank of the West", "Bank of the East",
//!     "11447 Second Street LLC", "11449 Second Street LLC",
//! ];
//! let inputs: Vec<ClusterInput> = names.iter().map(|n| ClusterInput::new(*n)).collect();
//! let clustering = Clusterer::default().cluster(&inputs);
//! let id = |i: usize| clustering.cluster_of_input(i).id.clone();
//! assert_eq!(id(0), id(1));
//! assert_eq!(id(0), id(2));
//! assert_ne!(id(4), id(5));
//! assert_ne!(id(6), id(7));
//! ```
//!
//! How it works, in order:
//!
//! 1. **Distinct names** (name and country) are standardized once each, in parallel
//!    ([`corpus`]); their comparison tokens are interned and weighted by rarity (IDF over
//!    the corpus being clustered).
//! 2. **Candidates** come from blocking on rare tokens, their one-edit neighbours and
//!    acronym keys, with capped, reported block sizes ([`blocking`]): never all pairs.
//! 3. Each candidate pair is **scored** with an explainable [`Similarity`]
//!    ([`similarity`]); pairs at or above the edge threshold become edges.
//! 4. Edges are **merged** greedily in descending score order, each merge checked by a
//!    linkage between the two clusters' representatives (average of best matches), with
//!    a hard veto on numbers ([`linkage`]): no chaining.
//! 5. Each cluster gets a **canonical name** and an **id** derived from content (see
//!    [`Cluster`]).
//!
//! Determinism: every index is a content rank, every sort breaks ties by content, and
//! components are merged independently; the output is the same whatever the input order
//! and the thread count.

pub mod blocking;
pub mod corpus;
mod fxhash;
pub mod linkage;
pub mod metrics;
pub mod similarity;
pub mod tokens;

pub use blocking::{BlockingOptions, BlockingStats};
pub use linkage::{LinkageOptions, Merge};
pub use metrics::{BCubed, Evaluation, FalseMerge, MissedMerge, Pairwise};
pub use similarity::{compare, Similarity, Veto};

use crate::pipeline::Standardizer;
use corpus::Corpus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// One record to cluster: a name, how often it was seen, and its country if known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterInput {
    /// The raw name.
    pub name: String,
    /// Mentions (applications, rows...) of this name; counts of 0 are taken as 1.
    pub count: u64,
    /// ISO 3166-1 alpha-2 country, if known.
    pub country: Option<String>,
}

impl ClusterInput {
    /// A name seen once, no country.
    pub fn new(name: impl Into<String>) -> Self {
        ClusterInput { name: name.into(), count: 1, country: None }
    }

    /// Sets the mention count.
    pub fn count(mut self, count: u64) -> Self {
        self.count = count;
        self
    }

    /// Sets the country.
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }
}

/// All settings of the clusterer.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterOptions {
    /// Candidate generation.
    pub blocking: BlockingOptions,
    /// Merging.
    pub linkage: LinkageOptions,
}

/// One cluster of names.
///
/// The **canonical name** is the member with, in order: the most mentions; a well-formed
/// spelling (cleaning moved nothing aside and repaired nothing); mixed case rather than all
/// capitals; the first in content order (comparison key, then name).
///
/// The **id** is `c` and 16 hex digits of the FNV-1a 64 hash of the canonical member's
/// comparison key, legal form and country, so a cluster that persists in updated data
/// keeps its id while its canonical member stays. Clusters whose canonical members share
/// key, form and country (kept apart by a veto) get `-2`, `-3`... in content order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    /// Stable id.
    pub id: String,
    /// The canonical name.
    pub name: String,
    /// Entry index of the canonical member.
    pub canonical: u32,
    /// Entry indexes of the members, in content order.
    pub members: Vec<u32>,
    /// Total mentions of the members.
    pub mentions: u64,
}

/// What the clustering did, in numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStats {
    /// Input records.
    pub records: usize,
    /// Distinct (name, country) pairs.
    pub distinct_names: usize,
    /// Distinct tokens.
    pub vocabulary: usize,
    /// Candidate generation.
    pub blocking: BlockingStats,
    /// Pairs scored at or above the edge threshold.
    pub edges: usize,
    /// Merges done.
    pub merges: usize,
    /// Edges refused by the linkage check.
    pub refused_merges: usize,
    /// Clusters.
    pub clusters: usize,
    /// Wall time of each phase (the only part of the result that varies between runs).
    pub seconds: PhaseSeconds,
}

/// Wall time of the clustering phases, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhaseSeconds {
    /// Distinct names standardized, tokens interned, fuzzy neighbours found.
    pub standardize: f64,
    /// Candidate generation.
    pub blocking: f64,
    /// Candidate pairs scored.
    pub scoring: f64,
    /// Edges merged into clusters.
    pub merging: f64,
    /// Everything, canonical names and ids included.
    pub total: f64,
}

/// The clusterer: options and the standardizer to use.
#[derive(Debug, Clone, Default)]
pub struct Clusterer {
    std: Standardizer,
    opts: ClusterOptions,
}

impl Clusterer {
    /// A clusterer with these options and the default standardizer.
    pub fn new(opts: ClusterOptions) -> Self {
        Clusterer { std: Standardizer::default(), opts }
    }

    /// Uses this standardizer. By default, [`Standardizer::default`].
    pub fn standardizer(&mut self, std: Standardizer) -> &mut Self {
        self.std = std;
        self
    }

    /// The options in use.
    pub fn options(&self) -> &ClusterOptions {
        &self.opts
    }

    /// Clusters the records (on the current rayon pool).
    pub fn cluster(&self, inputs: &[ClusterInput]) -> Clustering {
        let t0 = std::time::Instant::now();
        let corpus = corpus::build(&self.std, inputs);
        let t_corpus = t0.elapsed().as_secs_f64();
        let (pairs, bstats) = blocking::candidates(&corpus, &self.opts.blocking);
        let t_blocking = t0.elapsed().as_secs_f64();
        let threshold = self.opts.linkage.edge_threshold;
        let edges: Vec<(f64, u32, u32)> = pairs
            .par_iter()
            .filter_map(|&(i, j)| {
                let q = similarity::quick(&corpus, i, j);
                (!q.veto && q.score >= threshold).then_some((q.score, i, j))
            })
            .collect();
        drop(pairs);
        let n_edges = edges.len();
        let t_scoring = t0.elapsed().as_secs_f64();
        let merged = linkage::merge(&corpus, edges, &self.opts.linkage);
        let t_merging = t0.elapsed().as_secs_f64();
        let clusters = build_clusters(&corpus, &merged.label);
        let mut entry_cluster = vec![0u32; corpus.entries.len()];
        for (c, cl) in clusters.iter().enumerate() {
            for &m in &cl.members {
                entry_cluster[m as usize] = c as u32;
            }
        }
        let stats = ClusterStats {
            records: inputs.len(),
            distinct_names: corpus.entries.len(),
            vocabulary: corpus.vocab.len(),
            blocking: bstats,
            edges: n_edges,
            merges: merged.merges.len(),
            refused_merges: merged.refused,
            clusters: clusters.len(),
            seconds: PhaseSeconds {
                standardize: t_corpus,
                blocking: t_blocking - t_corpus,
                scoring: t_scoring - t_blocking,
                merging: t_merging - t_scoring,
                total: t0.elapsed().as_secs_f64(),
            },
        };
        Clustering { corpus, clusters, entry_cluster, merges: merged.merges, stats }
    }
}

/// FNV-1a, 64 bits: small, stable across versions and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn canonical_order(corpus: &Corpus, a: u32, b: u32) -> std::cmp::Ordering {
    let (x, y) = (&corpus.entries[a as usize], &corpus.entries[b as usize]);
    y.count.cmp(&x.count).then(y.well_formed.cmp(&x.well_formed)).then(y.mixed_case.cmp(&x.mixed_case)).then(a.cmp(&b))
}

fn build_clusters(corpus: &Corpus, label: &[u32]) -> Vec<Cluster> {
    let n = label.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (e, &l) in label.iter().enumerate() {
        members[l as usize].push(e as u32);
    }
    let mut clusters: Vec<Cluster> = members
        .into_par_iter()
        .filter(|m| !m.is_empty())
        .map(|m| {
            let canonical = m.iter().copied().min_by(|&a, &b| canonical_order(corpus, a, b)).unwrap_or(m[0]);
            let e = &corpus.entries[canonical as usize];
            let form = e.legal.as_ref().map(|l| &*l.canonical).unwrap_or("");
            let country = e.country.as_deref().or(e.std_country.as_deref()).unwrap_or("");
            let material = format!("{}\u{1f}{}\u{1f}{}", e.key, form, country);
            Cluster {
                id: format!("c{:016x}", fnv1a(material.as_bytes())),
                name: e.name.clone(),
                canonical,
                mentions: m.iter().map(|&x| corpus.entries[x as usize].count).sum(),
                members: m,
            }
        })
        .collect();
    // Content order: by id, then canonical rank; suffix repeated ids.
    clusters.par_sort_unstable_by(|a, b| a.id.cmp(&b.id).then(a.canonical.cmp(&b.canonical)));
    let mut k = 1;
    let mut prev = String::new();
    for c in clusters.iter_mut() {
        if c.id == prev {
            k += 1;
            c.id = format!("{prev}-{k}");
        } else {
            prev.clone_from(&c.id);
            k = 1;
        }
    }
    clusters
}

/// The result of a clustering.
#[derive(Debug, Clone)]
pub struct Clustering {
    corpus: Corpus,
    /// The clusters, sorted by id.
    pub clusters: Vec<Cluster>,
    entry_cluster: Vec<u32>,
    /// The merges done (each cluster's merges form a spanning tree of it).
    pub merges: Vec<Merge>,
    /// Figures.
    pub stats: ClusterStats,
}

impl Clustering {
    /// Number of distinct names (entries).
    pub fn entries(&self) -> usize {
        self.corpus.entries.len()
    }

    /// The raw name of an entry.
    pub fn entry_name(&self, entry: u32) -> &str {
        &self.corpus.entries[entry as usize].name
    }

    /// The mention count of an entry.
    pub fn entry_count(&self, entry: u32) -> u64 {
        self.corpus.entries[entry as usize].count
    }

    /// The entry (distinct name) of an input record.
    pub fn entry_of_input(&self, input: usize) -> u32 {
        self.corpus.input_entry[input]
    }

    /// The cluster index of an entry.
    pub fn cluster_index_of_entry(&self, entry: u32) -> usize {
        self.entry_cluster[entry as usize] as usize
    }

    /// The cluster of an entry.
    pub fn cluster_of_entry(&self, entry: u32) -> &Cluster {
        &self.clusters[self.cluster_index_of_entry(entry)]
    }

    /// The cluster of an input record.
    pub fn cluster_of_input(&self, input: usize) -> &Cluster {
        self.cluster_of_entry(self.entry_of_input(input))
    }

    /// Score and breakdown for two entries.
    pub fn explain(&self, a: u32, b: u32) -> Similarity {
        similarity::explain(&self.corpus, a, b)
    }

    /// The prepared corpus (entries, vocabulary).
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }
}
