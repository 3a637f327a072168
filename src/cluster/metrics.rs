//! Scoring a clustering against labelled truth, as `data/SOURCES.md` defines it.
//!
//! From the contingency table `n(truth i, predicted j)`: true pairs `Σ C(n_ij, 2)`,
//! predicted pairs `Σ_j C(b_j, 2)`, real pairs `Σ_i C(a_i, 2)`; pairwise precision = true /
//! predicted, recall = true / real. String level counts each distinct name once; mention
//! level weighs it by its mentions. B-cubed precision and recall average, over distinct
//! names, `n_ij / b_j` and `n_ij / a_i`. A string that stands in several truth entities
//! counts in its majority one (most mentions, then the smallest label).

use super::linkage::Merge;
use super::{ClusterInput, Clustering, Similarity};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Pairwise precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pairwise {
    /// True pairs / predicted pairs (1 when nothing is predicted).
    pub precision: f64,
    /// True pairs / real pairs (1 when there are no real pairs).
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Pairs together in both.
    pub true_pairs: f64,
    /// Pairs put together.
    pub predicted_pairs: f64,
    /// Pairs together in the truth.
    pub real_pairs: f64,
}

/// B-cubed precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BCubed {
    /// Mean over items of `n_ij / b_j`.
    pub precision: f64,
    /// Mean over items of `n_ij / a_i`.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn c2(x: f64) -> f64 {
    x * (x - 1.0) / 2.0
}

/// Pairwise scores of labels `pred` against `truth` (one per item), each item weighted.
pub fn pairwise(truth: &[u32], pred: &[u32], weight: &[u64]) -> Pairwise {
    let mut n: HashMap<(u32, u32), f64> = HashMap::new();
    let mut a: HashMap<u32, f64> = HashMap::new();
    let mut b: HashMap<u32, f64> = HashMap::new();
    for k in 0..truth.len() {
        let w = weight.get(k).copied().unwrap_or(1) as f64;
        *n.entry((truth[k], pred[k])).or_default() += w;
        *a.entry(truth[k]).or_default() += w;
        *b.entry(pred[k]).or_default() += w;
    }
    let true_pairs: f64 = n.values().map(|&x| c2(x)).sum();
    let predicted_pairs: f64 = b.values().map(|&x| c2(x)).sum();
    let real_pairs: f64 = a.values().map(|&x| c2(x)).sum();
    let precision = if predicted_pairs > 0.0 { true_pairs / predicted_pairs } else { 1.0 };
    let recall = if real_pairs > 0.0 { true_pairs / real_pairs } else { 1.0 };
    Pairwise { precision, recall, f1: f1(precision, recall), true_pairs, predicted_pairs, real_pairs }
}

/// B-cubed scores of `pred` against `truth`, each item counted once.
pub fn bcubed(truth: &[u32], pred: &[u32]) -> BCubed {
    let mut n: HashMap<(u32, u32), f64> = HashMap::new();
    let mut a: HashMap<u32, f64> = HashMap::new();
    let mut b: HashMap<u32, f64> = HashMap::new();
    for k in 0..truth.len() {
        *n.entry((truth[k], pred[k])).or_default() += 1.0;
        *a.entry(truth[k]).or_default() += 1.0;
        *b.entry(pred[k]).or_default() += 1.0;
    }
    let items = truth.len().max(1) as f64;
    let (mut p, mut r) = (0.0, 0.0);
    for k in 0..truth.len() {
        let nij = n[&(truth[k], pred[k])];
        p += nij / b[&pred[k]];
        r += nij / a[&truth[k]];
    }
    let (precision, recall) = if truth.is_empty() { (1.0, 1.0) } else { (p / items, r / items) };
    BCubed { precision, recall, f1: f1(precision, recall) }
}

