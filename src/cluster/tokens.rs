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

/// Other names of a country, each with the country's English name (both as written in
/// `dictionaries/source/countries.tsv`, whose `name` and `names` columns are ISO 3166-1
/// short names and the local and common English names; a test checks every pair is
/// there): `ASML Holland` is `ASML Netherlands`, `Philips Deutschland` is `Philips
/// Germany`. Only names of the whole same country, one word once folded: not a part of it
/// (`England`, `Scotland` are not the `United Kingdom`), and not a word that is part of
/// many company names for itself (`Nippon Steel` is not `Japan Steel Works`; `America`,
/// `US`). The English name may itself be a country's other name (`Russia`, `Turkey`)
/// when its short name is several words or written otherwise.
pub const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("België", "Belgium"),
    ("Belgien", "Belgium"),
    ("Belgique", "Belgium"),
    ("Brasil", "Brazil"),
    ("Burma", "Myanmar"),
    ("Danmark", "Denmark"),
    ("Deutschland", "Germany"),
    ("Eire", "Ireland"),
    ("España", "Spain"),
    ("Hellas", "Greece"),
    ("Holland", "Netherlands"),
    ("Luxemburg", "Luxembourg"),
    ("Magyarország", "Hungary"),
    ("Nederland", "Netherlands"),
    ("Norge", "Norway"),
    ("Oesterreich", "Austria"),
    ("Österreich", "Austria"),
    ("Polska", "Poland"),
    ("Rossiya", "Russia"),
    ("Schweiz", "Switzerland"),
    ("Suisse", "Switzerland"),
    ("Suomi", "Finland"),
    ("Sverige", "Sweden"),
    ("Svizzera", "Switzerland"),
    ("Türkiye", "Turkey"),
];

/// Other names of a city where many applicants are based, each with the city's English
/// name, both as written in `dictionaries/source/cities.tsv` for the same country (a test
/// checks it): `MTU Motoren- und Turbinen-Union München` is `... Munich`. One word each;
/// left out are names that are words of their own in company names (`Canton`, `Bâle`,
/// `Gand`) and names that fold alike anyway (`Zürich`, `Montréal`).
pub const CITY_NAMES: &[(&str, &str)] = &[
    ("Anvers", "Antwerp"),
    ("Antwerpen", "Antwerp"),
    ("Athina", "Athens"),
    ("Bombay", "Mumbai"),
    ("Bruges", "Brugge"),
    ("Brussel", "Brussels"),
    ("Bruxelles", "Brussels"),
    ("Calcutta", "Kolkata"),
    ("Cracow", "Krakow"),
    ("Genève", "Geneva"),
    ("Genf", "Geneva"),
    ("Genova", "Genoa"),
    ("Gent", "Ghent"),
    ("Göteborg", "Gothenburg"),
    ("Hannover", "Hanover"),
    ("Helsingfors", "Helsinki"),
    ("Kiev", "Kyiv"),
    ("København", "Copenhagen"),
    ("Koeln", "Cologne"),
    ("Köln", "Cologne"),
    ("Lisboa", "Lisbon"),
    ("Louvain", "Leuven"),
    ("Luik", "Liège"),
    ("Luzern", "Lucerne"),
    ("Madras", "Chennai"),
    ("Milano", "Milan"),
    ("Moskva", "Moscow"),
    ("Muenchen", "Munich"),
    ("München", "Munich"),
    ("Napoli", "Naples"),
    ("Nuernberg", "Nuremberg"),
    ("Nürnberg", "Nuremberg"),
    ("Odessa", "Odesa"),
    ("Oporto", "Porto"),
    ("Padova", "Padua"),
    ("Peking", "Beijing"),
    ("Praha", "Prague"),
    ("Pusan", "Busan"),
    ("Roma", "Rome"),
    ("Sevilla", "Seville"),
    ("Torino", "Turin"),
    ("Venezia", "Venice"),
    ("Warszawa", "Warsaw"),
    ("Wien", "Vienna"),
    ("Århus", "Aarhus"),
    ("Åbo", "Turku"),
];

/// Pairs of names folded as the keys fold them, one token each, sorted and without pairs
/// that fold alike: other name → English name.
fn folded_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let one = |s: &str| {
        let t = crate::keys::key_tokens(s);
        (t.len() == 1).then(|| t.into_iter().next().unwrap_or_default())
    };
    let mut v: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(other, english)| Some((one(other)?, one(english)?)))
        .filter(|(o, e)| o != e)
        .collect();
    v.sort_unstable();
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// [`COUNTRY_NAMES`] folded as the keys fold them: other name → English name.
static COUNTRY_TOKENS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| folded_pairs(COUNTRY_NAMES));

