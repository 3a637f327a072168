//! The generated name corpus shared by `benches/cluster_scale.rs` and
//! `examples/peers.rs` (included with `#[path]`): a realistic variant corpus made from the
//! real names of `data/eval/` (NBER assignees, PATSTAT Leuven, SEC foreign issuers).
//!
//! Entities are real names, and new entities made from real names by replacing their most
//! distinctive word with a new word spliced from two real ones (so the corpus grows in
//! entities, not only in variants). Each entity gets 1 to 8 variants (mean about 3): case
//! changes, punctuation dropped or added, legal forms swapped (`Inc.` / `Inc` /
//! `Incorporated` / `Corp.`), company words abbreviated (`Company` → `Co.`), one-letter
//! typos, `The` dropped, two words swapped.

use namestd::ClusterInput;

/// SplitMix64: small, deterministic, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// The real names the corpus starts from, distinct and sorted.
pub fn real_names() -> Vec<String> {
    let mut out = Vec::new();
    for (text, col) in [
        (include_str!("../../data/eval/nber-subset-assignees-benchmark-distinct-names.csv"), 1),
        (include_str!("../../data/eval/patstat-leuven-distinct-names.csv"), 1),
    ] {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        out.extend(rdr.records().filter_map(|r| r.ok()).filter_map(|r| r.get(col).map(str::to_string)));
    }
    let sec = include_str!("../../data/eval/sec_foreign_issuers_2002_companies.csv");
    out.extend(sec.lines().filter_map(|l| l.split(';').next()).map(str::to_string));
    out.sort();
    out.dedup();
    out
}

const LEGAL: &[&[&str]] = &[
    &["Inc.", "Inc", "Incorporated", "INC"],
    &["Corp.", "Corporation", "Corp"],
    &["Co., Ltd.", "Co. Ltd", "Company Limited", "Co Ltd"],
    &["Ltd.", "Limited", "Ltd"],
    &["GmbH", "G.m.b.H.", "Gesellschaft mit beschrankter Haftung"],
    &["AG", "Aktiengesellschaft", "A.G."],
    &["N.V.", "NV", "N. V."],
    &["B.V.", "BV"],
    &["LLC", "L.L.C.", "Limited Liability Company"],
    &["S.A.", "SA"],
];

const ABBREV: &[(&str, &str)] = &[
    ("Company", "Co."),
    ("Corporation", "Corp."),
    ("International", "Intl."),
    ("University", "Univ."),
    ("Laboratories", "Labs"),
    ("Technologies", "Tech."),
    ("Manufacturing", "Mfg."),
    ("Research", "Res."),
    ("Department", "Dept."),
];

/// A new entity from a real name: its longest word replaced by a word spliced from two
/// real words.
fn new_entity(rng: &mut Rng, base: &str, words: &[&str]) -> String {
    let mut toks: Vec<String> = base.split_whitespace().map(str::to_string).collect();
    if toks.is_empty() {
        return base.to_string();
    }
    let (k, _) = toks.iter().enumerate().max_by_key(|(i, t)| (t.len(), usize::MAX - i)).unwrap_or((0, &toks[0]));
    let (a, b) = (words[rng.below(words.len())], words[rng.below(words.len())]);
    let word = format!("{}{}", &a[..a.len().div_ceil(2)], &b[b.len() / 2..]);
    let mut chars = word.chars();
    toks[k] =
        chars.next().map(|c| c.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()).unwrap_or(word);
    toks.join(" ")
}

fn typo(rng: &mut Rng, word: &str) -> String {
    let mut c: Vec<char> = word.chars().collect();
    if c.len() < 5 {
        return word.to_string();
    }
    let i = 1 + rng.below(c.len() - 2);
    match rng.below(3) {
        0 => {
            c.remove(i);
        }
        1 => c.swap(i, i + 1),
        _ => c[i] = (b'a' + rng.below(26) as u8) as char,
    }
    c.into_iter().collect()
}

