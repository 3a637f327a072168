//! Cost of the data-quality rules: assessment (standardization + rules) against
//! standardization alone, on the NBER assignee names, one core. Target: assessment costs at
//! most twice the pipeline alone.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use namestd::quality::{ApplicantRecord, QualityChecker};
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

fn bench(c: &mut Criterion) {
    let names = nber_names();
    assert!(!names.is_empty(), "no NBER names");
    let records: Vec<ApplicantRecord> = names.iter().map(|n| ApplicantRecord::new(n.as_str()).country("US")).collect();
    let std = Standardizer::default();
    let checker = QualityChecker::default();
    // Warm the lazy dictionaries outside the timed loops.
    for r in &records {
        black_box(checker.assess(r));
    }
    let mut group = c.benchmark_group("quality");
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_with_input(BenchmarkId::new("standardize", names.len()), &records, |b, records| {
        b.iter(|| {
            let mut n = 0usize;
            for r in records {
                let s =
                    std.standardize_input(&NameInput { name: &r.name, country: r.country.as_deref(), kind: r.kind });
                n += usize::from(!s.core.is_empty());
            }
            assert_eq!(n, records.len());
            n
        })
    });
    group.bench_with_input(BenchmarkId::new("standardize_and_assess", names.len()), &records, |b, records| {
        b.iter(|| {
            let mut total = 0u64;
            for r in records {
                let a = checker.assess(r);
                assert!(a.score <= 100);
                total += u64::from(a.score);
            }
            total
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