/// [`CITY_NAMES`] folded as the keys fold them: other name → English name.
static CITY_TOKENS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| folded_pairs(CITY_NAMES));

/// The English name of a country for one of its other names ([`COUNTRY_NAMES`]), as folded
/// tokens (`holland` → `netherlands`).
pub fn country_english(token: &str) -> Option<&'static str> {
    let v = &*COUNTRY_TOKENS;
    v.binary_search_by(|(k, _)| k.as_str().cmp(token)).ok().map(|i| v[i].1.as_str())
}

/// The English name of a city for one of its other names ([`CITY_NAMES`]), as folded
/// tokens (`munchen` → `munich`).
pub fn city_english(token: &str) -> Option<&'static str> {
    let v = &*CITY_TOKENS;
    v.binary_search_by(|(k, _)| k.as_str().cmp(token)).ok().map(|i| v[i].1.as_str())
}

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

/// Legal forms of one word with at least this many letters are also recognized misspelled.
const LEGAL_FORM_TYPO_MIN_CHARS: usize = 10;

/// The pipeline's company words, indexed by deletion keys to find misspellings.
struct TypoIndex {
    words: Vec<(String, String)>,
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
            words.push((k.to_string(), value.to_string()));
        }
    }
    // Legal forms of one long word (`aktiengesellschaft`), as their canonical abbreviation
    // when it is short (`ag`): misspelled in a name, the pipeline leaves them in the core,
    // and read so they weigh as the legal form they are.
    let mut forms = namestd_dictionaries::legal_form_tokens().stream();
    while let Some((k, group)) = forms.next() {
        let Ok(k) = std::str::from_utf8(k) else { continue };
        if k.len() < LEGAL_FORM_TYPO_MIN_CHARS || !k.bytes().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let Some(entry) = namestd_dictionaries::legal_form_group(group).next() else { continue };
        let canonical = namestd_dictionaries::key::form_key(entry.canonical);
        if (2..=6).contains(&canonical.len()) && canonical.bytes().all(|c| c.is_ascii_lowercase()) {
            words.push((k.to_string(), canonical));
        }
    }
    // Clustering's own harmonized words too (`comapny` → `co`, `junion` → `jr`).
    words.extend(
        HARMONIZE.iter().filter(|(w, _)| w.len() >= TYPO_MIN_CHARS).map(|(w, v)| (w.to_string(), v.to_string())),
    );
    let mut deletions_map: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, (w, _)) in words.iter().enumerate() {
        for d in deletions(w) {
            deletions_map.entry(d).or_default().push(i as u32);
        }
    }
    TypoIndex { words, deletions: deletions_map }
});

/// The harmonized form of a misspelled company word (`koninklike` → `konink`,
/// `electrnics` → `electronic`), of a word clustering harmonizes itself (`junion` → `jr`) or of a
/// legal form of one long word (`aktiengesellshaft` → `ag`): the best such word one edit
/// away by [`token_similarity`], ties to the first in dictionary order.
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
    best.map(|(_, i)| index.words[i as usize].1.as_str()).or_else(|| honorific_typo(token))
}

/// The honorific [`HONORIFIC_WORD`] misspelled beyond one edit (`kinonklijke`,
/// `koninklight`, `koninkluke`): a word of at least 8 letters that may be it badly
/// misspelled ([`super::similarity::misspelled`]) and is at most 3 edits from it is its
/// harmonized form, `konink`. One long word, so a loose match does not reach other words;
/// the edit bound keeps out words that only start like it (`koninktries`).
fn honorific_typo(token: &str) -> Option<&'static str> {
    (token.len() >= 8
        && super::similarity::misspelled(token, HONORIFIC_WORD)
        && strsim::damerau_levenshtein(token, HONORIFIC_WORD) <= 3)
        .then_some("konink")
}

/// The honorific whose misspellings are looked for beyond one edit: Dutch `koninklijke`
/// (royal), keyed `konink`.
pub const HONORIFIC_WORD: &str = "koninklijke";

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

