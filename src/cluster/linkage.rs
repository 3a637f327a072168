//! Merging scored pairs into clusters without chaining.
//!
//! Edges (pairs scoring at least the edge threshold) are taken in descending score order,
//! ties broken by the names' content ranks. An edge joins two clusters only when the
//! clusters agree as wholes. Each cluster keeps up to [`LinkageOptions::sample`]
//! representatives (most mentioned first, then content order); every representative of
//! each side is scored against the other side's, and its best score is kept. The
//! *linkage* is the average of these best scores over both sides (an average linkage over
//! best matches, which tolerates the spread of a large cluster but requires every
//! representative to have a close counterpart); it must reach the linkage threshold. No
//! pair of representatives may differ in numbers (hard veto). A chain `A ~ B ~ C`
//! therefore does not pull `C` into `A`'s cluster unless `C` also resembles `A`'s
//! representatives.
//!
//! The edge graph is split into connected components, which are merged independently and
//! in parallel; the result does not depend on the thread count.

use super::corpus::Corpus;
use super::similarity::quick;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Settings of the merge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkageOptions {
    /// Minimum pair score for an edge. By default, 0.8.
    pub edge_threshold: f64,
    /// Minimum linkage (average over both clusters' representatives of their best score
    /// on the other side) to merge two clusters. By default, 0.7.
    pub link_threshold: f64,
    /// Representatives per cluster in the linkage check. By default, 6.
    pub sample: usize,
}

impl Default for LinkageOptions {
    fn default() -> Self {
        LinkageOptions { edge_threshold: 0.8, link_threshold: 0.7, sample: 6 }
    }
}

/// One merge: the edge that joined two clusters, with the linkage that allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Merge {
    /// Entry on one side of the edge.
    pub a: u32,
    /// Entry on the other side.
    pub b: u32,
    /// The edge's score.
    pub score: f64,
    /// The linkage between the two clusters' representatives (see the module doc).
    pub linkage: f64,
    /// Names in `a`'s cluster before the merge.
    pub size_a: u32,
    /// Names in `b`'s cluster before the merge.
    pub size_b: u32,
}

/// Output of the merge: a cluster label per entry (the smallest entry of the cluster),
/// the merges done, and the count of merges refused.
pub struct Merged {
    /// For each entry, the smallest entry of its cluster.
    pub label: Vec<u32>,
    /// The merges, component by component in content order.
    pub merges: Vec<Merge>,
    /// Edges refused by the linkage check.
    pub refused: usize,
}

struct Local {
    parent: Vec<u32>,
    size: Vec<u32>,
    sample: Vec<Vec<u32>>,
}

impl Local {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }
}

fn global_find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

/// Merges the edges (`(score, i, j)`, `i < j`).
pub fn merge(corpus: &Corpus, edges: Vec<(f64, u32, u32)>, opts: &LinkageOptions) -> Merged {
    let n = corpus.entries.len();
    // Components of the edge graph.
    let mut parent: Vec<u32> = (0..n as u32).collect();
    for &(_, i, j) in &edges {
        let (a, b) = (global_find(&mut parent, i), global_find(&mut parent, j));
        if a != b {
            let (lo, hi) = (a.min(b), a.max(b));
            parent[hi as usize] = lo;
        }
    }
    let comp: Vec<u32> = (0..n as u32).map(|x| global_find(&mut parent, x)).collect();
    // Each edge carries its component while sorted, so no comparison looks it up.
    let mut keyed: Vec<(u32, f64, u32, u32)> = edges.par_iter().map(|&(s, i, j)| (comp[i as usize], s, i, j)).collect();
    drop(edges);
    keyed.par_sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)).then((x.2, x.3).cmp(&(y.2, y.3))));
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for k in 1..=keyed.len() {
        if k == keyed.len() || keyed[k].0 != keyed[start].0 {
            groups.push((start, k));
            start = k;
        }
    }
    let edges: Vec<(f64, u32, u32)> = keyed.par_iter().map(|&(_, s, i, j)| (s, i, j)).collect();
    drop(keyed);
    // Biggest components first for load balance; results are put back in order.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_unstable_by_key(|&g| (std::cmp::Reverse(groups[g].1 - groups[g].0), g));
    let mut results: Vec<(usize, ComponentResult)> = order
        .par_iter()
        .map(|&g| {
            let (s, e) = groups[g];
            (g, merge_component(corpus, &edges[s..e], opts))
        })
        .collect();
    results.sort_unstable_by_key(|r| r.0);
    let mut label: Vec<u32> = (0..n as u32).collect();
    let mut merges = Vec::new();
    let mut refused = 0;
    for (_, (labels, m, r)) in results {
        for (x, l) in labels {
            label[x as usize] = l;
        }
        merges.extend(m);
        refused += r;
    }
    Merged { label, merges, refused }
}

