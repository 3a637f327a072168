//! Company words (`company_words.tsv`): a word → the harmonized key word, from the NBER /
//! Derwent rules (`nber`), the KU Leuven spelling variants (`kul`), fedmatch's abbreviations
//! reversed (`fedmatch`) and rigour's cross-language symbol groups (`rigour`).
//!
//! Earlier sources win a word (NBER, then KUL, fedmatch, rigour); replacements are then
//! followed to their end (`INTERNATIONALE` → `international` → `int`), so every spelling of a
//! word reaches the same key. Words are matched case- and accent-insensitively, so the table
//! holds one row per folded word. Legal forms are left out (they belong to `legal_forms.tsv`).

use crate::legal::LegalRow;
use crate::text::{cell, collapse_ws, dominant_script, fold, is_all_script, join_key};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// KU Leuven spelling variants.
pub const KUL_FILE: &str = "nstandr/magerman_patterns_spelling_variation.csv";
/// fedmatch corporate words.
pub const FEDMATCH_FILE: &str = "fedmatch/corporate_words.csv";
/// rigour symbols.
pub const RIGOUR_FILE: &str = "rigour/symbols.yml";

/// The header of `company_words.tsv`.
pub const HEADER: &str = "word\treplacement\tsource";

/// NBER rules left out: wrong (`DEUTSCHE` → `DDR`, a rule meant for `DEUTSCHE DEMOKRATISCHE
/// REPUBLIK`), a given name (`FABRIZIO`), a person suffix (`JUNIOR`).
const NBER_SKIP: &[(&str, &str)] = &[("DEUTSCHE", "DDR"), ("DEUTSCHEN", "DDR"), ("FABRIZIO", "FAB"), ("JUNIOR", "JR")];

/// Replacements that are legal-form abbreviations: such rules belong to the legal forms.
#[rustfmt::skip]
const LEGAL_REPLACEMENTS: &[&str] = &[
    "ab", "ag", "aps", "as", "bv", "cc", "ev", "gk", "gmbh", "hb", "inc", "kb", "kg", "kgaa", "kk",
    "lp", "ltd", "ltda", "mbh", "nv", "ohg", "oy", "plc", "pty", "pvba", "sa", "sarl", "sas", "snc",
    "spa", "sprl", "srl", "np", "kp", "op", "gh", "sh", "zh", "llc", "llp",
];

/// Legal-form words that are still harmonized as company words inside names (`Ford Motor
/// Company of Canada`): the README's own examples.
const ALLOWED_LEGAL_WORDS: &[&str] = &["corporation", "corporations", "corporate", "company", "companies"];

/// rigour symbol groups used, with the key word they map to when no earlier source maps one
/// of their members. Groups about places, government, people or phrases are not used.
#[rustfmt::skip]
const RIGOUR_GROUPS: &[&str] = &[
    "co", "corp", "coop", "assoc", "association", "bros", "center", "holding", "consortium",
    "service", "dept", "agency", "fund", "intl", "grp", "mgmt", "natl", "institute", "enterprise",
    "committee", "kombinat", "central", "general", "system", "venture", "commercial", "ministry",
    "export", "import", "solution", "project", "product", "alliance", "capital", "credit", "asset",
    "trust", "union", "industry", "office", "bureau", "dev", "network", "global", "world", "fdn",
];

/// rigour group members that do not mean the group's word (`проведение` in `holding`,
/// `школа` in `institute`, cooperative words in `holding`, `corp` members meaning company).
#[rustfmt::skip]
const RIGOUR_SKIP_WORDS: &[&str] = &[
    "проведение", "кооперація", "кооператив", "кооперативне", "кооперативна", "кооперативи",
    "кооперативу", "кооперативів", "школа", "industite", "societatea", "sociedade", "società",
    "corpo", "фондовий", "фондова", "фондові", "corporativo", "corporativos", "комбинированного",
    "konsortsium", "centr", "devt", "comp", "coy", "kongsi", "kaisha", "gongsi", "shirkat", "firm",
    "firma",
];

/// One company-word row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordRow {
    /// The word as written (upper case).
    pub word: String,
    /// The harmonized key word (lower case).
    pub replacement: String,
    /// Provenance tags.
    pub source: Vec<String>,
}

#[derive(Debug, Clone)]
struct Rule {
    word: String,
    replacement: String,
    sources: BTreeSet<String>,
    /// Priority of the source that set the replacement (lower wins).
    prio: u8,
}

/// Source priorities for company words.
fn source_prio(source: &str) -> u8 {
    match source {
        "nber" => 0,
        "kul" => 1,
        "fedmatch" => 2,
        _ => 3,
    }
}