/// The two harmonized company words a long token is written from, when it is not a word
/// of its own (`researchmaatschappij` → `res`, `mij`: `Shell Internationale
/// Researchmaatschappij` is `Shell Internationale Research Maatschappij`). Each part has
/// at least [`COMPOUND_MIN_PART`] letters; the longest first part that leaves a company
/// word wins. One walk of the map finds every first part.
fn compound_company_words(t: &str) -> Option<(&'static str, &'static str)> {
    let b = t.as_bytes();
    if b.len() < 2 * COMPOUND_MIN_PART || !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let words = namestd_dictionaries::company_words();
    let fst = words.as_fst();
    // (end of the first part, its value) for every first part that is a word.
    let mut firsts: Vec<(usize, u64)> = Vec::new();
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    for (i, &c) in b[..b.len() - COMPOUND_MIN_PART].iter().enumerate() {
        let Some(x) = node.find_input(c) else { break };
        let tr = node.transition(x);
        out = out.cat(tr.out);
        node = fst.node(tr.addr);
        if i + 1 >= COMPOUND_MIN_PART && node.is_final() {
            firsts.push((i + 1, out.cat(node.final_output()).value()));
        }
    }
    if firsts.is_empty() || words.contains_key(b) {
        return None;
    }
    let value = |v: u64| namestd_dictionaries::COMPANY_WORD_VALUES.get(v as usize).copied();
    firsts.iter().rev().find_map(|&(end, v)| Some((value(v)?, value(words.get(&b[end..])?)?)))
}

/// Letters each part of a compound of two company words has at least.
const COMPOUND_MIN_PART: usize = 4;

/// The tokens clustering compares, from the pipeline's folded key tokens (misspelled
/// company words are harmonized later, once per distinct token: [`company_word_typo`]).
pub fn cluster_tokens<'a>(folded: impl Iterator<Item = &'a str>) -> Vec<String> {
    let folded: Vec<&str> = folded.collect();
    let rejoined;
    let folded: Vec<&str> = if folded.windows(2).any(|w| is_letter(w[1]) && (is_letter(w[0]) || w[0].len() > 6)) {
        rejoined = legal_form_letters(&folded);
        rejoined.iter().map(String::as_str).collect()
    } else {
        folded
    };
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
        if let Some((first, second)) = compound_company_words(t) {
            kept.push(first.to_string());
            kept.push(second.to_string());
            continue;
        }
        let t = match HARMONIZE.binary_search_by(|(k, _)| k.cmp(&t)) {
            Ok(i) => HARMONIZE[i].1,
            Err(_) => country_english(t).or_else(|| city_english(t)).unwrap_or(t),
        };
        kept.push(t.to_string());
    }
    if kept.is_empty() {
        folded.into_iter().map(str::to_string).collect()
    } else {
        kept
    }
}

/// Whether a token is one letter.
fn is_letter(t: &str) -> bool {
    t.len() == 1 && t.as_bytes()[0].is_ascii_lowercase()
}

/// Whether letters written together are a legal form of the embedded tables (`nv`, `bv`).
fn is_legal_form_word(letters: &str) -> bool {
    (2..=4).contains(&letters.len())
        && namestd_dictionaries::legal_form_tokens().get(namestd_dictionaries::key::form_key(letters)).is_some()
}

