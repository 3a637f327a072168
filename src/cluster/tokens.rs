//! Clustering's own pass over the comparison tokens, working around what the pipeline's
//! keys do not do yet: drop function words (`the`, `of`, `and`, `und`, `des`...) and
//! harmonize the commonest company and institution words (`company` → `co`,
//! `university` → `univ`, `limited` → `ltd`), so that variants meet on the same token.
//! When every token is a function word, the tokens are kept as they are.

/// Function words dropped from the tokens clustering compares.
const STOP: &[&str] = &[
    "a", "an", "and", "at", "au", "by", "da", "das", "de", "del", "della", "der", "des", "di", "die", "do", "dos",
    "du", "e", "en", "et", "for", "i", "in", "la", "las", "le", "les", "los", "of", "on", "the", "to", "und", "y",
];

/// Word → harmonized form, sorted by word.
const HARMONIZE: &[(&str, &str)] = &[
    ("assn", "assoc"),
    ("association", "assoc"),
    ("co", "co"),
    ("company", "co"),
    ("corp", "corp"),
    ("corporation", "corp"),
    ("dept", "dept"),
    ("department", "dept"),
    ("deptartment", "dept"),
    ("incorporated", "inc"),
    ("international", "intl"),
    ("jr", "jr"),
    ("junior", "jr"),
    ("laboratories", "labs"),
    ("laboratory", "labs"),
    ("lab", "labs"),
    ("limited", "ltd"),
    ("manufacturing", "mfg"),
    ("technologies", "tech"),
    ("technology", "tech"),
    ("univ", "univ"),
    ("universitat", "univ"),
    ("universite", "univ"),
    ("university", "univ"),
];

/// The tokens clustering compares, from the pipeline's folded key tokens.
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
        assert_eq!(cluster_tokens("the the".split(' ')), ["the", "the"]);
    }
}
