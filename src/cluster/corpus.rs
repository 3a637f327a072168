//! The corpus being clustered: distinct names standardized once, their tokens interned in a
//! vocabulary with document frequencies (IDF weights), and fuzzy token neighbours.
//!
//! Everything here is ordered by content, never by arrival: the vocabulary is sorted, the
//! distinct names are ranked by (sorted key, name, country), so every index is the same
//! whatever the input order and the thread count.

/// The fast hash map clustering uses, for the lookup index too.
pub(crate) use super::fxhash::FxHashMap;
use super::fxhash::FxHasher;
use super::similarity::token_similarity;
use super::ClusterInput;
use crate::model::{Kind, NameInput};
use crate::pipeline::Standardizer;
use rayon::prelude::*;
use std::hash::Hasher;

/// At most this many tokens of a name are compared (the rest are ignored).
pub const MAX_TOKENS: usize = 64;
/// Share of its IDF weight a legal-form token left in the core keeps.
pub const LEGAL_FORM_TOKEN_WEIGHT: f32 = 0.2;
/// Share of its IDF weight an honorific (`koninklijke`, `royal`) keeps.
pub const HONORIFIC_TOKEN_WEIGHT: f32 = 0.5;

/// The interned tokens of a corpus with their document frequency and weight.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Token text, sorted; a token's id is its index.
    pub text: Vec<Box<str>>,
    /// Number of distinct names holding the token.
    pub df: Vec<u32>,
    /// IDF weight: `ln(1 + N / df)`.
    pub weight: Vec<f32>,
    /// Whether the token holds a digit (digit tokens never match fuzzily).
    pub digit: Vec<bool>,
    /// Whether the token is itself a legal form (`nv`, `bv`, `gmbh`) left in the core, or an
    /// honorific (`koninklijke`, `royal`): it weighs [`LEGAL_FORM_TOKEN_WEIGHT`] (an
    /// honorific [`HONORIFIC_TOKEN_WEIGHT`]) of its IDF weight and is not blocked on.
    pub legal: Vec<bool>,
    /// Fuzzy neighbours of each token (one or two edits, same first letter), with their
    /// similarity, sorted by token id.
    pub neighbours: Vec<Vec<(u32, f32)>>,
}

impl Vocabulary {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The id of a token.
    pub fn id(&self, token: &str) -> Option<u32> {
        self.text.binary_search_by(|t| (**t).cmp(token)).ok().map(|i| i as u32)
    }
}

/// Legal-form facts of a name, as clustering compares them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegalFacts {
    /// Canonical abbreviation (`NV`, `INC`).
    pub canonical: Box<str>,
    /// Generic class (`LLC`, `JSC`), empty if unknown.
    pub generic: Box<str>,
    /// Candidate jurisdictions.
    pub jurisdictions: Vec<Box<str>>,
}

/// One distinct name of the corpus, standardized, with what clustering needs of it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The raw name.
    pub name: String,
    /// The country given with it.
    pub country: Option<String>,
    /// Mentions (sum of the counts given for this name and country).
    pub count: u64,
    /// Token ids, in name order, each once (a word of the represented body may repeat one
    /// before it: [`super::tokens::represented_body`]), at most [`MAX_TOKENS`].
    pub tokens: Vec<u32>,
    /// The comparison key: the distinct compared tokens, sorted.
    pub key: String,
    /// The main legal form.
    pub legal: Option<LegalFacts>,
    /// The country the pipeline settled on (hint or tag in the name).
    pub std_country: Option<String>,
    /// Organization, person or unknown.
    pub kind: Kind,
    /// Nothing was moved aside or repaired by cleaning.
    pub well_formed: bool,
    /// Written in mixed case (not all capitals).
    pub mixed_case: bool,
}

/// The prepared corpus.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Distinct names, in content order (the index is the name's rank).
    pub entries: Vec<Entry>,
    /// The vocabulary of their tokens.
    pub vocab: Vocabulary,
    /// For each input record, the index of its entry.
    pub input_entry: Vec<u32>,
}

struct Prepared {
    name: String,
    country: Option<String>,
    count: u64,
    tokens: Vec<String>,
    key: String,
    legal: Option<LegalFacts>,
    std_country: Option<String>,
    kind: Kind,
    well_formed: bool,
    mixed_case: bool,
}

