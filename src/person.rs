//! Natural persons: evidence that a name is a person's, and its split into family and
//! given names with titles and suffixes aside.
//!
//! `SMITH, John A.`, `John A. Smith` and `SMITH John A.` all give family `Smith`/`SMITH`
//! and given `John A.`, so their keys agree.

use crate::model::{KindReason, PersonName, PersonOrder};
use namestd_dictionaries::key::form_key;
use unicode_normalization::char::is_combining_mark;

/// Particles that belong to the family name (`van der Berg`, `von Braun`, `de la Cruz`).
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "ten", "ter", "zu",
    "bin", "ibn", "al", "el", "mac", "st",
];

/// Countries whose names are written family name first, also in Latin script.
const FAMILY_FIRST: &[&str] = &["JP", "CN", "KR", "HU", "TW", "VN", "KP", "MO", "HK"];

/// What the person analysis found.
#[derive(Debug, Clone, Default)]
pub struct PersonAnalysis {
    /// Evidence that this is a person, if any.
    pub evidence: Option<KindReason>,
    /// The split name.
    pub parts: PersonName,
    /// The name without titles and suffixes, as written.
    pub core: String,
}

/// The lookup key of a word: lower-cased ASCII without periods where it can be (the
/// common case, no allocation beyond the key), else [`form_key`].
fn word_key(word: &str) -> String {
    if word.is_ascii() && word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'.') {
        let mut k = String::with_capacity(word.len());
        k.extend(word.bytes().filter(|&b| b != b'.').map(|b| b.to_ascii_lowercase() as char));
        return k;
    }
    form_key(word)
}

/// Longest word whose lookup key [`with_word_key`] builds on the stack.
const STACK_KEY_BYTES: usize = 32;

/// Calls `f` with [`word_key`] of `word` (as bytes: always UTF-8); the key of a short word
/// of ASCII letters and periods (most words) is built on the stack.
fn with_word_key<R>(word: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let b = word.as_bytes();
    if b.len() <= STACK_KEY_BYTES && b.iter().all(|&c| c.is_ascii_alphabetic() || c == b'.') {
        let mut buf = [0u8; STACK_KEY_BYTES];
        let mut n = 0;
        for &c in b.iter().filter(|&&c| c != b'.') {
            buf[n] = c.to_ascii_lowercase();
            n += 1;
        }
        return f(&buf[..n]);
    }
    f(word_key(word).as_bytes())
}

/// The person affixes ([`crate::word_index::PERSON_AFFIXES`]: 0 title, 1 suffix) as a
/// [`WordTable`](crate::word_table::WordTable).
static AFFIXES: std::sync::LazyLock<crate::word_table::WordTable<u64>> = std::sync::LazyLock::new(|| {
    crate::word_table::WordTable::new(
        crate::word_index::PERSON_AFFIXES.iter().map(|(k, &v)| (k.as_bytes().to_vec(), v)),
    )
});

/// Whether a word is a title (`Some(0)`) or a suffix (`Some(1)`).
fn affix(word: &str) -> Option<u64> {
    with_word_key(word, |k| if k.is_empty() { None } else { AFFIXES.get(k).copied() })
}

fn is_initial(w: &str) -> bool {
    let mut it = w.chars();
    matches!((it.next(), it.next(), it.next()), (Some(c), Some('.'), None) | (Some(c), None, None) if c.is_alphabetic())
}

/// A word that can be part of a person's name: letters, `.`, `-`, `'`.
fn is_name_like(w: &str) -> bool {
    !w.is_empty()
        && w.chars().any(char::is_alphabetic)
        && w.chars().all(|c| c.is_alphabetic() || is_combining_mark(c) || matches!(c, '.' | '-' | '\'' | '’' | '"'))
}

fn is_given_name(w: &str) -> bool {
    with_word_key(w, |k| {
        !k.is_empty() && std::str::from_utf8(k).is_ok_and(|k| crate::word_index::GIVEN_NAMES.contains_key(k))
    })
}

/// Endings of East Slavic patronymics, Cyrillic and transliterated.
const PATRONYMIC_ENDINGS: [&str; 11] =
    ["ович", "евич", "овна", "евна", "ична", "ovich", "evich", "ovna", "evna", "ovitch", "evitch"];

