//! Scoring a query against candidate registry names with clustering's similarity.
//!
//! Clustering scores two entries of one [`Corpus`] ([`crate::cluster::similarity`]). A
//! lookup has one query and a prebuilt registry corpus that must not change per query, so
//! each query gets a small corpus of its own ([`Scoring`]): the query entry plus the
//! candidate entries, their tokens re-interned in a small sorted vocabulary weighted as
//! clustering weighs a corpus made of the registry names plus the query (IDF over the
//! registry's names and one more). Each pair is then scored (and, for the candidates
//! returned, explained) by the clustering code itself, so a lookup and a clustering give the same score and
//! explanation for the same two names over the same corpus.
//!
//! The small vocabulary is built without comparing strings where ids suffice: registry
//! token ids are ranks in the registry's sorted vocabulary, so the candidates' tokens are
//! sorted as integers, and only the query's tokens the registry lacks are placed among them
//! by text. Fuzzy neighbours are computed pairwise between query and candidate tokens with
//! [`token_similarity`] (a superset of clustering's capped deletion-key neighbours), called
//! only for pairs that pass its cheap tests (no digit, lengths, first letter) and a test of
//! their letters ([`fuzzy_similarity`]).
//!
//! Duplicated from `cluster::corpus` (private there): the test that a token is a legal
//! form (`is_legal_form_token`), needed to weigh query tokens the registry lacks.

use super::tables::Tables;
use crate::cluster::corpus::{idf, Corpus, Entry, Vocabulary, LEGAL_FORM_TOKEN_WEIGHT};
use crate::cluster::similarity::{
    self, legal_agreement, token_similarity, LegalFormAgreement, Similarity, FUZZY_MIN_CHARS,
};

/// Whether a folded token is, alone, a legal form of the embedded tables (`nv`, `gmbh`).
/// Same rule as clustering's corpus.
pub(crate) fn is_legal_form_token(token: &str) -> bool {
    token.len() <= 6
        && namestd_dictionaries::legal_form_tokens().get(namestd_dictionaries::key::form_key(token)).is_some()
}

/// [`token_similarity`], computed with less work for ASCII tokens: tokens whose letters
/// alone rule it out are not compared (an edit (insertion, deletion, substitution) takes at
/// most one letter from each side and a transposition none, so tokens with more letters on
/// either side without counterpart than the edits allowed never agree), and the one edit
/// allowed to tokens under eight letters is looked for directly instead of computing the
/// edit distance. Same answer, always (a property test compares the two).
pub(crate) fn fuzzy_similarity(a: &str, b: &str) -> Option<f64> {
    if a == b || !a.is_ascii() || !b.is_ascii() {
        return token_similarity(a, b);
    }
    let shorter = a.len().min(b.len());
    let allowed = if shorter >= 8 { 2 } else { 1 };
    let mut count = [0i32; 128];
    for c in a.bytes() {
        count[c as usize] += 1;
    }
    for c in b.bytes() {
        count[c as usize] -= 1;
    }
    let (mut only_a, mut only_b) = (0, 0);
    for c in a.bytes().chain(b.bytes()) {
        let k = &mut count[c as usize];
        if *k > 0 {
            only_a += *k;
        } else {
            only_b -= *k;
        }
        *k = 0;
    }
    if only_a > allowed || only_b > allowed {
        return None;
    }
    if allowed > 1 {
        return token_similarity(a, b);
    }
    // `token_similarity`'s tests, then its one edit (a Damerau-Levenshtein distance of 1).
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.iter().chain(y).any(u8::is_ascii_digit)
        || shorter < FUZZY_MIN_CHARS
        || x.len().abs_diff(y.len()) > 2
        || x[0] != y[0]
        || !one_edit(x, y)
    {
        return None;
    }
    Some(strsim::jaro_winkler(a, b))
}

/// Whether two different byte strings are one insertion, deletion, substitution or
/// transposition of adjacent bytes apart.
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match l.len() - s.len() {
        0 => {
            let mut diff = (0..s.len()).filter(|&i| s[i] != l[i]);
            match (diff.next(), diff.next(), diff.next()) {
                (None, _, _) | (Some(_), None, _) => true,
                (Some(i), Some(j), None) => j == i + 1 && s[i] == l[j] && s[j] == l[i],
                _ => false,
            }
        }
        1 => {
            let p = s.iter().zip(l).take_while(|(x, y)| x == y).count();
            s[p..] == l[p + 1..]
        }
        _ => false,
    }
}

/// A query's small corpus: entry 0 is the query, entry `k + 1` is candidate `k`.
pub(crate) struct Scoring {
    corpus: Corpus,
}