fn prepare_one(std: &Standardizer, name: &str, country: Option<&str>, count: u64) -> Prepared {
    let mut input = NameInput::new(name);
    input.country = country;
    // The pipeline finds a legal form before a trailing place itself (`AKZO NOBEL N.V.,
    // ARNHEM`) and never panics (property-tested), so one run per name is all it takes.
    let s = std.standardize_input(&input);
    // An apostrophe inside or after a word does not split it (`PHILIP'S` is `philips`,
    // `AL'KATEL'` is `alkatel`), though the pipeline's keys split there.
    let joined_keys;
    let folded: Vec<&str> = if s.kind != Kind::Person && s.core.contains(['\'', '\u{2019}']) {
        joined_keys = crate::keys::key_tokens(&s.core.replace(['\'', '\u{2019}'], ""));
        joined_keys.iter().map(String::as_str).collect()
    } else {
        s.keys.tokens().collect()
    };
    // A capital letter alone at the end of a name (not a person's) with no legal form is a
    // legal form cut short by a field limit (`AKZO NOBEL N`, `SHELL INTERNATIONALE RESEARCH
    // MAATSCHAPPIJ B`): not a word of the name. Not a Roman numeral (`Universite de Paris V`)
    // or the last of several initials (`Louisiana State University A & M`).
    let folded: &[&str] = match folded.split_last() {
        Some((last, rest))
            if s.kind != Kind::Person
                && s.legal_form.is_none()
                && rest.len() >= 2
                && rest[rest.len() - 1].len() > 1
                && truncated_form(name, last) =>
        {
            rest
        }
        _ => &folded,
    };
    let mut tokens: Vec<String> = Vec::new();
    let all = super::tokens::cluster_tokens(folded.iter().copied());
    let body = super::tokens::represented_body(all.iter().map(String::as_str));
    let mut body_start = usize::MAX;
    for (i, t) in all.into_iter().enumerate() {
        if tokens.len() >= MAX_TOKENS {
            break;
        }
        if body & (1 << i.min(63)) != 0 && body_start == usize::MAX {
            body_start = tokens.len();
        }
        // Each token once, except that the represented body keeps its own copy of a word
        // the name also has before it (`State of Oregon ... on behalf of Oregon State
        // University`): the body is compared as a whole.
        let seen = tokens.iter().enumerate().any(|(k, x)| *x == t && (body & (1 << i.min(63)) == 0 || k >= body_start));
        if !seen {
            tokens.push(t);
        }
    }
    let legal = s.legal_form.as_ref().map(|f| LegalFacts {
        canonical: f.canonical.as_str().into(),
        generic: f.generic.as_str().into(),
        jurisdictions: f.jurisdictions.iter().map(|j| j.as_str().into()).collect(),
    });
    let has_lower = name.chars().any(char::is_lowercase);
    let has_upper = name.chars().any(char::is_uppercase);
    Prepared {
        name: name.to_string(),
        country: country.map(str::to_string),
        count,
        key: sorted_key(&tokens),
        tokens,
        legal,
        std_country: s.country.clone(),
        kind: s.kind,
        well_formed: s.aside.is_empty() && s.cleaned == name.trim(),
        mixed_case: has_lower && has_upper,
    }
}

/// Whether the name ends with a space and the capital letter that is its last key token
/// `last` (the shape of a legal form cut short: `... N`, `... B`), not `I`, `V` or `X`
/// (Roman numerals).
fn truncated_form(name: &str, last: &str) -> bool {
    let b = name.trim_end().as_bytes();
    last.len() == 1
        && !matches!(last, "i" | "v" | "x")
        && b.len() >= 3
        && b[b.len() - 1].is_ascii_uppercase()
        && b[b.len() - 1].to_ascii_lowercase() == last.as_bytes()[0]
        && b[b.len() - 2] == b' '
}

/// The distinct tokens, sorted, joined by a space.
fn sorted_key(tokens: &[String]) -> String {
    let mut k: Vec<&str> = tokens.iter().map(String::as_str).collect();
    k.sort_unstable();
    k.dedup();
    k.join(" ")
}

