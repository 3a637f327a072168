//! Lookup index: which registry applicants a typed name most likely is.
//!
//! ```
//! use namestd::lookup::{Applicant, LookupIndex, Query};
//!
//! let reg = vec![
//!     Applicant::new("A1", "Motorola, Inc.").variant("MOTOROLA INC").country("US"),
//!     Applicant::new("A2", "Motorola Solutions, Inc.").country("US"),
//!     Applicant::new("A3", "Bank of the West"),
//!     Applicant::new("A4", "Bank of the East"),
//! ];
//! let index = LookupIndex::build(reg);
//! let found = index.query(&Query::new("Motorla Inc.").country("US"));
//! assert_eq!(found.candidates[0].applicant.id, "A1");
//! let found = index.query(&Query::new("Bank of the West"));
//! assert_eq!(found.candidates[0].applicant.id, "A3");
//! assert!(found.candidates[0].is_match);
//! assert!(found.candidates.iter().all(|c| c.applicant.id != "A4" || c.score == 0.0));
//! ```
//!
//! **Built** from a registry ([`Applicant`]s with their variant names, country, kind and
//! identifier): every distinct (variant, country) is prepared exactly as clustering
//! prepares a name ([`crate::cluster::corpus`]: standardized, comparison tokens interned
//! and weighted by rarity over the registry). On top of that corpus the index keeps:
//!
//! - an `fst` map from each name's **folded key** (its comparison tokens in order,
//!   space-joined) to the names holding it: exact hits and **prefix** search (type-ahead);
//! - an `fst` map of applicant ids (and one of identifiers);
//! - **token postings** (token → names), used rarest token first, with the registry
//!   vocabulary's fuzzy neighbours; **character trigrams** of the vocabulary, to find
//!   registry tokens one or two edits from a query token the registry lacks; an
//!   **acronym** map (initials of a name's tokens → names).
//!
//! **A query** is prepared like a registry name; candidate names are gathered from the
//! maps above (at most [`CANDIDATES`], by evidence), each scored against the query with
//! clustering's [`Similarity`] (same scorer, same explanation; see the `score` module), the best
//! variant per applicant kept, sorted by score (ties: the same spelling (case aside) first,
//! then the same folded name, the applicant's canonical name having that folded name, the
//! same legal form, the variant's mentions, the id), cut to the limit.
//!
//! **The match rule** (documented contract of the `match` flag): only the top candidate
//! can match, and it does when its identifier equals the query identifier, or when all of
//! these hold: score ≥ [`MATCH_THRESHOLD`]; a margin of at least [`MATCH_MARGIN`] over the
//! next applicant; no veto; legal forms not in conflict; countries not different; kinds
//! not different.

pub mod registry;
mod score;
mod store;
mod tables;

pub use registry::{Applicant, RegistryError, Variant};
pub use store::StoreError;

use crate::cluster::corpus::FxHashMap;
use crate::cluster::corpus::{self, Corpus, Entry};
use crate::cluster::similarity::{CountryAgreement, LegalFormAgreement, Similarity};
use crate::cluster::ClusterInput;
use crate::model::Kind;
use crate::pipeline::Standardizer;
use fst::{Automaton, IntoStreamer, Streamer};
use serde::Serialize;
use tables::Tables;

/// Score (0..1) the top candidate needs to be a match.
pub const MATCH_THRESHOLD: f64 = 0.80;
/// Margin (0..1) the top candidate needs over the next applicant to be a match.
pub const MATCH_MARGIN: f64 = 0.10;
/// Candidate names scored per query, at most.
pub const CANDIDATES: usize = 64;
/// Token posting lists longer than this are not used for candidates (the token is too
/// common to say anything), unless the query has no other token.
pub const POSTING_CAP: usize = 2_000;
/// Names found by prefix per query, at most.
pub const PREFIX_CAP: usize = 32;

/// A lookup query: the name as typed and what the filer said about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query<'a> {
    /// The name as typed.
    pub name: &'a str,
    /// ISO 3166-1 alpha-2 country, if known.
    pub country: Option<&'a str>,
    /// Organization or person, if known: applicants of the other kind are left out.
    pub kind: Option<Kind>,
    /// An office identifier: an applicant holding it comes first and matches.
    pub identifier: Option<&'a str>,
    /// Candidates wanted (at least 1); by default 5.
    pub limit: usize,
}

