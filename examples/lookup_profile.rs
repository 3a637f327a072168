//! Loads a stored lookup index and runs queries on it, for timing and for
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*LookupIndex::query*'`.
//!
//! `cargo run --release --example lookup_profile -- INDEX REGISTRY.csv [QUERIES]`: prints
//! the load time, the tables' heap size and the resident memory, then runs QUERIES
//! (default 200) lookups (limit 5) over registry spellings, every other one with a typo
//! (a letter doubled) and every fourth cut to two thirds (type-ahead), as the load
//! benchmark asks them, and prints the mean and the worst time per query.
//!
//! `ANSWERS=FILE` also writes every query's answer (each candidate as JSON: applicant,
//! score, match, variant, features, similarity), one query per line, to compare the
//! answers of two builds (`diff` or `cmp`) before and after a change to the lookup.

use namestd::lookup::{LookupIndex, Query};
use std::hint::black_box;
use std::time::Instant;

#[global_allocator]
static ALLOC: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

fn rss_mb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (index, registry) = (&args[1], &args[2]);
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(200);
    let t = Instant::now();
    let idx = LookupIndex::from_file(std::path::Path::new(index)).expect("a stored index");
    println!(
        "load {:.3} s; {} applicants, {} names; tables {} MB; RSS {} MB",
        t.elapsed().as_secs_f64(),
        idx.applicant_count(),
        idx.names(),
        idx.heap_bytes() / 1_000_000,
        rss_mb()
    );
    let text = std::fs::read_to_string(registry).expect("read the registry");
    let names: Vec<String> = text
        .lines()
        .skip(1)
        .step_by(97)
        .filter_map(|l| {
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(l.as_bytes());
            r.records().next()?.ok()?.get(1).map(str::to_string)
        })
        .take(n)
        .enumerate()
        .map(|(i, s)| {
            let mut s = s;
            if i % 2 == 1 {
                let at = s.char_indices().nth(s.chars().count() / 2).map_or(0, |x| x.0);
                let c = s[at..].chars().next().unwrap_or('x');
                s.insert(at, c);
            }
            if i % 4 == 3 {
                let keep = s.char_indices().nth(s.chars().count() * 2 / 3).map_or(s.len(), |x| x.0);
                s.truncate(keep);
            }
            s
        })
        .collect();
    // QUERIES="a|b|c" runs those names instead (each 5 times).
    let names: Vec<String> = match std::env::var("QUERIES") {
        Ok(q) => q.split('|').flat_map(|n| std::iter::repeat_n(n.to_string(), 5)).collect(),
        Err(_) => names,
    };
    let mut times: Vec<(f64, &str)> = Vec::with_capacity(names.len());
    let t = Instant::now();
    for q in &names {
        let t0 = Instant::now();
        black_box(idx.query(&Query::new(q).limit(5)));
        times.push((t0.elapsed().as_secs_f64() * 1000.0, q));
    }
    let total = t.elapsed().as_secs_f64() * 1000.0;
    if let Some(path) = std::env::var_os("ANSWERS") {
        let mut out = String::new();
        for q in &names {
            let found = idx.query(&Query::new(q).limit(5));
            out.push_str(&serde_json::json!({"query": q, "found": found}).to_string());
            out.push('\n');
        }
        std::fs::write(&path, out).expect("write the answers");
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let at =
        |p: f64| times.get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1))).map_or(0.0, |x| x.0);
    println!(
        "{} queries: mean {:.3} ms, p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms ({:?})",
        times.len(),
        total / times.len().max(1) as f64,
        at(0.5),
        at(0.99),
        at(1.0),
        times.last().map_or("", |x| x.1)
    );
    if std::env::var_os("SLOWEST").is_some() {
        for (ms, q) in times.iter().rev().take(10) {
            println!("{ms:8.3} ms  {q}");
        }
    }
}