/// Builds the corpus: distinct (name, country) pairs, standardized in parallel, ranked by
/// content, tokens interned with document frequencies and fuzzy neighbours.
pub fn build(std: &Standardizer, inputs: &[ClusterInput]) -> Corpus {
    // Distinct (name, country), counts summed.
    let (distinct, input_distinct) = distinct_inputs(inputs, input_hash);
    let mut prepared: Vec<Prepared> = distinct
        .par_iter()
        .map(|&(i, count)| {
            let x = &inputs[i as usize];
            prepare_one(std, &x.name, x.country.as_deref(), count)
        })
        .collect();
    // Misspelled company words, looked up once per distinct token.
    let distinct_tokens: Vec<&str> = token_counts(&prepared).into_keys().collect();
    let typos: FxHashMap<String, &'static str> = distinct_tokens
        .par_iter()
        .filter_map(|&t| super::tokens::company_word_typo(t).map(|h| (t.to_string(), h)))
        .collect();
    drop(distinct_tokens);
    if !typos.is_empty() {
        prepared.par_iter_mut().for_each(|p| {
            if !p.tokens.iter().any(|t| typos.contains_key(t)) {
                return;
            }
            let mut tokens: Vec<String> = Vec::with_capacity(p.tokens.len());
            for t in p.tokens.drain(..) {
                let t = typos.get(&t).map(|h| h.to_string()).unwrap_or(t);
                if !tokens.contains(&t) {
                    tokens.push(t);
                }
            }
            p.key = sorted_key(&tokens);
            p.tokens = tokens;
        });
    }

    // Rank by content: (key, name, country).
    // The first 8 bytes of the key settle most comparisons without reading the strings.
    let mut rank: Vec<(u64, u32)> =
        prepared.par_iter().enumerate().map(|(d, p)| (prefix_code(&p.key), d as u32)).collect();
    rank.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let (x, y) = (&prepared[a.1 as usize], &prepared[b.1 as usize]);
            (x.key.as_str(), x.name.as_str(), x.country.as_deref()).cmp(&(
                y.key.as_str(),
                y.name.as_str(),
                y.country.as_deref(),
            ))
        })
    });
    let rank: Vec<u32> = rank.into_iter().map(|r| r.1).collect();
    let mut position = vec![0u32; prepared.len()];
    for (pos, &d) in rank.iter().enumerate() {
        position[d as usize] = pos as u32;
    }
    let input_entry: Vec<u32> = input_distinct.iter().map(|&d| position[d as usize]).collect();

    // Vocabulary: distinct tokens sorted; df counted per distinct name.
    let mut words: Vec<(&str, u32)> = token_counts(&prepared).into_iter().collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let n = prepared.len().max(1) as f64;
    let text: Vec<Box<str>> = words.iter().map(|(w, _)| Box::<str>::from(*w)).collect();
    let df: Vec<u32> = words.iter().map(|w| w.1).collect();
    let digit: Vec<bool> = text.par_iter().map(|t| t.chars().any(|c| c.is_ascii_digit())).collect();
    let legal: Vec<bool> = text.par_iter().map(|t| is_legal_form_token(t)).collect();
    let weight: Vec<f32> = df
        .iter()
        .zip(&legal)
        .zip(&text)
        .map(|((&d, &l), t)| {
            if super::tokens::is_honorific(t) {
                HONORIFIC_TOKEN_WEIGHT * idf(n, d)
            } else if l {
                LEGAL_FORM_TOKEN_WEIGHT * idf(n, d)
            } else {
                idf(n, d)
            }
        })
        .collect();
    drop(words);
    // Token ids looked up in parallel in one shared map.
    let mut token_ids: Vec<Vec<u32>> = {
        let ids: FxHashMap<&str, u32> = text.iter().enumerate().map(|(i, w)| (&**w, i as u32)).collect();
        prepared.par_iter().map(|p| p.tokens.iter().filter_map(|t| ids.get(t.as_str()).copied()).collect()).collect()
    };

    let mut slots: Vec<Option<Prepared>> = prepared.into_iter().map(Some).collect();
    let mut entries: Vec<Entry> = Vec::with_capacity(slots.len());
    for &d in &rank {
        let Some(p) = slots[d as usize].take() else { continue };
        entries.push(Entry {
            name: p.name,
            country: p.country,
            count: p.count,
            tokens: std::mem::take(&mut token_ids[d as usize]),
            key: p.key,
            legal: p.legal,
            std_country: p.std_country,
            kind: p.kind,
            well_formed: p.well_formed,
            mixed_case: p.mixed_case,
        });
    }
    let mut vocab = Vocabulary { text, df, weight, digit, legal, neighbours: Vec::new() };
    vocab.neighbours = fuzzy_neighbours(&vocab);
    Corpus { entries, vocab, input_entry }
}

