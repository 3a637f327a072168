//! Clustering's own pass over the comparison tokens, working around what the pipeline's
//! keys do not do yet: drop function words (`the`, `of`, `and`, `und`, `des`...) and
//! harmonize the commonest company and institution words (`company` → `co`,
//! `university` → `univ`, `limited` → `ltd`), so that variants meet on the same token.
//! A company word written in two pieces is joined (`maats chappij` → `mij`, as
//! `maatschappij` is). Misspelled company words are harmonized too (`koninklike` →
//! `konink`), by the corpus once per distinct token. When every token is a function word,
//! the tokens are kept as they are.
//!
//! It also marks the **represented body**: in `The United States of America as
//! represented by the Secretary of the Navy` or `State of Oregon acting by and through the
//! State Board of Higher Education on behalf of Portland State University`, the words after
//! the last representation word ([`REPRESENTATION`]) name the body the applicant acts for,
//! and they are what tells such names apart (see the similarity's
//! `RepresentedBodyDiffers` veto).

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
    ("bd", "board"),
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

/// Words after which the rest of a name is the body represented or acted for
/// (`represented` by the `secretary` of the Navy, `on behalf of` a university,
/// `représenté` par le délégué, the `department` of Energy ...), as the keys fold them.
/// Sorted.
pub const REPRESENTATION: &[&str] = &[
    "administrator",
    "behalf",
    "dept",
    "director",
    "represente",
    "represented",
    "representee",
    "representes",
    "sec",
    "secretary",
];

/// Honorific words that prefix a company's name without telling companies apart
/// (`Koninklijke DSM` is `DSM`, `Royal Philips` is `Philips`), as the keys fold them. They
/// weigh as little as a legal-form token. Sorted.
pub const HONORIFICS: &[&str] = &["konink", "koninklijke", "royal"];

/// Whether a folded token is an honorific ([`HONORIFICS`]).
pub fn is_honorific(token: &str) -> bool {
    HONORIFICS.binary_search(&token).is_ok()
}

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

/// The harmonized company word two adjacent alphabetic tokens make when written together
/// (`maats` + `chappij` → `maatschappij` → `mij`, `konin` + `klijke` → `konink`), when at
/// least one of them is not a word of its own.
fn split_company_word(a: &str, b: &str) -> Option<&'static str> {
    const MAX: usize = 40;
    let n = a.len() + b.len();
    let alpha = |t: &str| t.len() >= 2 && t.bytes().all(|c| c.is_ascii_lowercase());
    if !(8..=MAX).contains(&n) || !alpha(a) || !alpha(b) {
        return None;
    }
    // Written together on the stack: no allocation for the common miss.
    let mut joined = [0u8; MAX];
    joined[..a.len()].copy_from_slice(a.as_bytes());
    joined[a.len()..n].copy_from_slice(b.as_bytes());
    let words = namestd_dictionaries::company_words();
    let v = words.get(&joined[..n])?;
    if words.contains_key(a) && words.contains_key(b) {
        return None;
    }
    namestd_dictionaries::COMPANY_WORD_VALUES.get(v as usize).copied()
}

/// The tokens clustering compares, from the pipeline's folded key tokens (misspelled
/// company words are harmonized later, once per distinct token: [`company_word_typo`]).
pub fn cluster_tokens<'a>(folded: impl Iterator<Item = &'a str>) -> Vec<String> {
    let folded: Vec<&str> = folded.collect();
    let mut kept: Vec<String> = Vec::new();
    let mut k = 0;
    while k < folded.len() {
        let t = folded[k];
        if let Some(w) = folded.get(k + 1).and_then(|&n| split_company_word(t, n)) {
            kept.push(w.to_string());
            k += 2;
            continue;
        }
        if is_location_code(&folded[k..]) {
            k += 4;
            continue;
        }
        k += 1;
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

/// Whether the tokens start with a location code of USPTO's raw assignee data, which
/// some records carry glued to the name (`... Technology CNT JPX COD 03`, `... Air Force
/// STA DC COD 06`: country or state, then a code number): `cnt` or `sta`, one
/// alphabetic token, `cod`, one number. It is where the record came from, not part of
/// the name.
fn is_location_code(t: &[&str]) -> bool {
    t.len() >= 4
        && matches!(t[0], "cnt" | "sta")
        && t[1].bytes().all(|c| c.is_ascii_lowercase())
        && t[2] == "cod"
        && t[3].bytes().all(|c| c.is_ascii_digit())
}

/// Whether a token is a representation word ([`REPRESENTATION`]).
pub fn is_representation(token: &str) -> bool {
    // Cheap byte check first: every representation word starts with `a`, `b`, `d`, `r` or `s`.
    matches!(token.as_bytes().first(), Some(b'a' | b'b' | b'd' | b'r' | b's'))
        && REPRESENTATION.binary_search(&token).is_ok()
}

/// The represented body of a name given as its tokens in name order: a mask with bit `i`
/// set for each token after the last representation word that is not the first token
/// (0 when there is none).
pub fn represented_body<'a>(tokens: impl Iterator<Item = &'a str>) -> u64 {
    let (mut mask, mut seen) = (0u64, false);
    for (i, t) in tokens.enumerate().take(64) {
        if i > 0 && is_representation(t) {
            (mask, seen) = (0, true);
        } else if seen {
            mask |= 1u64 << i;
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
        assert!(HARMONIZE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(REPRESENTATION.windows(2).all(|w| w[0] < w[1]));
        assert!(HONORIFICS.windows(2).all(|w| w[0] < w[1]));
    }

    fn texts(v: Vec<String>) -> Vec<String> {
        v
    }

    fn body(s: &str) -> Vec<&str> {
        let t: Vec<&str> = s.split(' ').collect();
        let m = represented_body(t.iter().copied());
        t.iter().enumerate().filter(|(i, _)| m & (1 << i) != 0).map(|(_, x)| *x).collect()
    }

    #[test]
    fn a_company_word_in_two_pieces_is_joined() {
        assert_eq!(texts(cluster_tokens("shell res maats chappij".split(' '))), ["shell", "res", "mij"]);
        assert_eq!(texts(cluster_tokens("konin klijke philips".split(' '))), ["konink", "philips"]);
        // Two words of their own stay apart.
        assert_eq!(texts(cluster_tokens("general motors".split(' '))), ["general", "motors"]);
    }

    #[test]
    fn the_represented_body_is_marked() {
        assert_eq!(body("united states amer as represented sec navy"), ["navy"]);
        assert_eq!(body("state oregon acting through board higher behalf portland univ"), ["portland", "univ"]);
        // No representation word, or only as the first token: no represented body.
        assert!(body("sec industries").is_empty());
        assert!(body("motorola inc").is_empty());
        assert!(is_honorific("konink") && !is_honorific("philips"));
    }

    #[test]
    fn function_words_go_and_company_words_meet() {
        let t = texts(cluster_tokens("the board of trustees company university".split(' ')));
        assert_eq!(t, ["board", "trustees", "co", "univ"]);
        assert_eq!(company_word_typo("koninklike"), Some("konink"));
        assert_eq!(company_word_typo("philips"), None);
        assert_eq!(texts(cluster_tokens("the the".split(' '))), ["the", "the"]);
        // USPTO's location codes are not part of the name.
        let t = texts(cluster_tokens("united states amer sec air force sta dc cod 06".split(' ')));
        assert_eq!(t, ["united", "states", "amer", "sec", "air", "force"]);
        assert_eq!(texts(cluster_tokens("ramot univ cnt ilx cod 03".split(' '))), ["ramot", "univ"]);
    }
}