impl Scoring {
    /// The small corpus of `query` (an entry of `qvocab`) and `cands` (entries of the
    /// registry tables `reg`).
    pub(crate) fn new(reg: &Tables, query: &Entry, qvocab: &Vocabulary, cands: &[u32]) -> Scoring {
        let qtexts: Vec<&str> = query.tokens.iter().map(|&t| &*qvocab.text[t as usize]).collect();
        let qreg: Vec<Option<u32>> = qtexts.iter().map(|t| reg.token_id(t)).collect();
        // The registry tokens of the candidates and the query, as registry ids (sorted ids
        // are sorted texts), and the query tokens the registry lacks, as texts.
        let mut rids: Vec<u32> = cands.iter().flat_map(|&c| reg.entry_tokens(c).iter().copied()).collect();
        rids.extend(qreg.iter().flatten());
        rids.sort_unstable();
        rids.dedup();
        let mut foreign: Vec<&str> = qtexts.iter().zip(&qreg).filter(|(_, r)| r.is_none()).map(|(t, _)| *t).collect();
        foreign.sort_unstable();
        foreign.dedup();
        // Merged in text order: `texts[i]`, from registry token `src[i]` (or none).
        let mut texts: Vec<&str> = Vec::with_capacity(rids.len() + foreign.len());
        let mut src: Vec<Option<u32>> = Vec::with_capacity(rids.len() + foreign.len());
        let mut small_of_rid: Vec<u32> = Vec::with_capacity(rids.len());
        let mut rest = foreign.iter().copied().peekable();
        for &g in &rids {
            let gt = reg.token(g);
            while let Some(f) = rest.next_if(|&f| f < gt) {
                texts.push(f);
                src.push(None);
            }
            small_of_rid.push(texts.len() as u32);
            texts.push(gt);
            src.push(Some(g));
        }
        for f in rest {
            texts.push(f);
            src.push(None);
        }
        let rid_small = |g: u32| small_of_rid[rids.binary_search(&g).expect("registry token interned")];
        let qsmall: Vec<u32> = qtexts
            .iter()
            .zip(&qreg)
            .map(|(t, r)| match r {
                Some(g) => rid_small(*g),
                None => texts.binary_search(t).expect("query token interned") as u32,
            })
            .collect();
        let mut in_query = vec![false; texts.len()];
        for &s in &qsmall {
            in_query[s as usize] = true;
        }
        // Weights as if the query were one more name of the registry corpus (clustering's IDF
        // over the names being compared), unless the registry already holds it.
        let known =
            cands.iter().any(|&c| reg.entry_name(c) == query.name && reg.entry_country(c) == query.country.as_deref());
        let extra = u32::from(!known);
        let n = (reg.entry_count() + extra as usize).max(1) as f64;
        let mut df = Vec::with_capacity(texts.len());
        let mut weight = Vec::with_capacity(texts.len());
        let mut legal = Vec::with_capacity(texts.len());
        for (i, t) in texts.iter().enumerate() {
            let in_q = extra * u32::from(in_query[i]);
            let (d, l) = match src[i] {
                Some(g) => (reg.tok_df[g as usize] + in_q, reg.token_legal(g)),
                None => (in_q.max(1), is_legal_form_token(t)),
            };
            df.push(d);
            weight.push(if l { LEGAL_FORM_TOKEN_WEIGHT * idf(n, d) } else { idf(n, d) });
            legal.push(l);
        }
        let digit: Vec<bool> = texts.iter().map(|t| t.bytes().any(|b| b.is_ascii_digit())).collect();
        // What `token_similarity` tests before comparing: a pair failing these never agrees.
        let chars: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
        let first: Vec<Option<char>> = texts.iter().map(|t| t.chars().next()).collect();
        let may_agree = |x: usize, y: usize| {
            !digit[x]
                && !digit[y]
                && chars[x].min(chars[y]) >= FUZZY_MIN_CHARS
                && chars[x].abs_diff(chars[y]) <= 2
                && first[x] == first[y]
        };
        let mut neighbours: Vec<Vec<(u32, f32)>> = vec![Vec::new(); texts.len()];
        for (q, &qi) in qtexts.iter().zip(&qsmall) {
            for (ci, c) in texts.iter().enumerate() {
                if ci as u32 == qi || !may_agree(qi as usize, ci) {
                    continue;
                }
                if let Some(s) = fuzzy_similarity(q, c) {
                    neighbours[qi as usize].push((ci as u32, s as f32));
                    neighbours[ci].push((qi, s as f32));
                }
            }
        }
        for v in &mut neighbours {
            v.sort_unstable_by_key(|x| x.0);
            v.dedup_by_key(|x| x.0);
        }
        let mut entries = Vec::with_capacity(cands.len() + 1);
        entries.push(Entry { tokens: qsmall, ..query.clone() });
        for &c in cands {
            let mut e = reg.entry_for_scoring(c);
            for t in &mut e.tokens {
                *t = rid_small(*t);
            }
            entries.push(e);
        }
        let vocab = Vocabulary {
            text: texts.iter().map(|t| Box::<str>::from(*t)).collect(),
            df,
            weight,
            digit,
            legal,
            neighbours,
        };
        Scoring { corpus: Corpus { entries, vocab, input_entry: Vec::new() } }
    }

    /// The score of candidate `k` (what [`Scoring::explain`] gives as `score`).
    pub(crate) fn score(&self, k: usize) -> f64 {
        similarity::quick(&self.corpus, 0, k as u32 + 1).score
    }

    /// Whether the query and candidate `k` have the same legal form (the breakdown's
    /// `legal_form` is [`LegalFormAgreement::Same`]).
    pub(crate) fn same_legal_form(&self, k: usize) -> bool {
        legal_agreement(&self.corpus.entries[0], &self.corpus.entries[k + 1]) == LegalFormAgreement::Same
    }

    /// The score and breakdown of candidate `k` (query = `a`).
    pub(crate) fn explain(&self, k: usize) -> Similarity {
        similarity::explain(&self.corpus, 0, k as u32 + 1)
    }
}
