//! Clusters a labelled CSV with the default settings and prints what `namestd eval` prints
//! (string- and mention-level pairwise figures, B-cubed, the worst false and missed merges
//! explained), without building the CLI.
//!
//! ```text
//! cargo run --release --example cluster_eval -- FILE [FILE...] [--worst N] [--noise] [--pairs N] [--entity ID] [--buckets]
//! ```
//!
//! Files have the columns `unique_id, organization, n_mentions` (the labelled sets in
//! `data/eval/`). `--noise` splits the false-merge pairs by whether the two truth labels
//! are near-identical spellings of each other (label noise rather than a real error): at
//! most two edits apart once spaces and punctuation are dropped, and, more loosely, the
//! same words up to typos, truncations and order; `--pairs N` lists the N truth-label
//! pairs that contribute most false pairs; `--entity ID` shows the clusters holding the
//! names of one truth entity. `--generated N` scores the generated corpus of
//! `benches/cluster_scale.rs` (`N` names, seed 42) as well. `--buckets` splits the
//! missed pairs by where they were lost (never a candidate pair, vetoed, scored below the
//! edge threshold, or an edge the linkage did not take) and the false pairs by the
//! features of the pair (direct edge or joined through others, match kinds used).
//! The environment variables `EDGE` and `LINK` set the edge and linkage thresholds
//! (defaults 0.8 and 0.7). `--sweep` clusters again at other edge and linkage thresholds (one setting for all
//! files) and prints the string-level figures at each: the precision/recall frontier.

#[allow(dead_code)]
#[path = "../benches/common/generate.rs"]
mod generate;

use namestd::cluster::{ClusterInput, Clusterer, Evaluation, Pairwise, Similarity};
use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let mut files = Vec::new();
    let (mut worst, mut noise, mut pairs) = (10usize, false, 0usize);
    let mut entity: Option<String> = None;
    let mut buckets = false;
    let mut sweep = false;
    let mut pairs_to_explain: Vec<(String, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--worst" => worst = args.next().and_then(|v| v.parse().ok()).unwrap_or(10),
            "--pairs" => pairs = args.next().and_then(|v| v.parse().ok()).unwrap_or(20),
            "--noise" => noise = true,
            "--buckets" => buckets = true,
            "--sweep" => sweep = true,
            "--explain" => {
                let (a, b) = (args.next().unwrap_or_default(), args.next().unwrap_or_default());
                pairs_to_explain.push((a, b));
            }
            "--entity" => entity = args.next(),
            "--generated" => files.push(format!("generated:{}", args.next().unwrap_or_default())),
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("usage: cluster_eval FILE [FILE...] [--worst N] [--noise] [--pairs N] [--entity ID]");
        std::process::exit(2);
    }
    if !pairs_to_explain.is_empty() {
        // Weights from the first file's names (IDF over them).
        let (inputs, _) = load(&files[0]);
        let names: Vec<&str> = inputs.iter().map(|c| c.name.as_str()).collect();
        for (a, b) in &pairs_to_explain {
            println!("{a:?} ~ {b:?}\n  {}", explain(&namestd::cluster::compare(a, b, &names)));
        }
        return;
    }
    for file in &files {
        run(file, worst, noise, pairs, entity.as_deref(), buckets);
        if sweep {
            sweep_thresholds(file);
        }
    }
}

/// String-level pairwise and B-cubed figures at other edge/linkage thresholds.
fn sweep_thresholds(file: &str) {
    let (inputs, truth) = load(file);
    let truth_refs: Vec<&str> = truth.iter().map(String::as_str).collect();
    println!("\nthreshold sweep ({file}): edge link | P R F1 | b-cubed F1");
    for edge in [0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98] {
        for link in [0.70, edge - 0.05, edge] {
            let mut opts = namestd::cluster::ClusterOptions::default();
            opts.linkage.edge_threshold = edge;
            opts.linkage.link_threshold = link;
            let clustering = Clusterer::new(opts).cluster(&inputs);
            let eval = Evaluation::new(&clustering, &inputs, &truth_refs, 0);
            let s = &eval.strings;
            println!("  {edge:.2} {link:.2} | {:.4} {:.4} {:.4} | {:.4}", s.precision, s.recall, s.f1, eval.bcubed.f1);
        }
    }
}

