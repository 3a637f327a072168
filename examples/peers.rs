//! namestd's side of the peer comparison (`benches/peers/run.sh`): a small driver that reads
//! plain files, does one job and prints what it found, with the time of the job itself
//! measured inside the process (start-up and file reading excluded, as the Python side
//! does for the peers).
//!
//! ```text
//! peers cores FILE                 # FILE: name<TAB>country per line; prints one row per name:
//!                                  # core, form as written, canonical, prefix?, stacked?, non-Latin?
//!                                  # then `#seconds S passes P names N` (one thread)
//! peers cluster FILE               # FILE: name<TAB>count per line; prints one cluster number
//!                                  # per line, then `#seconds S`
//! peers lookup REGISTRY QUERIES    # REGISTRY: entity<TAB>name<TAB>count; QUERIES: one name per
//!                                  # line; prints entity of the top answer<TAB>microseconds,
//!                                  # then `#build_seconds S`
//! peers generate N SEED OUT        # the generated corpus of benches/cluster_scale.rs:
//!                                  # name<TAB>count<TAB>entity per line (entity: the real
//!                                  # name's labelled entity, `new:N` for a new one)
//! peers queries N SEED COUNT OUT   # COUNT lookup queries for the registry `generate N 42`:
//!                                  # entity<TAB>name, new variants of the registry's entities
//!                                  # (never a spelling the registry has)
//! ```

#[path = "../benches/common/generate.rs"]
mod generate;

use namestd::lookup::{Applicant, LookupIndex, Query};
use namestd::{ClusterInput, Clusterer, NameInput, Position, Script, Standardizer};
use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, Write};
use std::time::Instant;

// The binaries (batch tool, service) use mimalloc; measure the library the same way.
#[global_allocator]
static ALLOC: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn fields(line: &str) -> Vec<&str> {
    line.split('\t').collect()
}

fn out() -> BufWriter<std::io::StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

fn cores(path: &str) {
    let text = read(path);
    let rows: Vec<(String, Option<String>)> = text
        .lines()
        .map(|l| {
            let f = fields(l);
            let country = f.get(1).map(|c| c.trim()).filter(|c| !c.is_empty()).map(str::to_string);
            (f[0].to_string(), country)
        })
        .collect();
    let std = Standardizer::default();
    let run = |r: &(String, Option<String>)| {
        let mut input = NameInput::new(&r.0);
        input.country = r.1.as_deref();
        std.standardize_input(&input)
    };
    let mut w = out();
    for r in &rows {
        let s = run(r);
        let (written, canonical, prefix) = match &s.legal_form {
            Some(f) => {
                let prefix = matches!(f.position, Position::Prefix)
                    || (f.span.0 == 0 && f.span.1 < s.cleaned.len() && !s.core.is_empty());
                (f.written.as_str(), f.canonical.as_str(), prefix)
            }
            None => ("", "", false),
        };
        let non_latin = s.scripts.iter().any(|x| *x != Script::Latin);
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}",
            s.core.replace('\t', " "),
            written,
            canonical,
            u8::from(prefix),
            u8::from(!s.other_legal_forms.is_empty()),
            u8::from(non_latin)
        )
        .expect("stdout");
    }
    // Throughput: whole passes over the names, one thread, for at least a second.
    let t = Instant::now();
    let mut passes = 0u32;
    let mut sink = 0usize;
    while passes < 3 || t.elapsed().as_secs_f64() < 1.0 {
        for r in &rows {
            sink = sink.wrapping_add(run(r).core.len());
        }
        passes += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    writeln!(w, "#seconds {secs:.6} passes {passes} names {} sink {}", rows.len(), sink % 10).expect("stdout");
}