/// A merge that joined names of different truth entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FalseMerge {
    /// The cluster it produced.
    pub cluster_id: String,
    /// The cluster's canonical name.
    pub cluster_name: String,
    /// Name on one side of the merging edge.
    pub a: String,
    /// Its truth entity.
    pub truth_a: String,
    /// Name on the other side.
    pub b: String,
    /// Its truth entity.
    pub truth_b: String,
    /// Names on each side when merged: `size_a × size_b` pairs joined at once.
    pub sides: (u32, u32),
    /// The merge step (edge score, linkage).
    pub merge: Merge,
    /// Why the edge scored as it did.
    pub similarity: Similarity,
}

/// A truth entity split across clusters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissedMerge {
    /// The truth entity.
    pub truth: String,
    /// Its distinct names.
    pub names: usize,
    /// Clusters it is spread over.
    pub pieces: usize,
    /// Pairs of its names not put together.
    pub missed_pairs: f64,
    /// A name of its largest piece.
    pub a: String,
    /// That piece's cluster id.
    pub cluster_a: String,
    /// A name of its second piece.
    pub b: String,
    /// That piece's cluster id.
    pub cluster_b: String,
    /// Why those two did not match.
    pub similarity: Similarity,
}

/// Scores of a clustering against truth labels, with the worst errors explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// Distinct names scored.
    pub names: usize,
    /// Truth entities.
    pub truth_entities: usize,
    /// Predicted clusters.
    pub clusters: usize,
    /// Pairwise, each distinct name once.
    pub strings: Pairwise,
    /// Pairwise, names weighted by mentions.
    pub mentions: Pairwise,
    /// B-cubed over distinct names.
    pub bcubed: BCubed,
    /// The worst false merges, most pairs joined first.
    pub false_merges: Vec<FalseMerge>,
    /// The worst missed merges, most pairs missed first.
    pub missed_merges: Vec<MissedMerge>,
}