/// The names and truth labels of a labelled file (or of the generated corpus).
fn load(file: &str) -> (Vec<ClusterInput>, Vec<String>) {
    let (mut inputs, mut truth) = (Vec::new(), Vec::new());
    if let Some(n) = file.strip_prefix("generated:") {
        let g = generate::labelled(n.parse().expect("--generated N"), 42);
        let labels = generate::entity_truth(&g);
        for (c, e) in g.names {
            inputs.push(c);
            truth.push(labels[e as usize].clone());
        }
    } else {
        let mut rdr = csv::Reader::from_path(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for r in rdr.records() {
            let r = r.expect("record");
            let count = r.get(2).and_then(|c| c.parse().ok()).unwrap_or(1);
            inputs.push(ClusterInput::new(r.get(1).unwrap_or("")).count(count));
            truth.push(r.get(0).unwrap_or("").to_string());
        }
    }
    (inputs, truth)
}

fn run(file: &str, worst: usize, noise: bool, pairs: usize, entity: Option<&str>, buckets: bool) {
    let (inputs, truth) = load(file);
    let truth_refs: Vec<&str> = truth.iter().map(String::as_str).collect();
    let started = Instant::now();
    let mut opts = namestd::cluster::ClusterOptions::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(edge) = env("EDGE") {
        opts.linkage.edge_threshold = edge;
    }
    if let Some(link) = env("LINK") {
        opts.linkage.link_threshold = link;
    }
    let clustering = Clusterer::new(opts).cluster(&inputs);
    let elapsed = started.elapsed();
    let eval = Evaluation::new(&clustering, &inputs, &truth_refs, worst);
    println!("== {file}");
    println!(
        "distinct names {}, truth entities {}, clusters {}, clustered in {:.2} s",
        eval.names,
        eval.truth_entities,
        eval.clusters,
        elapsed.as_secs_f64()
    );
    let b = &clustering.stats.blocking;
    println!(
        "candidates {} pairs ({} blocks, {} over cap, largest {}); edges {}; merges {} ({} refused)",
        b.candidate_pairs,
        b.blocks,
        b.blocks_over_cap,
        b.largest_block,
        clustering.stats.edges,
        clustering.stats.merges,
        clustering.stats.refused_merges
    );
    println!("{:<22} {:>9} {:>9} {:>9}", "", "precision", "recall", "f1");
    let line = |label: &str, p: &Pairwise| println!("{label:<22} {:>9.4} {:>9.4} {:>9.4}", p.precision, p.recall, p.f1);
    line("pairwise (strings)", &eval.strings);
    line("pairwise (mentions)", &eval.mentions);
    println!(
        "{:<22} {:>9.4} {:>9.4} {:>9.4}",
        "b-cubed (strings)", eval.bcubed.precision, eval.bcubed.recall, eval.bcubed.f1
    );
    if worst > 0 {
        println!("\nworst false merges ({}):", eval.false_merges.len());
        for (k, m) in eval.false_merges.iter().enumerate() {
            println!("{:>3}. {:?} [{}]", k + 1, m.a, m.truth_a);
            println!("     {:?} [{}]", m.b, m.truth_b);
            println!(
                "     -> {:?}: joined {}x{} names, edge {:.3}, linkage {:.3}",
                m.cluster_name, m.sides.0, m.sides.1, m.merge.score, m.merge.linkage
            );
            println!("     {}", explain(&m.similarity));
        }
        println!("\nworst missed merges ({}):", eval.missed_merges.len());
        for (k, m) in eval.missed_merges.iter().enumerate() {
            println!(
                "{:>3}. [{}] {} names in {} clusters, {} pairs missed",
                k + 1,
                m.truth,
                m.names,
                m.pieces,
                m.missed_pairs
            );
            println!("     {:?}", m.a);
            println!("     {:?}", m.b);
            println!("     {}", explain(&m.similarity));
        }
    }
    if let Some(id) = entity {
        pieces(&clustering, &inputs, &truth_refs, id);
    }
    if buckets {
        error_buckets(&clustering, &inputs, &truth_refs);
    }
    if noise || pairs > 0 {
        false_pairs_by_label(&clustering, &inputs, &truth_refs, noise, pairs);
    }
    println!();
}

/// Majority truth label of each entry, as `Evaluation` decides it.
fn entry_labels<'a>(
    clustering: &namestd::cluster::Clustering,
    inputs: &[ClusterInput],
    truth: &[&'a str],
) -> Vec<&'a str> {
    let mut votes: Vec<HashMap<&str, u64>> = vec![HashMap::new(); clustering.entries()];
    for (i, (inp, t)) in inputs.iter().zip(truth).enumerate() {
        *votes[clustering.entry_of_input(i) as usize].entry(t).or_default() += inp.count.max(1);
    }
    votes.iter().map(|v| v.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0))).map(|x| *x.0).unwrap_or("")).collect()
}