/// A legal form the pipeline did not read because its letters came apart (`N,V,`,
/// `N. V,` → `n v`) is joined again (`nv`), so it weighs as a legal form and not as two
/// one-letter words: in each run of one-letter tokens, the longest last 2–4 letters that
/// make a legal form (`D S M N V` → `d s m nv`). A legal form glued to the word before it
/// (`ELECTRONICSN.V.` → `electronicsn v`) is split off when the word without its last
/// letter is a company word (`electronic nv`).
fn legal_form_letters(folded: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(folded.len());
    let mut k = 0;
    while k < folded.len() {
        let start = k;
        while k < folded.len() && is_letter(folded[k]) {
            k += 1;
        }
        if k == start {
            out.push(folded[k].to_string());
            k += 1;
            continue;
        }
        let run: String = folded[start..k].concat();
        // A word glued to the run's first letters: `electronicsn` + `v`.
        if let Some(prev) = out.last().filter(|p| p.len() > 6 && p.is_ascii()) {
            let (word, last) = prev.split_at(prev.len() - 1);
            let glued = format!("{last}{run}");
            let words = namestd_dictionaries::company_words();
            if is_legal_form_word(&glued) {
                if let Some(v) = words.get(word).and_then(|v| namestd_dictionaries::COMPANY_WORD_VALUES.get(v as usize))
                {
                    let n = out.len() - 1;
                    out[n] = v.to_string();
                    out.push(glued);
                    continue;
                }
            }
        }
        let joined = (2..=run.len().min(4)).rev().find(|&n| is_legal_form_word(&run[run.len() - n..]));
        match joined {
            Some(n) => {
                out.extend(folded[start..k - n].iter().map(|t| t.to_string()));
                out.push(run[run.len() - n..].to_string());
            }
            None => out.extend(folded[start..k].iter().map(|t| t.to_string())),
        }
    }
    out
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
    fn a_compound_of_two_company_words_splits_in_two() {
        assert_eq!(compound_company_words("researchmaatschappij"), Some(("res", "mij")));
        assert_eq!(compound_company_words("generalelectric"), Some(("gen", "elec")));
        // A company word itself, a part too short, a part that is no company word, or not
        // plain letters: no split.
        for t in ["maatschappij", "research", "coresearch", "researchxyzzy", "motorola", "research2maatschappij"] {
            assert_eq!(compound_company_words(t), None, "{t}");
        }
        // The pipeline's keys harmonize the words written apart (`res mij`): the compound
        // gives the same tokens.
        assert_eq!(
            cluster_tokens(["shell", "int", "researchmaatschappij"].into_iter()),
            ["shell", "int", "res", "mij"]
        );
    }

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
    fn other_country_names_are_the_english_name() {
        for (other, english) in COUNTRY_NAMES {
            let c = namestd_dictionaries::COUNTRIES.iter().find(|c| c.names.contains(other) || c.name == *other);
            let c = c.unwrap_or_else(|| panic!("{other} is not in countries.tsv"));
            assert!(c.name == *english || c.names.contains(english), "{other} / {english}");
        }
        // Every name folds to one token (`Österreich` and `Oesterreich` to the same one).
        assert_eq!(COUNTRY_TOKENS.len(), COUNTRY_NAMES.len() - 1, "{:?}", *COUNTRY_TOKENS);
        assert_eq!(texts(cluster_tokens("asml holland".split(' '))), ["asml", "netherlands"]);
        // The keys' company words read `Österreich` as `oesterr`, `Deutschland` as `deut`.
        assert_eq!(country_english("oesterr"), Some("austria"));
        assert_eq!(country_english("deut"), Some("germany"));
        assert_eq!(country_english("netherlands"), None);
    }

    #[test]
    fn other_city_names_are_the_english_name() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/source/cities.tsv");
        let table = std::fs::read_to_string(path).expect("cities.tsv");
        let country = |name: &str| {
            table.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
                let mut cells = l.split('\t');
                (cells.next() == Some(name)).then(|| cells.next().unwrap_or("").to_string())
            })
        };
        for (other, english) in CITY_NAMES {
            let c = country(other).unwrap_or_else(|| panic!("{other} is not in cities.tsv"));
            assert_eq!(country(english).as_deref(), Some(c.as_str()), "{other} / {english}");
        }
        // Every name folds to one token, and no pair folds alike.
        assert_eq!(CITY_TOKENS.len(), CITY_NAMES.len(), "{:?}", *CITY_TOKENS);
        assert_eq!(
            texts(cluster_tokens("mtu turbinen union munchen".split(' '))),
            ["mtu", "turbinen", "union", "munich"]
        );
        assert_eq!(city_english("munich"), None);
    }

    #[test]
    fn harmonized_words_are_found_misspelled() {
        assert_eq!(company_word_typo("comapny"), Some("co"));
        assert_eq!(company_word_typo("junion"), Some("jr"));
        assert_eq!(company_word_typo("univrsity"), Some("univ"));
        assert_eq!(company_word_typo("junk"), None);
        // A long legal form misspelled is its canonical abbreviation, which weighs as one.
        assert_eq!(company_word_typo("aktiengesellshaft"), Some("ag"));
    }

    #[test]
    fn a_legal_form_in_pieces_is_joined() {
        assert_eq!(texts(cluster_tokens("maasland n v".split(' '))), ["maasland", "nv"]);
        assert_eq!(texts(cluster_tokens("n v philips".split(' '))), ["nv", "philips"]);
        assert_eq!(texts(cluster_tokens("d s m n v".split(' '))), ["d", "s", "m", "nv"]);
        assert_eq!(
            texts(cluster_tokens("konink philips electronicsn v".split(' '))),
            ["konink", "philips", "electronic", "nv"]
        );
        // Letters that make no legal form stay.
        assert_eq!(texts(cluster_tokens("univ paris v".split(' '))), ["univ", "paris", "v"]);
        assert_eq!(texts(cluster_tokens("s g x m".split(' '))), ["s", "g", "x", "m"]);
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
        for t in ["kinonklijke", "koninklight", "koninkluke"] {
            assert_eq!(company_word_typo(t), Some("konink"), "{t}");
        }
        assert_eq!(company_word_typo("kingston"), None);
        assert_eq!(company_word_typo("koninktries"), None);
        assert_eq!(texts(cluster_tokens("the the".split(' '))), ["the", "the"]);
        // USPTO's location codes are not part of the name.
        let t = texts(cluster_tokens("united states amer sec air force sta dc cod 06".split(' ')));
        assert_eq!(t, ["united", "states", "amer", "sec", "air", "force"]);
        assert_eq!(texts(cluster_tokens("ramot univ cnt ilx cod 03".split(' '))), ["ramot", "univ"]);
    }
}