impl Evaluation {
    /// Scores `clustering` of `inputs` against `truth` (one label per input record) and
    /// explains the `worst` false and missed merges.
    pub fn new(clustering: &Clustering, inputs: &[ClusterInput], truth: &[&str], worst: usize) -> Evaluation {
        let n = clustering.entries();
        // Truth label ids in content order.
        let mut labels: Vec<&str> = truth.to_vec();
        labels.sort_unstable();
        labels.dedup();
        let label_id = |s: &str| labels.binary_search(&s).unwrap_or(0) as u32;
        let mut votes: Vec<HashMap<u32, u64>> = vec![HashMap::new(); n];
        for (i, (inp, t)) in inputs.iter().zip(truth).enumerate() {
            let e = clustering.entry_of_input(i) as usize;
            *votes[e].entry(label_id(t)).or_default() += inp.count.max(1);
        }
        let entry_truth: Vec<u32> = votes
            .iter()
            .map(|v| v.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0))).map(|x| *x.0).unwrap_or(u32::MAX))
            .collect();
        let pred: Vec<u32> = (0..n as u32).map(|e| clustering.cluster_index_of_entry(e) as u32).collect();
        let counts: Vec<u64> = (0..n as u32).map(|e| clustering.entry_count(e)).collect();
        let ones = vec![1u64; n];
        let strings = pairwise(&entry_truth, &pred, &ones);
        let mentions = pairwise(&entry_truth, &pred, &counts);
        let bc = bcubed(&entry_truth, &pred);
        let label = |e: u32| labels.get(entry_truth[e as usize] as usize).copied().unwrap_or("").to_string();

        // False merges: spanning-tree edges whose ends disagree on truth.
        let mut fm: Vec<&Merge> =
            clustering.merges.iter().filter(|m| entry_truth[m.a as usize] != entry_truth[m.b as usize]).collect();
        fm.sort_by(|x, y| {
            (u64::from(y.size_a) * u64::from(y.size_b))
                .cmp(&(u64::from(x.size_a) * u64::from(x.size_b)))
                .then(y.score.total_cmp(&x.score))
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        let false_merges = fm
            .into_iter()
            .take(worst)
            .map(|m| {
                let c = clustering.cluster_of_entry(m.a);
                FalseMerge {
                    cluster_id: c.id.clone(),
                    cluster_name: c.name.clone(),
                    a: clustering.entry_name(m.a).to_string(),
                    truth_a: label(m.a),
                    b: clustering.entry_name(m.b).to_string(),
                    truth_b: label(m.b),
                    sides: (m.size_a, m.size_b),
                    merge: *m,
                    similarity: clustering.explain(m.a, m.b),
                }
            })
            .collect();

        // Missed merges: truth entities over several clusters.
        let mut by_truth: HashMap<u32, Vec<u32>> = HashMap::new();
        for e in 0..n as u32 {
            by_truth.entry(entry_truth[e as usize]).or_default().push(e);
        }
        let mut split: Vec<(f64, u32, Vec<Vec<u32>>)> = Vec::new();
        for (t, members) in by_truth {
            let mut pieces: HashMap<u32, Vec<u32>> = HashMap::new();
            for &e in &members {
                pieces.entry(pred[e as usize]).or_default().push(e);
            }
            if pieces.len() < 2 {
                continue;
            }
            let mut pieces: Vec<Vec<u32>> = pieces.into_values().collect();
            pieces.sort_by(|x, y| y.len().cmp(&x.len()).then(x[0].cmp(&y[0])));
            let missed = c2(members.len() as f64) - pieces.iter().map(|p| c2(p.len() as f64)).sum::<f64>();
            split.push((missed, t, pieces));
        }
        split.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let missed_merges = split
            .into_iter()
            .take(worst)
            .map(|(missed, t, pieces)| {
                let top = |p: &Vec<u32>| {
                    let mut v = p.clone();
                    v.sort_by(|&x, &y| counts[y as usize].cmp(&counts[x as usize]).then(x.cmp(&y)));
                    v.truncate(5);
                    v
                };
                let (pa, pb) = (top(&pieces[0]), top(&pieces[1]));
                let mut best: Option<(Similarity, u32, u32)> = None;
                for &x in &pa {
                    for &y in &pb {
                        let s = clustering.explain(x, y);
                        if best.as_ref().is_none_or(|b| s.score > b.0.score) {
                            best = Some((s, x, y));
                        }
                    }
                }
                let (similarity, x, y) = best.unwrap_or_default();
                MissedMerge {
                    truth: labels.get(t as usize).copied().unwrap_or("").to_string(),
                    names: pieces.iter().map(Vec::len).sum(),
                    pieces: pieces.len(),
                    missed_pairs: missed,
                    a: clustering.entry_name(x).to_string(),
                    cluster_a: clustering.cluster_of_entry(x).id.clone(),
                    b: clustering.entry_name(y).to_string(),
                    cluster_b: clustering.cluster_of_entry(y).id.clone(),
                    similarity,
                }
            })
            .collect();
        Evaluation {
            names: n,
            truth_entities: labels.len(),
            clusters: clustering.clusters.len(),
            strings,
            mentions,
            bcubed: bc,
            false_merges,
            missed_merges,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_counts_pairs_from_the_contingency_table() {
        // truth: {0,1,2} {3}; pred: {0,1} {2,3}
        let p = pairwise(&[0, 0, 0, 1], &[0, 0, 1, 1], &[1, 1, 1, 1]);
        assert_eq!((p.true_pairs, p.predicted_pairs, p.real_pairs), (1.0, 2.0, 3.0));
        assert!((p.precision - 0.5).abs() < 1e-12);
        assert!((p.recall - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn mention_weights_count_pairs_of_mentions() {
        let p = pairwise(&[0, 0], &[0, 1], &[3, 2]);
        assert_eq!(p.real_pairs, 10.0);
        assert_eq!(p.true_pairs, 3.0 + 1.0);
    }

    #[test]
    fn bcubed_is_perfect_on_identical_labels() {
        let b = bcubed(&[0, 0, 1], &[5, 5, 7]);
        assert_eq!((b.precision, b.recall, b.f1), (1.0, 1.0, 1.0));
        let b = bcubed(&[0, 0, 1], &[5, 5, 5]);
        assert!((b.precision - (2.0 / 3.0 * 2.0 + 1.0 / 3.0) / 3.0).abs() < 1e-12);
        assert_eq!(b.recall, 1.0);
    }
}
