//! Time spent per pipeline part over the NBER names (a profiling aid, release mode):
//! `cargo run --release --example stage_timing`.

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let text = include_str!("../data/eval/nber-subset-assignees-benchmark-distinct-names.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let names: Vec<String> =
        rdr.records().filter_map(|r| r.ok()).filter_map(|r| r.get(1).map(str::to_string)).collect();
    let dict = namestd::Dictionaries::embedded();
    let std = namestd::Standardizer::default();
    for n in &names {
        black_box(std.standardize(n));
    }
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let time = |label: &str, f: &dyn Fn(&str)| {
        let t = Instant::now();
        for _ in 0..rounds {
            for n in &names {
                f(n);
            }
        }
        let per = t.elapsed().as_nanos() as f64 / (rounds * names.len()) as f64;
        println!("{label:>12}: {per:8.0} ns/name");
    };
    let cleaned: Vec<String> = names.iter().map(|n| std.standardize(n).cleaned).collect();
    time("clean", &|n| {
        black_box(namestd::clean::clean(n, &mut Default::default(), &mut Vec::new()));
    });
    time("form_tokens", &|n| {
        black_box(namestd_dictionaries::key::form_tokens(n));
    });
    time("separate", &|n| {
        black_box(namestd::legal_form::separate(&dict, n, None));
    });
    time("person", &|n| {
        black_box(namestd::person::analyze(n, None));
    });
    time("keys", &|n| {
        black_box(namestd::keys::keys_of(n));
    });
    time("standard", &|n| {
        black_box(namestd::standard::standard_text(n));
    });
    time("total", &|n| {
        black_box(std.standardize(n));
    });
    let _ = cleaned;
}
