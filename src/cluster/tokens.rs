//! Clustering's own pass over the comparison tokens, working around what the pipeline's
//! keys do not do yet: drop function words (`the`, `of`, `and`, `und`, `des`...) and
//! harmonize the commonest company and institution words (`company` → `co`,
//! `university` → `univ`, `limited` → `ltd`), so that variants meet on the same token.
//! Misspelled company words are harmonized too (`koninklike` → `konink`), by the corpus
//! once per distinct token. When every
//! token is a function word, the tokens are kept as they are.

use super::similarity::token_similarity;
use fst::Streamer;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Function words dropped from the tokens clustering compares.
const STOP: &[&str] = &[
    "a", "an", "and", "at", "au", "by", "da", "das", "de", "del", "della", "der", "des", "di", "die", "do", "dos",
    "du", "e", "en", "et", "for", "i", "in", "la", "las", "le", "les", "los", "of", "on", "the", "to", "und", "y",
];

/// Word → harmonized form, sorted by word: what the pipeline's company words
/// (`dictionaries/source/company_words.tsv`) do not cover yet, into the same forms.
const HARMONIZE: &[(&str, &str)] = &[
    ("assn", "assoc"),
    ("company", "co"),
    ("corporation", "corp"),
    ("department", "dept"),
    ("deptartment", "dept"),
    ("incorporated", "inc"),
    ("junior", "jr"),
    ("laboratories", "lab"),
    ("laboratory", "lab"),
    ("labs", "lab"),
    ("limited", "ltd"),
    ("university", "univ"),
];

/// Company words of at least this many letters are also recognized misspelled.
const TYPO_MIN_CHARS: usize = 6;

/// The pipeline's company words, indexed by deletion keys to find misspellings.
struct TypoIndex {
    words: Vec<(String, &'static str)>,
    deletions: HashMap<String, Vec<u32>>,
}

fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = vec![word.to_string()];
    for skip in 0..chars.len() {
        out.push(chars.iter().enumerate().filter(|&(k, _)| k != skip).map(|(_, c)| *c).collect());
    }
    out.sort_unstable();
    out.dedup();
    out
}

static TYPOS: LazyLock<TypoIndex> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut stream = namestd_dictionaries::company_words().stream();
    while let Some((k, v)) = stream.next() {
        let Ok(k) = std::str::from_utf8(k) else { continue };
        let Some(value) = namestd_dictionaries::COMPANY_WORD_VALUES.get(v as usize) else { continue };
        if k.chars().count() >= TYPO_MIN_CHARS && k.chars().all(char::is_alphabetic) {
            words.push((k.to_string(), *value));
        }
    }
    let mut deletions_map: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, (w, _)) in words.iter().enumerate() {
        for d in deletions(w) {
            deletions_map.entry(d).or_default().push(i as u32);
        }
    }
    TypoIndex { words, deletions: deletions_map }
});

/// The harmonized form of a misspelled company word (`koninklike` → `konink`,
/// `electrnics` → `electronic`): the best company word one edit away by
/// [`token_similarity`], ties to the first in dictionary order.
pub fn company_word_typo(token: &str) -> Option<&'static str> {
    if token.chars().count() < TYPO_MIN_CHARS || !token.chars().all(char::is_alphabetic) {
        return None;
    }
    if namestd_dictionaries::company_words().contains_key(token) {
        return None;
    }
    let index = &*TYPOS;
    let mut best: Option<(f64, u32)> = None;
    for d in deletions(token) {
        for &i in index.deletions.get(&d).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(s) = token_similarity(token, &index.words[i as usize].0) {
                if best.is_none_or(|(bs, bi)| s > bs || (s == bs && i < bi)) {
                    best = Some((s, i));
                }
            }
        }
    }
    best.map(|(_, i)| index.words[i as usize].1)
}

/// The tokens clustering compares, from the pipeline's folded key tokens (misspelled
/// company words are harmonized later, once per distinct token: [`company_word_typo`]).
pub fn cluster_tokens<'a>(folded: impl Iterator<Item = &'a str>) -> Vec<String> {
    let folded: Vec<&str> = folded.collect();
    let mut kept: Vec<String> = Vec::new();
    for &t in &folded {
        if STOP.binary_search(&t).is_ok() {
            continue;
        }
        let t = match HARMONIZE.binary_search_by(|(k, _)| k.cmp(&t)) {
            Ok(i) => HARMONIZE[i].1,
            Err(_) => t,
        };
        kept.push(t.to_string());
    }
    if kept.is_empty() {
        folded.into_iter().map(str::to_string).collect()
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
        assert!(HARMONIZE.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn function_words_go_and_company_words_meet() {
        let t = cluster_tokens("the board of trustees company university".split(' '));
        assert_eq!(t, ["board", "trustees", "co", "univ"]);
        assert_eq!(company_word_typo("koninklike"), Some("konink"));
        assert_eq!(company_word_typo("philips"), None);
        assert_eq!(cluster_tokens("the the".split(' ')), ["the", "the"]);
    }
}
