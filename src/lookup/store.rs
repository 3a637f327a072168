//! The index as bytes: what `namestd index build` stores and the service loads.
//!
//! Format: the line `namestd-lookup-index` + version, a newline, then JSON holding the
//! applicants and the prepared corpus (standardized names, vocabulary with weights and
//! fuzzy neighbours). Loading does no standardization; the fst maps, postings, trigrams
//! and acronyms are derived again from the corpus (linear time).

use super::{Applicant, LookupIndex};
use crate::cluster::corpus::{Corpus, Entry, LegalFacts, Vocabulary};
use crate::model::Kind;
use crate::pipeline::Standardizer;
use serde::{Deserialize, Serialize};
use std::fmt;

const MAGIC: &str = "namestd-lookup-index 1\n";

/// Bytes that are not a stored index of this version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stored lookup index: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

#[derive(Serialize, Deserialize)]
struct StoredLegal {
    canonical: Box<str>,
    generic: Box<str>,
    jurisdictions: Vec<Box<str>>,
}

#[derive(Serialize, Deserialize)]
struct StoredEntry {
    name: String,
    country: Option<String>,
    count: u64,
    tokens: Vec<u32>,
    key: String,
    legal: Option<StoredLegal>,
    std_country: Option<String>,
    kind: Kind,
    well_formed: bool,
    mixed_case: bool,
}

#[derive(Serialize, Deserialize)]
struct StoredVocab {
    text: Vec<Box<str>>,
    df: Vec<u32>,
    weight: Vec<f32>,
    digit: Vec<bool>,
    legal: Vec<bool>,
    neighbours: Vec<Vec<(u32, f32)>>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    applicants: Vec<Applicant>,
    entries: Vec<StoredEntry>,
    vocab: StoredVocab,
    owners: Vec<Vec<u32>>,
}

impl LookupIndex {
    /// The index as bytes (see the module docs for the format).
    pub fn to_bytes(&self) -> Vec<u8> {
        let v = &self.corpus.vocab;
        let stored = Stored {
            applicants: self.applicants.clone(),
            entries: self
                .corpus
                .entries
                .iter()
                .map(|e| StoredEntry {
                    name: e.name.clone(),
                    country: e.country.clone(),
                    count: e.count,
                    tokens: e.tokens.clone(),
                    key: e.key.clone(),
                    legal: e.legal.as_ref().map(|l| StoredLegal {
                        canonical: l.canonical.clone(),
                        generic: l.generic.clone(),
                        jurisdictions: l.jurisdictions.clone(),
                    }),
                    std_country: e.std_country.clone(),
                    kind: e.kind,
                    well_formed: e.well_formed,
                    mixed_case: e.mixed_case,
                })
                .collect(),
            vocab: StoredVocab {
                text: v.text.clone(),
                df: v.df.clone(),
                weight: v.weight.clone(),
                digit: v.digit.clone(),
                legal: v.legal.clone(),
                neighbours: v.neighbours.clone(),
            },
            owners: self.owners.clone(),
        };
        let mut out = MAGIC.as_bytes().to_vec();
        out.extend(serde_json::to_vec(&stored).expect("index serializes"));
        out
    }

    /// Loads an index stored by [`LookupIndex::to_bytes`], with the embedded dictionaries
    /// for queries.
    pub fn from_bytes(bytes: &[u8]) -> Result<LookupIndex, StoreError> {
        Self::from_bytes_with(&Standardizer::default(), bytes)
    }

    /// Loads a stored index with a given standardizer for queries.
    pub fn from_bytes_with(std: &Standardizer, bytes: &[u8]) -> Result<LookupIndex, StoreError> {
        let body = bytes
            .strip_prefix(MAGIC.as_bytes())
            .ok_or_else(|| StoreError { message: "not a namestd lookup index of format version 1".into() })?;
        let s: Stored = serde_json::from_slice(body).map_err(|e| StoreError { message: e.to_string() })?;
        let n_tokens = s.vocab.text.len();
        let consistent = s.vocab.df.len() == n_tokens
            && s.vocab.weight.len() == n_tokens
            && s.vocab.digit.len() == n_tokens
            && s.vocab.legal.len() == n_tokens
            && s.vocab.neighbours.len() == n_tokens
            && s.owners.len() == s.entries.len()
            && s.entries.iter().all(|e| e.tokens.iter().all(|&t| (t as usize) < n_tokens))
            && s.vocab.neighbours.iter().flatten().all(|&(t, _)| (t as usize) < n_tokens)
            && s.owners.iter().flatten().all(|&a| (a as usize) < s.applicants.len())
            && s.vocab.text.windows(2).all(|w| w[0] < w[1]);
        if !consistent {
            return Err(StoreError { message: "inconsistent contents (index out of range or unsorted)".into() });
        }
        let vocab = Vocabulary {
            text: s.vocab.text,
            df: s.vocab.df,
            weight: s.vocab.weight,
            digit: s.vocab.digit,
            legal: s.vocab.legal,
            neighbours: s.vocab.neighbours,
        };
        let entries = s
            .entries
            .into_iter()
            .map(|e| Entry {
                name: e.name,
                country: e.country,
                count: e.count,
                tokens: e.tokens,
                key: e.key,
                legal: e.legal.map(|l| LegalFacts {
                    canonical: l.canonical,
                    generic: l.generic,
                    jurisdictions: l.jurisdictions,
                }),
                std_country: e.std_country,
                kind: e.kind,
                well_formed: e.well_formed,
                mixed_case: e.mixed_case,
            })
            .collect();
        let corpus = Corpus { entries, vocab, input_entry: Vec::new() };
        Ok(LookupIndex::from_parts(std.clone(), s.applicants, corpus, s.owners))
    }
}
