//! Standardizes the NBER names a number of times (`ROUNDS`, default 3) and nothing else:
//! a target for `valgrind --tool=callgrind` or `perf`.

use std::hint::black_box;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let text = include_str!("../data/eval/nber-subset-assignees-benchmark-distinct-names.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let names: Vec<String> =
        rdr.records().filter_map(|r| r.ok()).filter_map(|r| r.get(1).map(str::to_string)).collect();
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let std = namestd::Standardizer::default();
    for _ in 0..rounds {
        for n in &names {
            black_box(std.standardize(n));
        }
    }
}
