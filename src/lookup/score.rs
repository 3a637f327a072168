//! Scoring a query against candidate registry names with clustering's similarity.
//!
//! Clustering scores two entries of one [`Corpus`] ([`crate::cluster::similarity`]). A
//! lookup has one query and a prebuilt registry corpus that must not change per query, so
//! each query gets a small corpus of its own: the query entry plus the candidate entries,
//! their tokens re-interned in a small sorted vocabulary weighted as clustering weighs a
//! corpus made of the registry names plus the query (IDF over registry + 1 names). The pair
//! is then scored and explained by the clustering code itself, so a lookup and a
//! clustering give the same score and explanation for the same two names over the same
//! corpus.
//!
//! Duplicated from `cluster::corpus` (private there): the test that a token is a legal
//! form (`is_legal_form_token`), needed to weigh query tokens the registry lacks. Fuzzy
//! neighbours are computed pairwise between query and candidate tokens with
//! [`token_similarity`], a superset of clustering's capped deletion-key neighbours.

use super::tables::Tables;
use crate::cluster::corpus::{idf, Corpus, Entry, Vocabulary, LEGAL_FORM_TOKEN_WEIGHT};
use crate::cluster::similarity::{token_similarity, Similarity};

/// Whether a folded token is, alone, a legal form of the embedded tables (`nv`, `gmbh`).
/// Same rule as clustering's corpus.
pub(crate) fn is_legal_form_token(token: &str) -> bool {
    token.len() <= 6
        && namestd_dictionaries::legal_form_tokens().get(namestd_dictionaries::key::form_key(token)).is_some()
}

/// Scores `query` (an entry of `qvocab`) against each of `cands` (entries of the
/// registry tables `reg`), returning one explained [`Similarity`] per candidate.
pub(crate) fn score(reg: &Tables, query: &Entry, qvocab: &Vocabulary, cands: &[u32]) -> Vec<Similarity> {
    let qtexts: Vec<&str> = query.tokens.iter().map(|&t| &*qvocab.text[t as usize]).collect();
    let mut texts: Vec<&str> = qtexts.clone();
    for &c in cands {
        texts.extend(reg.entry_tokens(c).iter().map(|&t| reg.token(t)));
    }
    texts.sort_unstable();
    texts.dedup();
    // Weights as if the query were one more name of the registry corpus (clustering's IDF
    // over the names being compared), unless the registry already holds it.
    let known =
        cands.iter().any(|&c| reg.entry_name(c) == query.name && reg.entry_country(c) == query.country.as_deref());
    let extra = u32::from(!known);
    let n = (reg.entry_count() + extra as usize).max(1) as f64;
    let mut df = Vec::with_capacity(texts.len());
    let mut weight = Vec::with_capacity(texts.len());
    let mut legal = Vec::with_capacity(texts.len());
    for t in &texts {
        let in_query = extra * u32::from(qtexts.contains(t));
        let (d, l) = match reg.token_id(t) {
            Some(g) => (reg.tok_df[g as usize] + in_query, reg.token_legal(g)),
            None => (in_query.max(1), is_legal_form_token(t)),
        };
        df.push(d);
        weight.push(if l { LEGAL_FORM_TOKEN_WEIGHT * idf(n, d) } else { idf(n, d) });
        legal.push(l);
    }
    let id = |t: &str| texts.binary_search(&t).expect("token interned") as u32;
    let mut neighbours: Vec<Vec<(u32, f32)>> = vec![Vec::new(); texts.len()];
    for q in &qtexts {
        let qi = id(q);
        for (ci, c) in texts.iter().enumerate() {
            if ci as u32 == qi {
                continue;
            }
            if let Some(s) = token_similarity(q, c) {
                neighbours[qi as usize].push((ci as u32, s as f32));
                neighbours[ci].push((qi, s as f32));
            }
        }
    }
    for v in &mut neighbours {
        v.sort_unstable_by_key(|x| x.0);
        v.dedup_by_key(|x| x.0);
    }
    let digit = texts.iter().map(|t| t.chars().any(|c| c.is_ascii_digit())).collect();
    let mut entries = Vec::with_capacity(cands.len() + 1);
    entries
        .push(Entry { tokens: query.tokens.iter().map(|&t| id(&qvocab.text[t as usize])).collect(), ..query.clone() });
    for &c in cands {
        let mut e = reg.entry_for_scoring(c);
        e.tokens = e.tokens.iter().map(|&t| id(reg.token(t))).collect();
        entries.push(e);
    }
    let vocab =
        Vocabulary { text: texts.iter().map(|t| Box::<str>::from(*t)).collect(), df, weight, digit, legal, neighbours };
    let small = Corpus { entries, vocab, input_entry: Vec::new() };
    (0..cands.len()).map(|k| crate::cluster::similarity::explain(&small, 0, k as u32 + 1)).collect()
}
