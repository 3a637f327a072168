//! Clustering at scale: a realistic variant corpus generated from the real names of
//! `data/eval/` (NBER assignees, PATSTAT Leuven, SEC foreign issuers), clustered once, with
//! wall time, names per second and peak resident memory (`VmHWM`), then scored against the
//! generator's truth (string-level pairwise and B-cubed precision, recall, F1).
//!
//! `cargo bench --profile release --bench cluster_scale -- 1000000` (one size per run, so
//! the peak memory is that size's); `benches/cluster_scale.sh` runs the usual sizes.
//!
//! The corpus: entities are real names, and new entities made from real names by replacing
//! their most distinctive word with a new word spliced from two real ones (so the corpus
//! grows in entities, not only in variants). Each entity gets 1 to 8 variants (mean about
//! 3): case changes, punctuation dropped or added, legal forms swapped (`Inc.` / `Inc` /
//! `Incorporated` / `Corp.`), company words abbreviated (`Company` → `Co.`), one-letter
//! typos, `The` dropped, two words swapped.

// Shared with examples/peers.rs (which uses more of it than this bench).
#[allow(dead_code)]
#[path = "common/generate.rs"]
mod generate;

use namestd::Clusterer;
use std::time::Instant;

/// `n` names of the generated corpus, with the truth label of each (a variant of a real
/// name belongs to that name's labelled entity, a new entity is its own: as in the peers
/// comparison).
fn corpus(n: usize, seed: u64) -> (Vec<namestd::ClusterInput>, Vec<String>) {
    let g = generate::labelled(n, seed);
    let truth = generate::entity_truth(&g);
    g.names.into_iter().map(|(c, e)| (c, truth[e as usize].clone())).unzip()
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU seconds (user + system) of this process so far, from `/proc/self/stat` (clock
/// ticks of 1/100 s): unlike wall time, not inflated by other processes on the machine.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let sizes: Vec<usize> =
        std::env::args().skip(1).filter(|a| !a.starts_with("--")).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100_000] } else { sizes };
    for n in sizes {
        let t = Instant::now();
        let (inputs, truth) = corpus(n, 42);
        let gen = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let cpu0 = cpu_seconds().unwrap_or(f64::NAN);
        let c = Clusterer::default().cluster(&inputs);
        let secs = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds().unwrap_or(f64::NAN) - cpu0;
        let s = &c.stats;
        println!(
            "names {n}: distinct {}, clusters {}, candidates {}, edges {}, merges {} ({} refused); \
             blocks over cap {} (largest {}), names truncated {}, block reads {} ({:.0} per name), windowed probes {}",
            s.distinct_names,
            s.clusters,
            s.blocking.candidate_pairs,
            s.edges,
            s.merges,
            s.refused_merges,
            s.blocking.blocks_over_cap,
            s.blocking.largest_block,
            s.blocking.names_truncated,
            s.blocking.block_reads,
            s.blocking.block_reads as f64 / s.distinct_names.max(1) as f64,
            s.blocking.windowed_probes
        );
        let p = &s.seconds;
        println!(
            "names {n}: phases (s): standardize {:.1}, blocking {:.1}, scoring {:.1}, merging {:.1}",
            p.standardize, p.blocking, p.scoring, p.merging
        );
        println!(
            "names {n}: generated in {gen:.1} s; clustered in {secs:.2} s ({cpu:.1} s CPU) on {} threads = {:.0} names/s; \
             peak RSS {:.0} MiB",
            rayon::current_num_threads(),
            n as f64 / secs,
            peak_rss_mib().unwrap_or(f64::NAN)
        );
        // Scored after the peak memory is read, so the scoring's own tables do not count.
        let truth: Vec<&str> = truth.iter().map(String::as_str).collect();
        let e = namestd::cluster::Evaluation::new(&c, &inputs, &truth, 0);
        let (st, b) = (&e.strings, &e.bcubed);
        println!(
            "names {n}: string-level pairwise P {:.3} R {:.3} F1 {:.3}; B-cubed P {:.3} R {:.3} F1 {:.3}",
            st.precision, st.recall, st.f1, b.precision, b.recall, b.f1
        );
    }
}