impl<'a> Query<'a> {
    /// A query for a name, limit 5.
    pub fn new(name: &'a str) -> Self {
        Query { name, country: None, kind: None, identifier: None, limit: 5 }
    }
    /// Sets the country.
    pub fn country(mut self, country: &'a str) -> Self {
        self.country = Some(country);
        self
    }
    /// Sets the kind.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
        self
    }
    /// Sets the identifier.
    pub fn identifier(mut self, identifier: &'a str) -> Self {
        self.identifier = Some(identifier);
        self
    }
    /// Sets the number of candidates wanted.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
}

/// The per-candidate evidence, flat, for clients that want a summary (reconciliation
/// `features`); the full breakdown is in [`Candidate::similarity`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Features {
    /// Token similarity (soft IDF-weighted Dice) before penalties, 0..1.
    pub name_similarity: f64,
    /// The folded keys are equal (same name after standardization).
    pub exact_name: bool,
    /// Legal forms do not conflict.
    pub legal_form_agree: bool,
    /// Countries are not different.
    pub country_agree: bool,
    /// Kinds are not different.
    pub kind_agree: bool,
    /// The query identifier is the applicant's.
    pub identifier_exact: bool,
    /// A veto fired (digits, distinctive tokens or modifiers differ).
    pub vetoed: bool,
}

/// One applicant the query may be.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The applicant.
    pub applicant: Applicant,
    /// Score in 0..1 (clustering's similarity score of the best variant; 1 for an
    /// identifier hit).
    pub score: f64,
    /// Whether this is a match by the documented rule (module docs).
    #[serde(rename = "match")]
    pub is_match: bool,
    /// Why it is or is not a match, in words.
    pub reason: String,
    /// The variant that scored best.
    pub matched_variant: String,
    /// Summary features.
    pub features: Features,
    /// The full breakdown (query = `a`, variant = `b`).
    pub similarity: Similarity,
}

/// What a query found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LookupResult {
    /// The query's comparison tokens (folded key).
    pub folded: String,
    /// Candidates, best first.
    pub candidates: Vec<Candidate>,
}

/// A name found by prefix (type-ahead, reconciliation suggest).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// The applicant.
    pub applicant: Applicant,
    /// The variant whose folded key starts with the prefix (or the canonical name for an
    /// id hit).
    pub variant: String,
}

/// The lookup index. Immutable once built; share it behind an `Arc`.
///
/// Held as flat tables (string arenas, flat id arrays with offsets, `fst` maps; see the
/// `tables` module): applicants are materialized as [`Applicant`] records only when a
/// query or a fetch returns them.
#[derive(Debug, Clone)]
pub struct LookupIndex {
    std: Standardizer,
    tables: Tables,
}

fn folded_of(e: &Entry, vocab: &corpus::Vocabulary) -> String {
    tables::folded(e.tokens.iter().map(|&t| &*vocab.text[t as usize]))
}

impl LookupIndex {
    /// Builds the index with the embedded dictionaries.
    pub fn build(applicants: Vec<Applicant>) -> LookupIndex {
        Self::build_with(&Standardizer::default(), applicants)
    }

    /// Builds the index with a given standardizer (office dictionaries).
    pub fn build_with(std: &Standardizer, mut applicants: Vec<Applicant>) -> LookupIndex {
        let mut inputs = Vec::new();
        let mut input_owner = Vec::new();
        for (i, a) in applicants.iter().enumerate() {
            for v in &a.variants {
                inputs.push(ClusterInput { name: v.name.clone(), count: v.count, country: a.country.clone() });
                input_owner.push(i as u32);
            }
        }
        let corpus = corpus::build(std, &inputs);
        let mut owners: Vec<Vec<u32>> = vec![Vec::new(); corpus.entries.len()];
        for (k, &e) in corpus.input_entry.iter().enumerate() {
            let o = &mut owners[e as usize];
            if !o.contains(&input_owner[k]) {
                o.push(input_owner[k]);
            }
        }
        // Kinds not given are the kind of the canonical name as standardized.
        for (k, &e) in corpus.input_entry.iter().enumerate() {
            let a = &mut applicants[input_owner[k] as usize];
            if a.kind.is_none() && inputs[k].name == a.name {
                let kind = corpus.entries[e as usize].kind;
                a.kind = (kind != Kind::Unknown).then_some(kind);
            }
        }
        drop(inputs);
        let tables = Tables::build(&applicants, &corpus, &owners);
        LookupIndex { std: std.clone(), tables }
    }