/// The representatives order: most mentions first, then content rank.
fn rep_order(corpus: &Corpus, a: u32, b: u32) -> std::cmp::Ordering {
    corpus.entries[b as usize].count.cmp(&corpus.entries[a as usize].count).then(a.cmp(&b))
}

/// A component's (entry, label) pairs, merges and refused count.
type ComponentResult = (Vec<(u32, u32)>, Vec<Merge>, usize);

fn merge_component(corpus: &Corpus, edges: &[(f64, u32, u32)], opts: &LinkageOptions) -> ComponentResult {
    let mut nodes: Vec<u32> = edges.iter().flat_map(|&(_, i, j)| [i, j]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    let idx = |x: u32| nodes.binary_search(&x).unwrap_or(0) as u32;
    let mut st = Local {
        parent: (0..nodes.len() as u32).collect(),
        size: vec![1; nodes.len()],
        sample: nodes.iter().map(|&x| vec![x]).collect(),
    };
    let mut merges = Vec::new();
    let mut refused_set: HashSet<(u32, u32, u32, u32)> = HashSet::new();
    let mut refused = 0usize;
    for &(score, i, j) in edges {
        let (ri, rj) = (st.find(idx(i)), st.find(idx(j)));
        if ri == rj {
            continue;
        }
        let key = (ri.min(rj), st.size[ri.min(rj) as usize], ri.max(rj), st.size[ri.max(rj) as usize]);
        if refused_set.contains(&key) {
            continue;
        }
        let (sa, sb) = (&st.sample[ri as usize], &st.sample[rj as usize]);
        // Scores between representatives; best match of each representative on the other
        // side, averaged over both sides.
        let mut best_a = vec![0.0f64; sa.len()];
        let mut best_b = vec![0.0f64; sb.len()];
        let mut vetoed = false;
        'outer: for (ka, &x) in sa.iter().enumerate() {
            for (kb, &y) in sb.iter().enumerate() {
                let q = if (x, y) == (i, j) || (x, y) == (j, i) {
                    super::similarity::Quick { score, veto: false, digits: false }
                } else {
                    quick(corpus, x, y)
                };
                if q.veto && q.digits {
                    vetoed = true;
                    break 'outer;
                }
                best_a[ka] = best_a[ka].max(q.score);
                best_b[kb] = best_b[kb].max(q.score);
            }
        }
        let sum: f64 = best_a.iter().chain(&best_b).sum();
        let cnt = best_a.len() + best_b.len();
        let linkage = if cnt > 0 { sum / cnt as f64 } else { 0.0 };
        if vetoed || linkage < opts.link_threshold {
            refused += 1;
            refused_set.insert(key);
            continue;
        }
        let (size_a, size_b) = (st.size[ri as usize], st.size[rj as usize]);
        let (keep, gone) = (ri.min(rj), ri.max(rj));
        st.parent[gone as usize] = keep;
        st.size[keep as usize] += st.size[gone as usize];
        let mut joined: Vec<u32> = std::mem::take(&mut st.sample[keep as usize]);
        joined.extend(std::mem::take(&mut st.sample[gone as usize]));
        joined.sort_unstable_by(|&a, &b| rep_order(corpus, a, b));
        joined.truncate(opts.sample);
        st.sample[keep as usize] = joined;
        merges.push(Merge { a: i, b: j, score, linkage, size_a, size_b });
    }
    // Label: smallest entry of each cluster (nodes are sorted, roots hold the smallest).
    let mut min_of: Vec<u32> = vec![u32::MAX; nodes.len()];
    let roots: Vec<u32> = (0..nodes.len() as u32).map(|x| st.find(x)).collect();
    for (k, &r) in roots.iter().enumerate() {
        min_of[r as usize] = min_of[r as usize].min(nodes[k]);
    }
    let labels = roots.iter().enumerate().map(|(k, &r)| (nodes[k], min_of[r as usize])).collect();
    (labels, merges, refused)
}