/// The hash an input is grouped by: its name and country.
fn input_hash(x: &ClusterInput) -> u64 {
    let mut h = FxHasher::default();
    h.write(x.name.as_bytes());
    h.write_u8(0xff);
    if let Some(c) = &x.country {
        h.write_u8(1);
        h.write(c.as_bytes());
    }
    h.finish()
}

/// The distinct (name, country) pairs of the inputs as (first input, summed count), and
/// the distinct pair of each input. Inputs are grouped by a 64-bit hash of the pair (a
/// sort of integers, not of strings); a hash shared by different pairs only costs a sort
/// of that run by content. The order of the distinct pairs is the hashes' (the corpus
/// ranks them by content afterwards).
fn distinct_inputs(inputs: &[ClusterInput], hash: impl Fn(&ClusterInput) -> u64 + Sync) -> (Vec<(u32, u64)>, Vec<u32>) {
    let same = |a: u32, b: u32| {
        let (x, y) = (&inputs[a as usize], &inputs[b as usize]);
        x.name == y.name && x.country == y.country
    };
    let mut keyed: Vec<(u64, u32)> = inputs.par_iter().enumerate().map(|(i, x)| (hash(x), i as u32)).collect();
    keyed.par_sort_unstable();
    let clashes: Vec<u64> = (1..keyed.len())
        .into_par_iter()
        .filter(|&k| keyed[k].0 == keyed[k - 1].0 && !same(keyed[k].1, keyed[k - 1].1))
        .map(|k| keyed[k].0)
        .collect();
    for h in clashes {
        let (s, e) = (keyed.partition_point(|x| x.0 < h), keyed.partition_point(|x| x.0 <= h));
        keyed[s..e].sort_unstable_by(|a, b| {
            let (x, y) = (&inputs[a.1 as usize], &inputs[b.1 as usize]);
            (x.name.as_str(), x.country.as_deref(), a.1).cmp(&(y.name.as_str(), y.country.as_deref(), b.1))
        });
    }
    // Whether each input (in hash order) starts a new distinct pair, and its count.
    let starts: Vec<(bool, u64)> = (0..keyed.len())
        .into_par_iter()
        .map(|k| {
            let new = k == 0 || keyed[k].0 != keyed[k - 1].0 || !same(keyed[k].1, keyed[k - 1].1);
            (new, inputs[keyed[k].1 as usize].count.max(1))
        })
        .collect();
    let mut distinct: Vec<(u32, u64)> = Vec::new();
    let mut input_distinct = vec![0u32; inputs.len()];
    for (&(_, i), &(new, count)) in keyed.iter().zip(&starts) {
        if new {
            distinct.push((i, 0));
        }
        let last = distinct.len() - 1;
        distinct[last].1 += count;
        input_distinct[i as usize] = last as u32;
    }
    (distinct, input_distinct)
}