    /// Builds the index from a registry CSV text (see [`registry::from_csv`]).
    pub fn from_csv(text: &str) -> Result<LookupIndex, RegistryError> {
        Ok(Self::build(registry::from_csv(text)?))
    }

    /// The applicants, in registry order (materialized: at 10^6 applicants, prefer
    /// [`LookupIndex::applicant_count`] and [`LookupIndex::applicant`]).
    pub fn applicants(&self) -> Vec<Applicant> {
        (0..self.tables.applicant_count() as u32).map(|a| self.tables.applicant(a)).collect()
    }

    /// Number of applicants.
    pub fn applicant_count(&self) -> usize {
        self.tables.applicant_count()
    }

    /// Number of distinct (name, country) entries indexed.
    pub fn names(&self) -> usize {
        self.tables.entry_count()
    }

    /// Approximate heap size of the index's tables, bytes.
    pub fn heap_bytes(&self) -> usize {
        self.tables.heap_bytes()
    }

    /// The applicant with this id.
    pub fn applicant(&self, id: &str) -> Option<Applicant> {
        self.tables
            .ids
            .get(id)
            .filter(|&i| (i as usize) < self.tables.applicant_count())
            .map(|i| self.tables.applicant(i as u32))
    }

    /// The standardizer queries are prepared with.
    pub fn standardizer(&self) -> &Standardizer {
        &self.std
    }

    fn prepare(&self, name: &str, country: Option<&str>) -> Corpus {
        corpus::build(
            &self.std,
            &[ClusterInput { name: name.to_string(), count: 1, country: country.map(str::to_string) }],
        )
    }