pub fn variant(rng: &mut Rng, name: &str) -> String {
    let mut toks: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    if toks.is_empty() {
        return name.to_string();
    }
    // legal form swap
    if rng.chance(0.4) {
        let text = toks.join(" ");
        let found = LEGAL.iter().find_map(|g| g.iter().find(|f| text.ends_with(**f)).map(|f| (g, *f)));
        if let Some((group, form)) = found {
            let other = group[rng.below(group.len())];
            let stem = text[..text.len() - form.len()].trim_end().trim_end_matches(',');
            toks = format!("{stem}{}{other}", if rng.chance(0.5) { ", " } else { " " })
                .split_whitespace()
                .map(str::to_string)
                .collect();
        } else if rng.chance(0.5) {
            let g = LEGAL[rng.below(LEGAL.len())];
            toks.push(g[rng.below(g.len())].to_string());
        }
    }
    if rng.chance(0.2) {
        for t in toks.iter_mut() {
            if let Some((_, abbr)) = ABBREV.iter().find(|(w, _)| t.eq_ignore_ascii_case(w)) {
                *t = abbr.to_string();
            }
        }
    }
    if rng.chance(0.25) {
        let k = rng.below(toks.len());
        toks[k] = typo(rng, &toks[k]);
    }
    if rng.chance(0.1) && toks.first().is_some_and(|t| t.eq_ignore_ascii_case("the")) {
        toks.remove(0);
    }
    if rng.chance(0.05) && toks.len() >= 3 {
        let k = rng.below(toks.len() - 1);
        toks.swap(k, k + 1);
    }
    let mut out = toks.join(" ");
    if rng.chance(0.3) {
        out = out.replace(['.', ','], "");
    }
    match rng.below(4) {
        0 => out.to_uppercase(),
        1 if rng.chance(0.3) => out.to_lowercase(),
        _ => out,
    }
}

/// A generated corpus: the entities' base names and the names, each with the index of its
/// entity.
pub struct Labelled {
    /// Base name of each entity (entity `e` is `entities[e]`).
    pub entities: Vec<String>,
    /// The names with their mention counts, each with its entity.
    pub names: Vec<(ClusterInput, u32)>,
    /// Entities below this index are real names (`real_names()[e]`); the others are new.
    pub real: usize,
}

/// `n` names: entities with 1 to 8 variants each, shuffled deterministically.
pub fn labelled(n: usize, seed: u64) -> Labelled {
    let real = real_names();
    let words: Vec<&str> = real
        .iter()
        .flat_map(|n| n.split_whitespace())
        .filter(|w| w.len() >= 5 && w.bytes().all(|b| b.is_ascii_alphabetic()))
        .collect();
    let mut rng = Rng(seed);
    let mut out: Vec<(ClusterInput, u32)> = Vec::with_capacity(n);
    let mut entities: Vec<String> = Vec::new();
    let mut e = 0usize;
    while out.len() < n {
        let base = &real[e % real.len()];
        let entity = if e < real.len() { base.clone() } else { new_entity(&mut rng, base, &words) };
        e += 1;
        let variants = 1 + rng.below(4) + rng.below(5);
        for _ in 0..variants {
            if out.len() >= n {
                break;
            }
            let name = if rng.chance(0.3) { entity.clone() } else { variant(&mut rng, &entity) };
            out.push((ClusterInput::new(name).count(1 + rng.below(3) as u64), entities.len() as u32));
        }
        entities.push(entity);
    }
    for i in (1..out.len()).rev() {
        let j = rng.below(i + 1);
        out.swap(i, j);
    }
    Labelled { entities, names: out, real: real.len() }
}

/// The labelled entity of each real name of `data/eval/` (NBER `unique_id` as `nber:…`,
/// Leuven as `leuven:…`; a name in both or in several entities: most mentions, then the
/// smallest label).
fn real_truth() -> std::collections::HashMap<String, String> {
    let mut votes: std::collections::HashMap<String, std::collections::HashMap<String, u64>> =
        std::collections::HashMap::new();
    for (tag, text) in [
        ("nber:", include_str!("../../data/eval/nber-subset-assignees-benchmark-distinct-names.csv")),
        ("leuven:", include_str!("../../data/eval/patstat-leuven-distinct-names.csv")),
    ] {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        for r in rdr.records().filter_map(|r| r.ok()) {
            let (Some(id), Some(name)) = (r.get(0), r.get(1)) else { continue };
            let n: u64 = r.get(2).and_then(|c| c.parse().ok()).unwrap_or(1);
            *votes.entry(name.to_string()).or_default().entry(format!("{tag}{id}")).or_default() += n;
        }
    }
    votes
        .into_iter()
        .map(|(name, v)| {
            let best = v.into_iter().min_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0))).map(|x| x.0).unwrap_or_default();
            (name, best)
        })
        .collect()
}

/// The truth label of each entity of a generated corpus: for an entity that is a real
/// name, that name's labelled entity (so `MOTOROLA INC` and `Motorola, Inc.` are one);
/// a new entity is its own.
pub fn entity_truth(g: &Labelled) -> Vec<String> {
    let truth = real_truth();
    g.entities
        .iter()
        .enumerate()
        .map(|(e, name)| {
            if e < g.real {
                truth.get(name).cloned().unwrap_or_else(|| format!("sec:{name}"))
            } else {
                format!("new:{e}")
            }
        })
        .collect()
}