/// Whether `w` is one word of letters (hyphens and apostrophes allowed inside), written in
/// one spaced script (Han, Kana and Thai words are never separated by spaces in names).
pub fn is_single_word(w: &str) -> bool {
    let w = w.trim();
    if w.is_empty() || w.contains(char::is_whitespace) {
        return false;
    }
    if !w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’') || is_combining(c)) {
        return false;
    }
    match dominant_script(w) {
        Some(s) if s.is_unspaced() => false,
        Some(s) => is_all_script(w, s),
        None => false,
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

/// Word rules in priority order; the first rule for a folded word wins, later rules with
/// the same replacement add their source.
#[derive(Debug, Default)]
struct RuleSet {
    rules: BTreeMap<String, Rule>,
}

impl RuleSet {
    fn add(&mut self, word: &str, replacement: &str, source: &str) {
        let word = collapse_ws(word).to_uppercase();
        let replacement = collapse_ws(replacement).to_lowercase();
        if !is_single_word(&word) || replacement.is_empty() {
            return;
        }
        let key = fold(&word);
        match self.rules.get_mut(&key) {
            Some(r) => {
                if r.replacement == replacement {
                    r.sources.insert(source.to_string());
                }
            }
            None => {
                let mut sources = BTreeSet::new();
                sources.insert(source.to_string());
                self.rules.insert(key, Rule { word, replacement, sources, prio: source_prio(source) });
            }
        }
    }

    /// The end of the replacement chain of a rule of priority `prio` replacing by
    /// `replacement`: a step is followed only to a rule of the same or an earlier source
    /// (NBER's key `fond` for `FONDATION` is not rigour's word `fond` = fund). At most eight
    /// steps; cycles stop.
    fn resolve(&self, replacement: &str, prio: u8) -> String {
        let mut cur = replacement.to_string();
        let mut prio = prio;
        let mut seen = BTreeSet::new();
        for _ in 0..8 {
            if !seen.insert(cur.clone()) {
                break;
            }
            match self.rules.get(&fold(&cur)) {
                Some(r) if fold(&r.replacement) != fold(&cur) && r.prio <= prio => {
                    cur = r.replacement.clone();
                    prio = r.prio;
                }
                _ => break,
            }
        }
        cur
    }

    fn final_key(&self, word: &str) -> Option<String> {
        self.rules.get(&fold(word)).map(|r| self.resolve(&r.replacement, r.prio))
    }

    /// Whether `w` is the replacement of some rule (a key word).
    fn is_key_word(&self, w: &str) -> bool {
        let f = fold(w);
        self.rules.values().any(|r| fold(&r.replacement) == f)
    }
}

fn read_csv_pairs(raw: &Path, file: &str) -> Result<Vec<(String, String)>> {
    let path = raw.join(file);
    let mut out = Vec::new();
    for rec in crate::csv_records(&path)? {
        out.push((collapse_ws(rec.get(0).unwrap_or("")), collapse_ws(rec.get(1).unwrap_or(""))));
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
struct Symbols {
    org_symbols: BTreeMap<String, Vec<String>>,
}

/// Reads rigour's organisation symbol groups.
pub fn read_rigour_groups(raw: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    let path = raw.join(RIGOUR_FILE);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let s: Symbols = serde_yaml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(s.org_symbols)
}

/// fedmatch pairs reversed (long → abbreviation); a long word with several abbreviations
/// takes the longest (`group` → `grp`, not `gp`).
pub fn fedmatch_reversed(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut best: BTreeMap<String, String> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (abbr, long) in pairs {
        let (abbr, long) = (abbr.to_lowercase(), long.to_lowercase());
        if abbr == long || !is_single_word(&long) || !is_single_word(&abbr) {
            continue;
        }
        match best.get_mut(&long) {
            Some(b) => {
                if abbr.len() > b.len() {
                    *b = abbr;
                }
            }
            None => {
                order.push(long.clone());
                best.insert(long, abbr);
            }
        }
    }
    order.into_iter().filter_map(|l| best.get(&l).map(|a| (l.clone(), a.clone()))).collect()
}

/// Builds the company-word rows; `legal` is the legal-form table (its forms are left out).
pub fn build(raw: &Path, legal: &[LegalRow]) -> Result<Vec<WordRow>> {
    let mut set = RuleSet::default();
    // NBER / Derwent, in file order (the first rule for a word is the one NBER applies).
    for (pattern, repl) in crate::legal::nber::read_rules(raw)? {
        if NBER_SKIP.contains(&(pattern.as_str(), repl.as_str())) {
            continue;
        }
        set.add(&pattern, &repl, "nber");
    }
    for (word, repl) in read_csv_pairs(raw, KUL_FILE)? {
        set.add(&word, &repl, "kul");
    }
    let fed = read_csv_pairs(raw, FEDMATCH_FILE)?;
    for (long, abbr) in fedmatch_reversed(&fed) {
        set.add(&long, &abbr, "fedmatch");
    }
    // fedmatch abbreviations reach the key of their long word (`labs` → `lab`).
    for (abbr, long) in &fed {
        let (abbr, long) = (abbr.to_lowercase(), long.to_lowercase());
        if abbr.chars().count() < 3 || abbr == "cor" || !is_single_word(&abbr) || !is_single_word(&long) {
            continue;
        }
        if let Some(k) = set.final_key(&long) {
            if k != abbr && !set.rules.contains_key(&fold(&abbr)) && !set.is_key_word(&abbr) {
                set.add(&abbr, &k, "fedmatch");
            }
        }
    }
    // rigour groups: a member in two groups with different keys is ambiguous and left out.
    let groups = read_rigour_groups(raw)?;
    let mut member_keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut group_members: Vec<(String, Vec<String>)> = Vec::new();
    for g in RIGOUR_GROUPS {
        let Some(members) = groups.get(*g) else { continue };
        let members: Vec<String> = members
            .iter()
            .map(|m| collapse_ws(m))
            .filter(|m| is_single_word(m) && !RIGOUR_SKIP_WORDS.iter().any(|w| fold(w) == fold(m)))
            .collect();
        // The group's key: the final key of its first member an earlier source maps.
        let key = members.iter().find_map(|m| set.final_key(m)).unwrap_or_else(|| {
            if *g == "association" {
                "assoc".to_string()
            } else {
                g.to_string()
            }
        });
        for m in &members {
            member_keys.entry(fold(m)).or_default().insert(key.clone());
        }
        group_members.push((key, members));
    }
    for (key, members) in &group_members {
        for m in members {
            if member_keys.get(&fold(m)).is_some_and(|k| k.len() == 1) {
                set.add(m, key, "rigour");
            }
        }
    }
    // Legal forms are not company words.
    let legal_keys: BTreeSet<String> = legal.iter().map(|r| fold(&join_key(&r.form))).collect();
    let mut rows: Vec<WordRow> = Vec::new();
    for (key, rule) in &set.rules {
        let replacement = set.resolve(&rule.replacement, rule.prio);
        if fold(&replacement) == *key {
            continue;
        }
        if LEGAL_REPLACEMENTS.contains(&replacement.as_str()) {
            continue;
        }
        if legal_keys.contains(key) && !ALLOWED_LEGAL_WORDS.contains(&key.as_str()) {
            continue;
        }
        rows.push(WordRow { word: rule.word.clone(), replacement, source: rule.sources.iter().cloned().collect() });
    }
    rows.sort_by(|a, b| (fold(&a.word), &a.word).cmp(&(fold(&b.word), &b.word)));
    Ok(rows)
}

/// Renders rows as `company_words.tsv` text.
pub fn render(rows: &[WordRow]) -> String {
    let mut s = String::new();
    s.push_str("# Imported company words. GENERATED by `cargo run -p namestd-dict-import -- dictionaries`\n");
    s.push_str("# from dictionaries/raw/ (NBER/Derwent, KU Leuven, fedmatch, rigour symbols).\n");
    s.push_str("# Do not edit: add hand-reviewed rows to company_words_additions.tsv instead.\n");
    s.push_str(HEADER);
    s.push('\n');
    for r in rows {
        s.push_str(&format!("{}\t{}\t{}\n", cell(&r.word), cell(&r.replacement), r.source.join(";")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_words() {
        assert!(is_single_word("SYSTEMES"));
        assert!(is_single_word("компания"));
        assert!(is_single_word("CO-OPERATIVE"));
        assert!(!is_single_word("RESEARCH AND DEVELOPMENT"));
        assert!(!is_single_word("公司"));
        assert!(!is_single_word("сompany")); // Cyrillic с + Latin: a homoglyph spelling
        assert!(!is_single_word("WISSENSCHAFTLICHE(S)"));
    }

    #[test]
    fn chains_resolve() {
        let mut s = RuleSet::default();
        s.add("INTERNATIONAL", "INT", "nber");
        s.add("INTERNATIONALE", "INTERNATIONAL", "kul");
        s.add("INTERNATIONAL", "INTL", "fedmatch");
        assert_eq!(s.final_key("internationale").as_deref(), Some("int"));
        assert_eq!(s.final_key("International").as_deref(), Some("int"));
        assert_eq!(s.rules[&fold("INTERNATIONAL")].sources.len(), 1);
        // A chain does not pass through a later source's rule.
        s.add("FONDATION", "FOND", "nber");
        s.add("FOND", "FUND", "rigour");
        assert_eq!(s.final_key("fondation").as_deref(), Some("fond"));
    }

    #[test]
    fn fedmatch_longest_abbreviation() {
        let pairs = vec![
            ("gp".to_string(), "group".to_string()),
            ("grp".to_string(), "group".to_string()),
            ("co".to_string(), "company".to_string()),
            ("nv".to_string(), "nv".to_string()),
            ("cl".to_string(), "company listed".to_string()),
        ];
        assert_eq!(
            fedmatch_reversed(&pairs),
            vec![("group".to_string(), "grp".to_string()), ("company".to_string(), "co".to_string())]
        );
    }
}