/// The first 8 bytes of a string, big-endian, zero-padded: ordered as the strings are
/// where they differ.
fn prefix_code(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// The distinct tokens of the names with the number of names holding each (one pass
/// over the names' tokens into one map: less CPU than a sort of every token, and than
/// maps sharded over threads, which took 10.2 s of CPU against 5.9 s at 10^7 names).
fn token_counts(prepared: &[Prepared]) -> FxHashMap<&str, u32> {
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    for p in prepared {
        for (k, t) in p.tokens.iter().enumerate() {
            if !p.tokens[..k].contains(t) {
                *counts.entry(t.as_str()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Whether a folded token is, alone, a legal form of the embedded tables (`nv`, `gmbh`),
/// or an honorific that prefixes company names (`koninklijke`, `royal`:
/// [`super::tokens::HONORIFICS`]).
fn is_legal_form_token(token: &str) -> bool {
    super::tokens::is_honorific(token)
        || (token.len() <= 6
            && namestd_dictionaries::legal_form_tokens().get(namestd_dictionaries::key::form_key(token)).is_some())
}

/// The IDF weight of a token held by `df` of `n` names.
pub fn idf(n: f64, df: u32) -> f32 {
    (1.0 + n / f64::from(df.max(1))).ln() as f32
}

/// Tokens one deletion apart (SymSpell-style deletion keys), verified with
/// [`token_similarity`]: the fuzzy neighbours of each token, found without comparing all
/// pairs of the vocabulary.
fn fuzzy_neighbours(vocab: &Vocabulary) -> Vec<Vec<(u32, f32)>> {
    const GROUP_CAP: usize = 64;
    // Deletion keys as 64-bit hashes: a collision only costs a verification.
    let hash = |chars: &mut dyn Iterator<Item = char>| {
        let mut h = FxHasher::default();
        for c in chars {
            h.write_u32(c as u32);
        }
        h.finish()
    };
    let mut keys: Vec<(u64, u32)> = (0..vocab.len())
        .into_par_iter()
        .filter(|&i| !vocab.digit[i] && vocab.text[i].chars().count() >= super::similarity::FUZZY_MIN_CHARS)
        .flat_map_iter(|i| {
            let t: Vec<char> = vocab.text[i].chars().collect();
            let mut out: Vec<(u64, u32)> = Vec::with_capacity(t.len() + 1);
            out.push((hash(&mut t.iter().copied()), i as u32));
            for skip in 0..t.len() {
                out.push((hash(&mut t.iter().enumerate().filter(|&(k, _)| k != skip).map(|(_, c)| *c)), i as u32));
            }
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    keys.par_sort_unstable();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for k in 1..=keys.len() {
        if k == keys.len() || keys[k].0 != keys[start].0 {
            if k - start >= 2 && k - start <= GROUP_CAP {
                groups.push((start, k));
            }
            start = k;
        }
    }
    let mut pairs: Vec<(u32, u32, f32)> = groups
        .par_iter()
        .flat_map_iter(|&(s, e)| {
            let mut out = Vec::new();
            for x in s..e {
                for y in x + 1..e {
                    let (a, b) = (keys[x].1, keys[y].1);
                    if a == b {
                        continue;
                    }
                    let (a, b) = (a.min(b), a.max(b));
                    if let Some(sim) = token_similarity(&vocab.text[a as usize], &vocab.text[b as usize]) {
                        out.push((a, b, sim as f32));
                    }
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    pairs.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
    let mut out: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocab.len()];
    for (a, b, s) in pairs {
        out[a as usize].push((b, s));
        out[b as usize].push((a, s));
    }
    for v in &mut out {
        v.sort_unstable_by_key(|x| x.0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_inputs_survive_hash_clashes() {
        let inputs = vec![
            ClusterInput::new("B").count(2),
            ClusterInput::new("A"),
            ClusterInput::new("B").country("US"),
            ClusterInput::new("A").count(3),
            ClusterInput::new("B"),
        ];
        for hash in [input_hash as fn(&ClusterInput) -> u64, |_: &ClusterInput| 7u64] {
            let (distinct, of_input) = distinct_inputs(&inputs, hash);
            assert_eq!(distinct.len(), 3);
            let first = |i: usize| distinct[of_input[i] as usize];
            assert_eq!(first(0), (0, 3));
            assert_eq!(first(4), (0, 3));
            assert_eq!(first(1), (1, 4));
            assert_eq!(first(3), (1, 4));
            assert_eq!(first(2), (2, 1));
        }
    }

    #[test]
    fn prefix_codes_order_as_strings_where_they_differ() {
        let words = ["", "a", "ab", "abcdefgh", "abcdefgz", "abcdefghij", "b", "é", "zz"];
        for x in words {
            for y in words {
                let (a, b) = (prefix_code(x), prefix_code(y));
                if a != b {
                    assert_eq!(a.cmp(&b), x.cmp(y), "{x} / {y}");
                }
            }
        }
    }
}