    /// Candidate entries with their evidence, best first, at most [`CANDIDATES`].
    fn candidates(&self, q: &Corpus) -> Vec<u32> {
        let Some(qe) = q.entries.first() else { return Vec::new() };
        let d = &self.tables;
        let mut ev: FxHashMap<u32, f64> = FxHashMap::default();
        ev.reserve(4096);
        let mut add = |entries: &[u32], w: f64| {
            for &e in entries {
                *ev.entry(e).or_insert(0.0) += w;
            }
        };
        let folded = folded_of(qe, &q.vocab);
        if let Some(g) = d.names.get(&folded) {
            add(d.groups.get(g as usize), 100.0);
        }
        if folded.chars().count() >= 2 {
            let mut s = d.names.search(fst::automaton::Str::new(&folded).starts_with()).into_stream();
            let mut n = 0;
            while let Some((_, g)) = s.next() {
                add(d.groups.get(g as usize), 10.0);
                n += 1;
                if n >= PREFIX_CAP {
                    break;
                }
            }
        }
        let only = qe.tokens.len() == 1;
        for &qt in &qe.tokens {
            let text: &str = &q.vocab.text[qt as usize];
            let mut hits: Vec<(u32, f64)> = Vec::new();
            if let Some(t) = d.token_id(text) {
                hits.push((t, 1.0));
                hits.extend(d.neighbours(t).map(|(n, s)| (n, f64::from(s))));
            } else if !text.chars().any(|c| c.is_ascii_digit())
                && text.chars().count() >= crate::cluster::similarity::FUZZY_MIN_CHARS
            {
                let grams = tables::trigrams(text);
                let mut shared: FxHashMap<u32, usize> = FxHashMap::default();
                for g in &grams {
                    let list = d.grams.get(g).map_or(&[][..], |i| d.gram_tokens.get(i as usize));
                    for &t in list {
                        *shared.entry(t).or_insert(0) += 1;
                    }
                }
                let need = grams.len().div_ceil(3);
                let mut close: Vec<(u32, f64)> = shared
                    .into_iter()
                    .filter(|&(_, k)| k >= need)
                    .filter_map(|(t, _)| score::fuzzy_similarity(text, d.token(t)).map(|s| (t, s)))
                    .collect();
                close.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                close.truncate(8);
                hits.extend(close);
            }
            for (t, s) in hits {
                let p = d.postings.get(t as usize);
                if p.len() <= POSTING_CAP || only {
                    let w = d.tok_weight.get(t as usize).copied().unwrap_or(0.0);
                    add(&p[..p.len().min(POSTING_CAP * 4)], s * f64::from(w));
                }
            }
        }
        // Acronyms: a short query token against names' initials, and the query's initials
        // against short registry tokens.
        for &qt in &qe.tokens {
            let text: &str = &q.vocab.text[qt as usize];
            if (2..=6).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase()) {
                if let Some(i) = d.acronyms.get(text) {
                    let es = d.acronym_entries.get(i as usize);
                    add(&es[..es.len().min(POSTING_CAP)], 5.0);
                }
            }
        }
        if let Some(a) = tables::acronym(qe.tokens.iter().map(|&t| &*q.vocab.text[t as usize])) {
            if let Some(t) = d.token_id(&a) {
                let p = d.postings.get(t as usize);
                add(&p[..p.len().min(POSTING_CAP)], 5.0);
            }
        }
        let mut all: Vec<(u32, f64)> = ev.into_iter().collect();
        let order = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if all.len() > CANDIDATES {
            // The best CANDIDATES (a total order: evidence, then entry), without sorting all.
            all.select_nth_unstable_by(CANDIDATES - 1, order);
            all.truncate(CANDIDATES);
        }
        all.sort_unstable_by(order);
        all.into_iter().map(|x| x.0).collect()
    }

    /// Finds the applicants a name most likely is (see the module docs for the rule).
    pub fn query(&self, query: &Query<'_>) -> LookupResult {
        let limit = query.limit.max(1);
        let d = &self.tables;
        let q = self.prepare(query.name, query.country);
        let Some(qe) = q.entries.first() else {
            return LookupResult { folded: String::new(), candidates: Vec::new() };
        };
        let folded = folded_of(qe, &q.vocab);
        let cands = self.candidates(&q);
        // Every candidate is scored; only the candidates returned are explained.
        let scoring = score::Scoring::new(d, qe, &q.vocab, &cands);
        // Best variant per applicant: (score, entry, where its breakdown comes from).
        let mut best: FxHashMap<u32, (f64, u32, Breakdown)> = FxHashMap::default();
        for (k, &e) in cands.iter().enumerate() {
            let score = scoring.score(k);
            for &a in d.owners.get(e as usize) {
                if let (Some(k), Some(ak)) = (query.kind, d.applicant_kind(a)) {
                    if k != Kind::Unknown && k != ak {
                        continue;
                    }
                }
                let better = best.get(&a).is_none_or(|b| score > b.0);
                if better {
                    best.insert(a, (score, e, Breakdown::Candidate(k)));
                }
            }
        }
        let ident_hit = query
            .identifier
            .and_then(|x| d.identifiers.get(x))
            .filter(|&a| (a as usize) < d.applicant_count())
            .map(|a| a as u32);
        if let Some(a) = ident_hit {
            let entry = best.remove(&a).map(|b| (b.1, b.2));
            let (e, why) = entry.unwrap_or_else(|| {
                let e = (0..d.entry_count()).find(|&e| d.owners.get(e).contains(&a)).unwrap_or(0) as u32;
                (e, Breakdown::Own(Box::new(score::Scoring::new(d, qe, &q.vocab, &[e]).explain(0))))
            });
            best.insert(a, (1.0, e, why));
        }
        let typed = query.name.trim().to_lowercase();
        let exact = |e: u32| (e as usize) < d.entry_count() && d.entry_folded_is(e, &folded);
        // Sort keys computed once per applicant, compared in order: the identifier hit, the
        // score, the same spelling (case aside), the same folded name, a canonical name with
        // that folded name, the same legal form, more mentions, then the id.
        let mut ranked: Vec<(RankKey, u32, u32, Breakdown)> = best
            .into_iter()
            .map(|(a, (s, e, why))| {
                let key = (
                    Some(a) == ident_hit,
                    s,
                    d.entry_name(e).to_lowercase() == typed,
                    exact(e),
                    exact(d.canonical.get(a as usize).copied().unwrap_or(tables::NONE)),
                    match &why {
                        Breakdown::Candidate(k) => scoring.same_legal_form(*k),
                        Breakdown::Own(sim) => sim.legal_form == LegalFormAgreement::Same,
                    },
                    d.entry_count_of(e),
                );
                (key, a, e, why)
            })
            .collect();
        ranked.sort_by(|x, y| {
            let (kx, ky) = (&x.0, &y.0);
            ky.0.cmp(&kx.0)
                .then(ky.1.total_cmp(&kx.1))
                .then(ky.2.cmp(&kx.2))
                .then(ky.3.cmp(&kx.3))
                .then(ky.4.cmp(&kx.4))
                .then(ky.5.cmp(&kx.5))
                .then(ky.6.cmp(&kx.6))
                .then_with(|| d.applicant_id(x.1).cmp(d.applicant_id(y.1)))
        });
        let second = ranked.get(1).map(|r| r.0 .1);
        let mut candidates = Vec::with_capacity(limit.min(ranked.len()));
        for (rank, (key, a, e, why)) in ranked.into_iter().take(limit).enumerate() {
            let s = key.1;
            let app = d.applicant(a);
            let identifier_exact = Some(a) == ident_hit;
            let mut sim = match why {
                Breakdown::Candidate(k) => scoring.explain(k),
                Breakdown::Own(sim) => *sim,
            };
            if identifier_exact {
                sim.score = 1.0;
            }
            let kind_agree = match (query.kind, app.kind) {
                (Some(k), Some(ak)) => k == Kind::Unknown || k == ak,
                _ => true,
            };
            let features = Features {
                name_similarity: sim.tokens,
                exact_name: d.entry_folded_is(e, &folded),
                legal_form_agree: sim.legal_form != LegalFormAgreement::Conflict,
                country_agree: sim.country != CountryAgreement::Different,
                kind_agree,
                identifier_exact,
                vetoed: sim.veto.is_some(),
            };
            let (is_match, reason) = decide(rank, s, second, &features);
            candidates.push(Candidate {
                applicant: app,
                score: s,
                is_match,
                reason,
                matched_variant: d.entry_name(e).to_string(),
                features,
                similarity: sim,
            });
        }
        LookupResult { folded, candidates }
    }

    /// Applicants whose id, or one of whose names (folded key), starts with `prefix`, at
    /// most `limit`, ids first, then in folded-key order.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let d = &self.tables;
        let mut out: Vec<Suggestion> = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        let prefix = prefix.trim();
        if prefix.is_empty() || limit == 0 {
            return out;
        }
        let mut s = d.ids.search(fst::automaton::Str::new(prefix).starts_with()).into_stream();
        while let Some((_, a)) = s.next() {
            if out.len() >= limit {
                return out;
            }
            if a as usize >= d.applicant_count() {
                continue;
            }
            let app = d.applicant(a as u32);
            seen.push(a as u32);
            out.push(Suggestion { variant: app.name.clone(), applicant: app });
        }
        let q = self.prepare(prefix, None);
        let Some(qe) = q.entries.first() else { return out };
        let folded = folded_of(qe, &q.vocab);
        if folded.is_empty() {
            return out;
        }
        let mut s = d.names.search(fst::automaton::Str::new(&folded).starts_with()).into_stream();
        while let Some((_, g)) = s.next() {
            for &e in d.groups.get(g as usize) {
                for &a in d.owners.get(e as usize) {
                    if out.len() >= limit {
                        return out;
                    }
                    if !seen.contains(&a) {
                        seen.push(a);
                        out.push(Suggestion { applicant: d.applicant(a), variant: d.entry_name(e).to_string() });
                    }
                }
            }
        }
        out
    }
}

