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

// The batch tool (`namestd cluster`, `namestd run`) uses mimalloc; measure clustering the
// same way.
#[global_allocator]
static ALLOC: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

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

/// The process's CPU seconds sampled every 20 ms on a thread of its own, with the wall
/// offset of each sample.
struct CpuSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handle: std::thread::JoinHandle<Vec<(f64, f64)>>,
}

impl CpuSampler {
    fn start(t0: Instant) -> CpuSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut out = Vec::new();
            let base = cpu_seconds().unwrap_or(0.0);
            loop {
                out.push((t0.elapsed().as_secs_f64(), cpu_seconds().unwrap_or(0.0) - base));
                if flag.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            out
        });
        CpuSampler { stop, handle }
    }

    fn stop(self) -> Vec<(f64, f64)> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.handle.join().unwrap_or_default()
    }
}

/// The CPU seconds at a wall offset, interpolated between the samples around it.
fn cpu_at_wall(samples: &[(f64, f64)], wall: f64) -> f64 {
    let k = samples.partition_point(|s| s.0 < wall);
    match (k.checked_sub(1).and_then(|p| samples.get(p)), samples.get(k)) {
        (Some(a), Some(b)) if b.0 > a.0 => a.1 + (b.1 - a.1) * (wall - a.0) / (b.0 - a.0),
        (_, Some(b)) => b.1,
        (Some(a), None) => a.1,
        (None, None) => f64::NAN,
    }
}

/// FNV-1a over each input's cluster id and its entry's cluster members count, in input
/// order: equal hashes mean (all but surely) the same clusters.
fn assignment_hash(c: &namestd::Clustering, inputs: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for i in 0..inputs {
        let cl = c.cluster_of_input(i);
        eat(cl.id.as_bytes());
        eat(&(cl.members.len() as u64).to_le_bytes());
        eat(&[0x1f]);
    }
    h
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
        let sampler = CpuSampler::start(t);
        let c = Clusterer::default().cluster(&inputs);
        let secs = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds().unwrap_or(f64::NAN) - cpu0;
        let samples = sampler.stop();
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
        // CPU seconds of each phase: the process's CPU time sampled every 20 ms, read at
        // the phase boundaries (wall offsets from the stats), so about ±0.05 s per phase.
        let bounds = [0.0, p.standardize, p.blocking, p.scoring, p.merging, secs - p.total];
        let mut at = 0.0;
        let mut cpu_at: Vec<f64> = Vec::new();
        for b in bounds {
            at += b;
            cpu_at.push(cpu_at_wall(&samples, at));
        }
        println!(
            "names {n}: phases CPU (s): standardize {:.1}, blocking {:.1}, scoring {:.1}, merging {:.1}, rest {:.1}",
            cpu_at[1] - cpu_at[0],
            cpu_at[2] - cpu_at[1],
            cpu_at[3] - cpu_at[2],
            cpu_at[4] - cpu_at[3],
            cpu - (cpu_at[4] - cpu_at[0]),
        );
        println!("names {n}: cluster assignment hash {:016x}", assignment_hash(&c, inputs.len()));
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