/// The clusters holding names of truth entity `id`, largest first, with their names.
fn pieces(clustering: &namestd::cluster::Clustering, inputs: &[ClusterInput], truth: &[&str], id: &str) {
    let labels = entry_labels(clustering, inputs, truth);
    let mut by: HashMap<usize, Vec<&str>> = HashMap::new();
    for (e, l) in labels.iter().enumerate() {
        if *l == id {
            by.entry(clustering.cluster_index_of_entry(e as u32)).or_default().push(clustering.entry_name(e as u32));
        }
    }
    let mut v: Vec<_> = by.into_iter().collect();
    v.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(x.0.cmp(&y.0)));
    println!("\nentity {id}: {} clusters", v.len());
    for (c, names) in v {
        let cl = &clustering.clusters[c];
        let others = cl.members.len() - names.len();
        println!(
            "  {} names (+{others} of other entities) {:?}: {:?}",
            names.len(),
            cl.name,
            &names[..names.len().min(6)]
        );
    }
}

/// Upper-case letters and digits only.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// Two truth labels that are spellings of one name: equal once spaces and punctuation are
/// dropped, or at most two edits apart on that squashed form (and both longer than 6).
fn near_identical(a: &str, b: &str) -> bool {
    let (x, y) = (squash(a), squash(b));
    x == y || (x.len().min(y.len()) > 6 && strsim::levenshtein(&x, &y) <= 2)
}

/// Function words left out when comparing labels word by word.
const LABEL_STOP: &[&str] = &["A", "AN", "AND", "AT", "BY", "DE", "DES", "FOR", "OF", "THE"];

/// Two words that are one spelled two ways: equal, a typo apart (at most two edits for
/// words of five letters or more) or one a truncation of the other of three letters or
/// more (`GEN` / `GENERAL`, `UNIV` / `UNIVERSITY`).
fn same_word(a: &str, b: &str) -> bool {
    a == b
        || (a.len().min(b.len()) >= 5 && strsim::damerau_levenshtein(a, b) <= 2)
        || (a.len().min(b.len()) >= 3 && (a.starts_with(b) || b.starts_with(a)))
}

/// Two truth labels that are the same words spelled differently: after dropping function
/// words and punctuation, every word of each label pairs with a word of the other
/// ([`same_word`]), the two labels having as many words.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_uppercase)
            .filter(|w| !LABEL_STOP.contains(&w.as_str()))
            .collect()
    };
    let (x, y) = (words(a), words(b));
    if x.is_empty() || x.len() != y.len() {
        return false;
    }
    let mut used = vec![false; y.len()];
    x.iter().all(|w| match (0..y.len()).find(|&j| !used[j] && same_word(w, &y[j])) {
        Some(j) => {
            used[j] = true;
            true
        }
        None => false,
    })
}

