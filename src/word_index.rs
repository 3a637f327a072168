//! Hash indexes over the small embedded word maps (company words, stop words, given
//! names, person affixes, organization words), built once from their `fst` maps: one
//! short-key lookup per token is the hottest operation of the pipeline, and a hash probe
//! is many times cheaper than an fst walk for it.

use fst::{Map, Streamer};
use namestd_dictionaries as dicts;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: a fast hash for short keys (the index holds only reviewed dictionary words).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A word → value index.
pub type WordIndex = HashMap<Box<str>, u64, BuildHasherDefault<Fnv>>;

fn index_of(map: &Map<&'static [u8]>) -> WordIndex {
    let mut out = WordIndex::default();
    let mut s = map.stream();
    while let Some((k, v)) = s.next() {
        out.insert(String::from_utf8_lossy(k).into(), v);
    }
    out
}

macro_rules! index {
    ($(#[$doc:meta])* $name:ident, $map:path) => {
        $(#[$doc])*
        pub static $name: LazyLock<WordIndex> = LazyLock::new(|| index_of($map()));
    };
}

index!(
    /// [`dicts::key_words`] as a hash index.
    KEY_WORDS, dicts::key_words
);
index!(
    /// [`dicts::organization_words`] as a hash index.
    ORGANIZATION_WORDS, dicts::organization_words
);
index!(
    /// [`dicts::given_names`] as a hash index.
    GIVEN_NAMES, dicts::given_names
);
index!(
    /// [`dicts::person_affixes`] as a hash index.
    PERSON_AFFIXES, dicts::person_affixes
);
index!(
    /// [`dicts::stop_words`] as a hash index.
    STOP_WORDS, dicts::stop_words
);
index!(
    /// [`dicts::cities`] as a hash index.
    CITIES, dicts::cities
);
index!(
    /// [`dicts::company_words`] as a hash index.
    COMPANY_WORDS, dicts::company_words
);
index!(
    /// [`dicts::legal_form_tokens`] as a hash index (whole keys: `gmbh & co kg`).
    LEGAL_FORM_KEYS, dicts::legal_form_tokens
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_hold_what_the_maps_hold() {
        assert_eq!(KEY_WORDS.len(), dicts::key_words().len());
        assert_eq!(GIVEN_NAMES.len(), dicts::given_names().len());
        assert!(ORGANIZATION_WORDS.contains_key("university"));
        assert_eq!(STOP_WORDS.len(), dicts::stop_words().len());
        assert_eq!(CITIES.len(), dicts::cities().len());
        assert_eq!(COMPANY_WORDS.len(), dicts::company_words().len());
        assert_eq!(LEGAL_FORM_KEYS.len(), dicts::legal_form_tokens().len());
        assert_eq!(ORGANIZATION_WORDS.len(), dicts::organization_words().len());
    }
}