fn cluster(path: &str) {
    let text = read(path);
    let inputs: Vec<ClusterInput> = text
        .lines()
        .map(|l| {
            let f = fields(l);
            let count = f.get(1).and_then(|c| c.trim().parse().ok()).unwrap_or(1);
            ClusterInput::new(f[0]).count(count)
        })
        .collect();
    let t = Instant::now();
    let c = Clusterer::default().cluster(&inputs);
    let labels: Vec<usize> = (0..inputs.len()).map(|i| c.cluster_index_of_entry(c.entry_of_input(i))).collect();
    let secs = t.elapsed().as_secs_f64();
    let mut w = out();
    for l in labels {
        writeln!(w, "{l}").expect("stdout");
    }
    writeln!(w, "#seconds {secs:.6} threads {}", rayon::current_num_threads()).expect("stdout");
}

fn lookup(registry: &str, queries: &str) {
    let reg = read(registry);
    let mut by_entity: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
    for l in reg.lines() {
        let f = fields(l);
        let count = f.get(2).and_then(|c| c.trim().parse().ok()).unwrap_or(1);
        by_entity.entry(f[0]).or_default().push((f[1], count));
    }
    let qtext = read(queries);
    let qs: Vec<&str> = qtext.lines().collect();
    let t = Instant::now();
    let applicants: Vec<Applicant> = by_entity
        .into_iter()
        .map(|(id, mut names)| {
            names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let mut app = Applicant::new(id, names[0].0);
            app.variants.clear();
            for (n, c) in names {
                if !app.variants.iter().any(|v| v.name == n) {
                    app.variants.push(namestd::lookup::Variant { name: n.to_string(), count: c });
                }
            }
            app
        })
        .collect();
    let index = LookupIndex::build(applicants);
    let build = t.elapsed().as_secs_f64();
    let mut w = out();
    for q in qs {
        let t = Instant::now();
        let found = index.query(&Query::new(q).limit(1));
        let top = found.candidates.first().map(|c| c.applicant.id.clone()).unwrap_or_default();
        let us = t.elapsed().as_secs_f64() * 1e6;
        writeln!(w, "{top}\t{us:.1}").expect("stdout");
    }
    writeln!(w, "#build_seconds {build:.6} names {}", index.names()).expect("stdout");
}

fn generate_corpus(n: usize, seed: u64, path: &str) {
    let g = generate::labelled(n, seed);
    let truth = generate::entity_truth(&g);
    let mut w = BufWriter::new(std::fs::File::create(path).expect("create output"));
    for (c, e) in &g.names {
        writeln!(w, "{}\t{}\t{}", c.name.replace('\t', " "), c.count, truth[*e as usize].replace('\t', " "))
            .expect("write");
    }
}

fn queries(n: usize, seed: u64, count: usize, path: &str) {
    let g = generate::labelled(n, 42);
    let truth = generate::entity_truth(&g);
    let have: HashSet<&str> = g.names.iter().map(|(c, _)| c.name.as_str()).collect();
    let mut rng = generate::Rng(seed);
    let mut w = BufWriter::new(std::fs::File::create(path).expect("create output"));
    let mut made = 0;
    let mut tries = 0;
    while made < count && tries < count * 100 {
        tries += 1;
        let (_, e) = &g.names[rng.below(g.names.len())];
        let q = generate::variant(&mut rng, &g.entities[*e as usize]);
        if q.trim().is_empty() || have.contains(q.as_str()) {
            continue;
        }
        writeln!(w, "{}\t{}", truth[*e as usize].replace('\t', " "), q.replace('\t', " ")).expect("write");
        made += 1;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or_else(|| panic!("missing argument {i}; see the docs"));
    let num = |i: usize| a(i).parse::<usize>().unwrap_or_else(|_| panic!("argument {i} is not a number"));
    match a(0) {
        "cores" => cores(a(1)),
        "cluster" => cluster(a(1)),
        "lookup" => lookup(a(1), a(2)),
        "generate" => generate_corpus(num(1), num(2) as u64, a(3)),
        "queries" => queries(num(1), num(2) as u64, num(3), a(4)),
        other => panic!("unknown command {other}: cores, cluster, lookup, generate, queries"),
    }
}
