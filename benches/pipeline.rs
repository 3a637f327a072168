//! Pipeline throughput on real names: the NBER assignee names (Latin) and native-script
//! names from the golden table, one core (the bench runs on one thread).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use namestd::{NameInput, Standardizer};
use std::hint::black_box;

// The binaries (batch tool, service) use mimalloc; measure the library the same way.
#[global_allocator]
static ALLOC: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

/// NBER distinct assignee names (column `organization`).
fn nber_names() -> Vec<String> {
    let text = include_str!("../data/eval/nber-subset-assignees-benchmark-distinct-names.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records().filter_map(|r| r.ok()).filter_map(|r| r.get(1).map(str::to_string)).collect()
}

/// Golden-table names written in Han, Kana, Hangul, Cyrillic or Greek.
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

fn bench(c: &mut Criterion) {
    let std = Standardizer::default();
    let mut group = c.benchmark_group("standardize");
    for (label, names) in [("nber_latin", nber_names()), ("native_script", native_names())] {
        assert!(!names.is_empty(), "{label}: no names");
        // Warm the lazy dictionaries outside the timed loop.
        for n in &names {
            black_box(std.standardize(n));
        }
        group.throughput(Throughput::Elements(names.len() as u64));
        group.bench_with_input(BenchmarkId::new(label, names.len()), &names, |b, names| {
            b.iter(|| {
                let mut cores = 0usize;
                for n in names {
                    let s = std.standardize_input(&NameInput::new(n));
                    cores += usize::from(!s.core.is_empty());
                }
                assert_eq!(cores, names.len());
                cores
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