/// An East Slavic patronymic (`Иванович`, `Petrovna`): only persons carry one.
fn is_patronymic(w: &str) -> bool {
    if w.is_ascii() {
        // Lower-casing ASCII changes no length: the ends compare without a copy.
        let b = w.as_bytes();
        return b.len() >= 6
            && PATRONYMIC_ENDINGS
                .iter()
                .any(|s| b.len() >= s.len() && b[b.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes()));
    }
    let l = w.to_lowercase();
    l.chars().count() >= 6 && PATRONYMIC_ENDINGS.iter().any(|s| l.ends_with(s))
}

fn is_particle(w: &str) -> bool {
    PARTICLES.iter().any(|p| w.eq_ignore_ascii_case(p))
}

/// At least two letters, all upper case.
fn is_all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Splits off titles (front) and suffixes (back) from a list of words.
fn strip_affixes<'a>(mut words: Vec<&'a str>, titles: &mut Vec<String>, suffixes: &mut Vec<String>) -> Vec<&'a str> {
    // Titles go wherever they stand (`Dr. Hans Dr. Müller`), as long as a name is left.
    let mut i = 0;
    while i < words.len() && words.len() > 1 {
        if affix(words[i]) == Some(0) {
            titles.push(words.remove(i).to_string());
        } else {
            i += 1;
        }
    }
    while words.len() > 1 && affix(words[words.len() - 1]) == Some(1) {
        suffixes.insert(0, words.pop().unwrap_or_default().trim_end_matches(',').to_string());
    }
    words
}

/// Analyzes `text` (a cleaned name) as a person's name.
pub fn analyze(text: &str, country: Option<&str>) -> PersonAnalysis {
    let mut titles = Vec::new();
    let mut suffixes = Vec::new();
    let comma_parts: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();

    if comma_parts.len() >= 2 {
        // FAMILY, Given [, Suffix]
        let fam_words = strip_affixes(words_of(comma_parts[0]), &mut titles, &mut suffixes);
        let given_words = strip_affixes(words_of(comma_parts[1]), &mut titles, &mut suffixes);
        let mut extra_ok = true;
        for p in &comma_parts[2..] {
            if affix(p) == Some(1) {
                suffixes.push(p.to_string());
            } else {
                extra_ok = false;
            }
        }
        let name_like = fam_words.iter().chain(given_words.iter()).all(|w| is_name_like(w));
        let parts = PersonName {
            family: fam_words.join(" "),
            given: given_words.join(" "),
            titles,
            suffixes,
            order: PersonOrder::Comma,
        };
        let evidence =
            (extra_ok && name_like && (1..=3).contains(&fam_words.len()) && (1..=4).contains(&given_words.len()))
                .then_some(KindReason::FamilyCommaGiven);
        let core =
            if parts.given.is_empty() { parts.family.clone() } else { format!("{}, {}", parts.family, parts.given) };
        return PersonAnalysis { evidence, parts, core };
    }

    let words = strip_affixes(words_of(text), &mut titles, &mut suffixes);
    let core = words.join(" ");
    let name_like = words.iter().all(|w| is_name_like(w));
    // Capitals mark the family name only beside words that are not in capitals
    // (`SMITH John`). In a name written all in capitals, the case says nothing; reading
    // it would also make the pipeline's own capitalized output (`ACME JOHN PAUL`) a
    // person when the name as written (`Acme John Paul`) was not.
    let has_case_contrast = words.iter().any(|w| w.chars().any(char::is_lowercase));
    let evidence = if !name_like || words.len() < 2 || words.len() > 5 {
        None
    } else if let Some(t) = titles.first() {
        Some(KindReason::PersonAffix(t.clone()))
    } else if let Some(s) = suffixes.first() {
        Some(KindReason::PersonAffix(s.clone()))
    } else if let Some(p) = words.iter().find(|w| is_patronymic(w)) {
        Some(KindReason::GivenName(p.to_string()))
    } else {
        // A given name where given names stand: first (`John A. Smith`), second after a
        // family name in capitals (`SMITH John`) or by a family-first country's order, or
        // anywhere in a two-word name. `LVMH Moet-Hennessy Louis Vuitton` is no person.
        let family_first =
            (has_case_contrast && is_all_caps(words[0])) || country.is_some_and(|c| FAMILY_FIRST.contains(&c));
        let slots: &[usize] = if words.len() == 2 || family_first { &[0, 1] } else { &[0] };
        slots
            .iter()
            .map(|&i| words[i])
            .find(|w| !is_initial(w) && is_given_name(w))
            .map(|w| KindReason::GivenName(w.to_string()))
    };

    // Where does the family name stand?
    let caps: Vec<usize> = (0..words.len()).filter(|&i| is_all_caps(words[i])).collect();
    let (family, mut given_words, order) = if has_case_contrast && !caps.is_empty() && contiguous(&caps) {
        let fam: Vec<&str> = caps.iter().map(|&i| words[i]).collect();
        let giv: Vec<&str> = (0..words.len()).filter(|i| !caps.contains(i)).map(|i| words[i]).collect();
        (fam.join(" "), giv, PersonOrder::CapitalizedFamily)
    } else if country.is_some_and(|c| FAMILY_FIRST.contains(&c)) && words.len() >= 2 {
        (words[0].to_string(), words[1..].to_vec(), PersonOrder::FamilyFirstCountry)
    } else if words.len() >= 2 {
        // Given names first; the family name is the last word with its particles.
        let mut start = words.len() - 1;
        while start > 1 && is_particle(words[start - 1]) {
            start -= 1;
        }
        (words[start..].join(" "), words[..start].to_vec(), PersonOrder::GivenFirst)
    } else {
        (core.clone(), Vec::new(), PersonOrder::GivenFirst)
    };
    // A suffix left at the end of the given names (`John Jr SMITH`, `Hans Ii 東芝`) is a
    // suffix: written `FAMILY, Given`, it would be read as one on the next pass.
    while given_words.len() > 1 && given_words.last().is_some_and(|w| affix(w) == Some(1)) {
        suffixes.insert(0, given_words.pop().unwrap_or_default().trim_end_matches(',').to_string());
    }
    let given = given_words.join(" ");
    PersonAnalysis { evidence, parts: PersonName { family, given, titles, suffixes, order }, core }
}

