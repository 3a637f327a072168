//! Standardizes a corpus a number of times (`ROUNDS`, default 3) and nothing else: a
//! target for `valgrind --tool=callgrind`. `CORPUS=nber` (default: the NBER assignee
//! names) or `CORPUS=native` (the golden-table names in Han, Kana, Hangul, Cyrillic or
//! Greek, as in `benches/pipeline.rs`). One warm-up pass runs first (lazy dictionaries,
//! caches); the timed rounds are in `measured`, so
//! `valgrind --tool=callgrind --toggle-collect='*measured*'` counts only them.

use std::hint::black_box;

#[global_allocator]
static ALLOC: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

fn nber_names() -> Vec<String> {
    let text = include_str!("../data/eval/nber-subset-assignees-benchmark-distinct-names.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records().filter_map(|r| r.ok()).filter_map(|r| r.get(1).map(str::to_string)).collect()
}

fn native_names() -> Vec<String> {
    let text = include_str!("../data/golden/standardize.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|n| {
            n.chars().any(|c| matches!(c as u32, 0x0370..=0x052F | 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF))
        })
        .map(str::to_string)
        .collect()
}

#[inline(never)]
fn measured(std: &namestd::Standardizer, names: &[String], rounds: usize) {
    for _ in 0..rounds {
        for n in names {
            black_box(std.standardize(n));
        }
    }
}

fn main() {
    let names = match std::env::var("CORPUS").as_deref() {
        Ok("native") => native_names(),
        _ => nber_names(),
    };
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let std = namestd::Standardizer::default();
    for n in &names {
        black_box(std.standardize(n));
    }
    measured(&std, &names, rounds);
    eprintln!("{} names x {rounds} rounds", names.len());
}