fn false_pairs_by_label(
    clustering: &namestd::cluster::Clustering,
    inputs: &[ClusterInput],
    truth: &[&str],
    noise: bool,
    top: usize,
) {
    let labels = entry_labels(clustering, inputs, truth);
    // Cluster -> label -> names.
    let mut by_cluster: HashMap<usize, HashMap<&str, u64>> = HashMap::new();
    for (e, l) in labels.iter().enumerate() {
        *by_cluster.entry(clustering.cluster_index_of_entry(e as u32)).or_default().entry(l).or_default() += 1;
    }
    let mut per_pair: HashMap<(&str, &str), u64> = HashMap::new();
    for m in by_cluster.values() {
        let mut ls: Vec<(&str, u64)> = m.iter().map(|(k, v)| (*k, *v)).collect();
        ls.sort();
        for i in 0..ls.len() {
            for j in i + 1..ls.len() {
                *per_pair.entry((ls[i].0, ls[j].0)).or_default() += ls[i].1 * ls[j].1;
            }
        }
    }
    let total: u64 = per_pair.values().sum();
    if noise {
        let noisy: u64 = per_pair.iter().filter(|((a, b), _)| near_identical(a, b)).map(|(_, v)| *v).sum();
        let noisy_n = per_pair.keys().filter(|(a, b)| near_identical(a, b)).count();
        let same = |a: &str, b: &str| near_identical(a, b) || same_words(a, b);
        let words: u64 = per_pair.iter().filter(|((a, b), _)| same(a, b)).map(|(_, v)| *v).sum();
        let words_n = per_pair.keys().filter(|(a, b)| same(a, b)).count();
        println!(
            "\nfalse pairs {total} over {} label pairs; near-identical labels: {noisy} pairs ({:.1}%) over {noisy_n} label pairs; \
             same words (typos, truncations, word order) or near-identical: {words} pairs ({:.1}%) over {words_n} label pairs",
            per_pair.len(),
            100.0 * noisy as f64 / total.max(1) as f64,
            100.0 * words as f64 / total.max(1) as f64
        );
    }
    if top > 0 {
        let mut v: Vec<_> = per_pair.into_iter().collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        println!("\ntruth-label pairs with most false pairs:");
        for ((a, b), n) in v.into_iter().take(top) {
            let tag = if near_identical(a, b) {
                " (near-identical labels)"
            } else if same_words(a, b) {
                " (same words)"
            } else {
                ""
            };
            println!("{n:>6}  [{a}] ~ [{b}]{tag}");
        }
    }
}

/// One line of explanation of a similarity (as `namestd eval` prints it).
fn explain(s: &Similarity) -> String {
    let matches: Vec<String> = s
        .matches
        .iter()
        .map(|m| {
            if m.a == m.b {
                format!("{}({:.1})", m.a, m.weight)
            } else {
                format!("{}~{}({:?} {:.2}, {:.1})", m.a, m.b, m.kind, m.similarity, m.weight)
            }
        })
        .collect();
    let mut text = format!(
        "score {:.3} = tokens {:.3} - penalty {:.2}; matched [{}]; only a [{}]; only b [{}]",
        s.score,
        s.tokens,
        s.penalty,
        matches.join(" "),
        s.unmatched_a.join(" "),
        s.unmatched_b.join(" ")
    );
    if let Some(v) = s.veto {
        text.push_str(&format!("; veto {v:?}"));
    }
    text.push_str(&format!("; legal form {:?}, country {:?}, digits {:?}", s.legal_form, s.country, s.digits));
    text
}