/// Where a kept applicant's score breakdown comes from: a candidate of the query's
/// scoring (explained only if returned), or its own (an identifier hit that was not a
/// candidate).
enum Breakdown {
    Candidate(usize),
    Own(Box<Similarity>),
}

/// What candidates are ranked by, after the identifier hit and the score: the same
/// spelling (case aside), the same folded name, a canonical name with that folded name, the
/// same legal form, the variant's mentions (the id breaks the last ties).
type RankKey = (bool, f64, bool, bool, bool, bool, u64);

/// The match rule (module docs): only rank 0; identifier, or score, margin and no conflict.
fn decide(rank: usize, score: f64, second: Option<f64>, f: &Features) -> (bool, String) {
    if rank > 0 {
        return (false, "not the best candidate".into());
    }
    if f.identifier_exact {
        return (true, "identifier matches".into());
    }
    if f.vetoed {
        return (false, "vetoed: the names differ on a distinctive token, a number or a modifier".into());
    }
    if !f.legal_form_agree {
        return (false, "legal forms conflict".into());
    }
    if !f.country_agree {
        return (false, "countries differ".into());
    }
    if !f.kind_agree {
        return (false, "kinds differ".into());
    }
    if score < MATCH_THRESHOLD {
        return (false, format!("score {score:.2} below the threshold {MATCH_THRESHOLD:.2}"));
    }
    if let Some(s2) = second {
        if score - s2 < MATCH_MARGIN {
            return (false, format!("margin {:.2} over the next candidate below {MATCH_MARGIN:.2}", score - s2));
        }
    }
    (true, format!("score {score:.2} ≥ {MATCH_THRESHOLD:.2} with a clear margin and no conflict"))
}

#[cfg(test)]
mod tests;