/// The words of `text`; words without a letter or digit (a stray `.` or `&`) separate,
/// they are not names.
fn words_of(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(8);
    if text.is_ascii() {
        // ASCII whitespace as `char::is_whitespace` has it (with U+000B), letters and
        // digits as `char::is_alphanumeric`: the same words, byte by byte.
        let separator = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
        out.extend(text.split(|c: char| separator(c as u8)).filter(|w| w.bytes().any(|c| c.is_ascii_alphanumeric())));
        return out;
    }
    out.extend(text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)));
    out
}

fn contiguous(idx: &[usize]) -> bool {
    idx.windows(2).all(|w| w[1] == w[0] + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The versions the copy-free helpers replaced, kept as their oracles.
    fn is_patronymic_allocating(w: &str) -> bool {
        let l = w.to_lowercase();
        l.chars().count() >= 6 && PATRONYMIC_ENDINGS.iter().any(|s| l.ends_with(s))
    }

    fn is_all_caps_collecting(w: &str) -> bool {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    }

    proptest::proptest! {
        #[test]
        fn word_helpers_agree_with_their_oracles(w in "[a-zA-Z.]{0,40}|[a-zA-Z.'éÉИв-]{0,12}|(Iv|IV|Petr)(ovich|OVNA|evitch|ович)") {
            proptest::prop_assert_eq!(with_word_key(&w, <[u8]>::to_vec), word_key(&w).into_bytes());
            proptest::prop_assert_eq!(is_patronymic(&w), is_patronymic_allocating(&w));
            proptest::prop_assert_eq!(is_all_caps(&w), is_all_caps_collecting(&w));
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_words_are_the_whitespace_words(text in "[a-c1 .&\t\n\x0b\x0c\r-]{0,24}|[a-c é\u{3000}]{0,12}") {
            let expected: Vec<&str> = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).collect();
            proptest::prop_assert_eq!(words_of(&text), expected);
        }
    }

    #[test]
    fn affix_table_agrees_with_the_index() {
        for (k, v) in crate::word_index::PERSON_AFFIXES.iter() {
            assert_eq!(AFFIXES.get(k.as_bytes()), Some(v), "{k}");
        }
    }

    #[test]
    fn orders_agree() {
        let a = analyze("SMITH, John A.", None);
        assert_eq!(a.parts.family, "SMITH");
        assert_eq!(a.parts.given, "John A.");
        assert_eq!(a.evidence, Some(KindReason::FamilyCommaGiven));
        let c = analyze("MÜLLER Hans", None);
        assert_eq!(c.parts.family, "MÜLLER");
        assert_eq!(c.parts.given, "Hans");
        let d = analyze("Tanaka Hiroshi", Some("JP"));
        assert_eq!(d.parts.family, "Tanaka");
        let e = analyze("Jan van der Berg", None);
        assert_eq!(e.parts.family, "van der Berg");
        assert_eq!(e.parts.given, "Jan");
    }
}