/// Missed and false pairs split by where they were lost or what made them.
fn error_buckets(clustering: &namestd::cluster::Clustering, inputs: &[ClusterInput], truth: &[&str]) {
    use namestd::cluster::{blocking, BlockingOptions};
    use std::collections::HashSet;
    let labels = entry_labels(clustering, inputs, truth);
    let corpus = clustering.corpus();
    let (cands, _) = blocking::candidates(corpus, &BlockingOptions::default());
    let cands: HashSet<(u32, u32)> = cands.into_iter().collect();
    let threshold = namestd::cluster::LinkageOptions::default().edge_threshold;
    let mut by_label: HashMap<&str, Vec<u32>> = HashMap::new();
    for (e, l) in labels.iter().enumerate() {
        by_label.entry(l).or_default().push(e as u32);
    }
    let mut missed: HashMap<String, u64> = HashMap::new();
    let mut below_only: HashMap<String, u64> = HashMap::new();
    let mut examples: HashMap<String, Vec<String>> = HashMap::new();
    let mut total = 0u64;
    let mut keys: Vec<&&str> = by_label.keys().collect();
    keys.sort();
    for l in keys {
        let es = &by_label[*l];
        for (k, &x) in es.iter().enumerate() {
            for &y in &es[k + 1..] {
                if clustering.cluster_index_of_entry(x) == clustering.cluster_index_of_entry(y) {
                    continue;
                }
                total += 1;
                let s = clustering.explain(x, y);
                let cand = cands.contains(&(x.min(y), x.max(y)));
                let what = match (s.veto, s.score) {
                    (Some(v), _) => format!("veto {v:?}"),
                    (None, sc) if sc >= threshold => "edge-worthy".to_string(),
                    (None, sc) if sc >= 0.7 => "score 0.7-0.8".to_string(),
                    (None, sc) if sc >= 0.5 => "score 0.5-0.7".to_string(),
                    _ => "score < 0.5".to_string(),
                };
                let b = format!("{}{what}", if cand { "candidate, " } else { "not candidate, " });
                *missed.entry(b.clone()).or_default() += 1;
                if s.veto.is_none() && s.score < threshold {
                    for t in s.unmatched_a.iter().chain(&s.unmatched_b) {
                        *below_only.entry(t.clone()).or_default() += 1;
                    }
                }
                let ex = examples.entry(b).or_default();
                if ex.len() < 4 && (total % 7 == 0) {
                    ex.push(format!(
                        "{:?} / {:?}: {}",
                        clustering.entry_name(x),
                        clustering.entry_name(y),
                        explain(&s)
                    ));
                }
            }
        }
    }
    let mut v: Vec<_> = missed.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("\nmissed pairs {total} (distinct entries), by where they were lost:");
    for (b, n) in &v {
        println!("{n:>8}  {b}");
        for e in examples.get(b).into_iter().flatten() {
            println!("            {e}");
        }
    }
    let mut w: Vec<_> = below_only.into_iter().collect();
    w.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = w.iter().take(40).map(|(t, n)| format!("{t}:{n}")).collect();
    println!("unmatched tokens in missed pairs below threshold: {}", top.join(" "));
    // False pairs.
    let mut members: HashMap<usize, Vec<u32>> = HashMap::new();
    for e in 0..clustering.entries() as u32 {
        members.entry(clustering.cluster_index_of_entry(e)).or_default().push(e);
    }
    let mut falses: HashMap<String, u64> = HashMap::new();
    let mut ftotal = 0u64;
    let mut fexamples: HashMap<String, Vec<String>> = HashMap::new();
    for ms in members.values() {
        for (k, &x) in ms.iter().enumerate() {
            for &y in &ms[k + 1..] {
                if labels[x as usize] == labels[y as usize] {
                    continue;
                }
                ftotal += 1;
                let s = clustering.explain(x, y);
                let mut kinds: Vec<String> = s
                    .matches
                    .iter()
                    .filter(|m| m.a != m.b)
                    .map(|m| format!("{:?}", m.kind))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                if kinds.is_empty() {
                    kinds.push("exact".into());
                }
                let one_sided = s.unmatched_a.is_empty() || s.unmatched_b.is_empty();
                let b = format!(
                    "{} {}{}",
                    if s.veto.is_some() {
                        "vetoed-but-joined"
                    } else if s.score >= threshold {
                        "edge-worthy"
                    } else {
                        "joined-through-others"
                    },
                    kinds.join("+"),
                    if one_sided { " subset" } else { "" }
                );
                *falses.entry(b.clone()).or_default() += 1;
                let ex = fexamples.entry(b).or_default();
                if ex.len() < 3 && ftotal % 11 == 0 {
                    ex.push(format!(
                        "{:?} [{}] / {:?} [{}]: {}",
                        clustering.entry_name(x),
                        labels[x as usize],
                        clustering.entry_name(y),
                        labels[y as usize],
                        explain(&s)
                    ));
                }
            }
        }
    }
    let mut v: Vec<_> = falses.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("\nfalse pairs {ftotal} (distinct entries), by features:");
    for (b, n) in v.iter().take(25) {
        println!("{n:>8}  {b}");
        for e in fexamples.get(b).into_iter().flatten() {
            println!("            {e}");
        }
    }
}
