//! Cost of the quality rules under a busy machine: standardization alone and standardization
//! plus assessment timed in turn, seven rounds, best round of each, on the NBER names.
//! `cargo run --release --example quality_cost` (the criterion bench is `benches/quality.rs`);
//! `-- --only standardize` or `-- --only assess` runs one pass of one kind, for counting
//! instructions with `valgrind --tool=callgrind` (the difference to `--only none` is the work).

// The binaries (batch tool, service) use mimalloc; measure the library the same way.
#[global_allocator]
static ALLOC: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

fn main() {
    let text = std::fs::read_to_string("data/eval/nber-subset-assignees-benchmark-distinct-names.csv").unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let names: Vec<String> =
        rdr.records().filter_map(|r| r.ok()).filter_map(|r| r.get(1).map(str::to_string)).collect();
    let recs: Vec<_> = names.iter().map(|n| namestd::quality::ApplicantRecord::new(n.as_str()).country("US")).collect();
    let c = namestd::quality::QualityChecker::default();
    let s = namestd::Standardizer::default();
    // `--only standardize|assess`: one pass of one kind, for instruction counting
    // (`valgrind --tool=callgrind`), where timing on a busy machine is too noisy.
    let only = std::env::args().skip_while(|a| a != "--only").nth(1);
    if let Some(which) = only {
        // `--warm`: one pass of the same kind first (lazy dictionaries, caches), so that
        // `valgrind --tool=callgrind --toggle-collect='*measured_pass*'` counts the steady state.
        if std::env::args().any(|a| a == "--warm") {
            only_pass(&s, &c, &recs, &which);
        }
        println!("{}", measured_pass(&s, &c, &recs, &which));
        return;
    }
    for r in &recs {
        c.assess(r);
    }
    let (mut best_s, mut best_a) = (f64::MAX, f64::MAX);
    for _ in 0..7 {
        let t0 = std::time::Instant::now();
        let mut t = 0usize;
        for r in &recs {
            t += s.standardize_input(&namestd::NameInput::new(&r.name).country("US")).core.len();
        }
        best_s = best_s.min(t0.elapsed().as_secs_f64());
        let t0 = std::time::Instant::now();
        for r in &recs {
            t += c.assess(r).score as usize;
        }
        best_a = best_a.min(t0.elapsed().as_secs_f64());
        std::hint::black_box(t);
    }
    let n = recs.len() as f64;
    println!(
        "standardize {:.2} us/name, standardize+assess {:.2} us/name, ratio {:.2}",
        best_s / n * 1e6,
        best_a / n * 1e6,
        best_a / best_s
    );
}

#[inline(never)]
fn measured_pass(
    s: &namestd::Standardizer,
    c: &namestd::quality::QualityChecker,
    recs: &[namestd::quality::ApplicantRecord],
    which: &str,
) -> usize {
    only_pass(s, c, recs, which)
}

#[inline(never)]
fn only_pass(
    s: &namestd::Standardizer,
    c: &namestd::quality::QualityChecker,
    recs: &[namestd::quality::ApplicantRecord],
    which: &str,
) -> usize {
    let mut t = 0usize;
    for r in recs {
        t += match which {
            "standardize" => s.standardize_input(&namestd::NameInput::new(&r.name).country("US")).core.len(),
            "assess" => c.assess(r).score as usize,
            _ => 0,
        };
    }
    t
}
