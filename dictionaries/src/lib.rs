//! namestd's dictionaries: reviewed TSV tables in `source/`, compiled into `fst` maps and
//! Rust side tables by the build script, embedded in the binary.
//!
//! Every legal-form entry keeps its provenance (`source`, and the table and line it came
//! from). The same row format is used for an office's own tables loaded at run time
//! ([`format::parse_legal_forms`]), and the same key function ([`key::form_key`]) decides
//! how forms in names and forms in tables meet.
//!
//! ```
//! use namestd_dictionaries::{legal_form_tokens, key::form_key};
//! let map = legal_form_tokens();
//! assert!(map.get(form_key("GmbH & Co. KG")).is_some());
//! ```

#![deny(missing_docs)]

pub mod format;
pub mod key;

pub use format::Position;

use fst::Map;
use std::sync::LazyLock;

/// One legal-form row of the embedded tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalFormEntry {
    /// The form as written in names.
    pub form: &'static str,
    /// Canonical abbreviation (upper case, no periods, own script).
    pub canonical: &'static str,
    /// Whether the canonical abbreviation is itself matched as a form of this family
    /// (then the standard form can write it and still be recognized).
    pub canonical_is_form: bool,
    /// Generic class (`LLC`, `JSC`, ...), empty if unknown.
    pub generic: &'static str,
    /// ISO 20275 ELF codes.
    pub elf: &'static [&'static str],
    /// Jurisdictions (ISO 3166-1 alpha-2); empty means any.
    pub countries: &'static [&'static str],
    /// ISO 639-1 language, empty if unknown.
    pub language: &'static str,
    /// Where the form stands in a name.
    pub position: Position,
    /// Provenance tags (`elf:<code>`, `rigour`, `kul`, `namestd`, ...).
    pub source: &'static [&'static str],
    /// Whether the ELF list marks the form inactive (its codes are not reported).
    pub inactive: bool,
    /// The ELF codes of this row that the ELF list marks inactive.
    pub inactive_elf: &'static [&'static str],
    /// The source table the row came from.
    pub table: &'static str,
    /// The row's line in that table.
    pub line: u32,
}

/// One ISO 3166-1 country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// Alpha-2 code.
    pub code: &'static str,
    /// English short name.
    pub name: &'static str,
    /// Other and local names.
    pub names: &'static [&'static str],
    /// Scripts the country writes names in (`Latin`, `Han`, `Cyrillic`, ...).
    pub scripts: &'static [&'static str],
    /// Whether organizations there normally write a legal form in their name.
    pub legal_form_usual: bool,
}

include!(concat!(env!("OUT_DIR"), "/tables.rs"));

macro_rules! embedded_map {
    ($(#[$doc:meta])* $fn:ident, $static:ident, $file:literal) => {
        static $static: LazyLock<Map<&'static [u8]>> = LazyLock::new(|| {
            Map::new(&include_bytes!(concat!(env!("OUT_DIR"), "/", $file))[..])
                .expect(concat!("embedded ", $file, " is a valid fst"))
        });
        $(#[$doc])*
        pub fn $fn() -> &'static Map<&'static [u8]> {
            &$static
        }
    };
}

embedded_map!(
    /// Legal forms in space-separated scripts: [`key::form_key`] → group index
    /// (see [`legal_form_group`]).
    legal_form_tokens, LEGAL_FORM_TOKENS, "legal_forms_tokens.fst"
);
embedded_map!(
    /// The same keys with the tokens in reverse order (`kg co & gmbh` for `GmbH & Co. KG`),
    /// for matching forms at the end of a name token by token.
    legal_form_tokens_reversed, LEGAL_FORM_TOKENS_REV, "legal_forms_tokens_rev.fst"
);
embedded_map!(
    /// Legal forms in unspaced scripts (Han, Kana, Hangul): [`key::char_key`] → group index.
    legal_form_chars, LEGAL_FORM_CHARS, "legal_forms_chars.fst"
);
embedded_map!(
    /// The same keys as [`legal_form_chars`], characters reversed, for suffix matching.
    legal_form_chars_reversed, LEGAL_FORM_CHARS_REV, "legal_forms_chars_rev.fst"
);
embedded_map!(
    /// Company words: [`key::form_key`] of the word → index into [`COMPANY_WORD_VALUES`].
    company_words, COMPANY_WORDS, "company_words.fst"
);
embedded_map!(
    /// Company words and stop words in one map, for key tokens: the value's low 32 bits
    /// are the replacement's index in [`COMPANY_WORD_VALUES`] plus one (0: none), and
    /// [`KEY_WORD_STOP`] marks a stop word.
    key_words, KEY_WORDS, "key_words.fst"
);
embedded_map!(
    /// Stop words dropped from keys (value unused).
    stop_words, STOP_WORDS, "stop_words.fst"
);
embedded_map!(
    /// Common given names, for telling persons from organizations (value unused).
    given_names, GIVEN_NAMES, "given_names.fst"
);
embedded_map!(
    /// Words that name organizations (`University`, `Laboratories`, ...), value unused.
    organization_words, ORGANIZATION_WORDS, "organization_words.fst"
);
embedded_map!(
    /// Person titles (value 0) and suffixes (value 1).
    person_affixes, PERSON_AFFIXES, "person_affixes.fst"
);

/// The entries of one legal-form group (all rows sharing a match key).
pub fn legal_form_group(group: u64) -> impl Iterator<Item = &'static LegalFormEntry> {
    let (start, len) = LEGAL_FORM_GROUPS.get(group as usize).copied().unwrap_or((0, 0));
    LEGAL_FORM_GROUP_MEMBERS[start as usize..(start + len) as usize].iter().map(|&i| &LEGAL_FORM_ENTRIES[i as usize])
}

/// The country with this alpha-2 code.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.binary_search_by(|c| c.code.cmp(code)).ok().map(|i| &COUNTRIES[i])
}

/// The key transliteration of a Cyrillic or Greek letter.
pub fn transliterate(c: char) -> Option<&'static str> {
    TRANSLITERATION.binary_search_by(|(k, _)| k.cmp(&c)).ok().map(|i| TRANSLITERATION[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_map_verifies() {
        for m in [
            legal_form_tokens(),
            legal_form_tokens_reversed(),
            legal_form_chars(),
            legal_form_chars_reversed(),
            company_words(),
            key_words(),
            stop_words(),
            given_names(),
            organization_words(),
            person_affixes(),
        ] {
            m.as_fst().verify().expect("fst checksum");
        }
    }

    #[test]
    fn every_group_points_at_entries() {
        for &(s, l) in LEGAL_FORM_GROUPS {
            assert!(l > 0);
            assert!((s + l) as usize <= LEGAL_FORM_GROUP_MEMBERS.len());
        }
        for m in LEGAL_FORM_GROUP_MEMBERS {
            assert!((*m as usize) < LEGAL_FORM_ENTRIES.len());
        }
    }

    #[test]
    fn countries_are_sorted() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].code < w[1].code));
        assert!(TRANSLITERATION.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
