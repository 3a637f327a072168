//! cleanco's legal-form terms → candidates (source `cleanco`), with countries from
//! `terms_by_country.csv` mapped to ISO 3166-1 alpha-2.

use super::filters::{abbreviation_ok, cyrillic_form_ok, multiword_form_ok, skip_reason};
use super::{prio, Cand};
use crate::text::{canonical, collapse_ws, join_key, letter_count, looks_like_mojibake, repair_mojibake};
use anyhow::{bail, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Terms by entity type.
pub const TYPE_FILE: &str = "cleanco/terms_by_type.csv";
/// Terms by country.
pub const COUNTRY_FILE: &str = "cleanco/terms_by_country.csv";

/// cleanco's country names → ISO 3166-1 alpha-2.
pub const COUNTRY_CODES: &[(&str, &str)] = &[
    ("Albania", "AL"),
    ("Argentina", "AR"),
    ("Australia", "AU"),
    ("Austria", "AT"),
    ("Belarus", "BY"),
    ("Belgium", "BE"),
    ("Bosnia / Herzegovina", "BA"),
    ("Brazil", "BR"),
    ("Bulgaria", "BG"),
    ("Cambodia", "KH"),
    ("Canada", "CA"),
    ("Chile", "CL"),
    ("China", "CN"),
    ("Columbia", "CO"),
    ("Croatia", "HR"),
    ("Czech Republic", "CZ"),
    ("Denmark", "DK"),
    ("Dominican Republic", "DO"),
    ("Ecuador", "EC"),
    ("Egypt", "EG"),
    ("Estonia", "EE"),
    ("Finland", "FI"),
    ("France", "FR"),
    ("Germany", "DE"),
    ("Greece", "GR"),
    ("Guatemala", "GT"),
    ("Haiti", "HT"),
    ("Hong Kong", "HK"),
    ("Hungary", "HU"),
    ("Iceland", "IS"),
    ("India", "IN"),
    ("Indonesia", "ID"),
    ("Ireland", "IE"),
    ("Israel", "IL"),
    ("Italy", "IT"),
    ("Japan", "JP"),
    ("Latvia", "LV"),
    ("Lebanon", "LB"),
    ("Lithuania", "LT"),
    ("Luxembourg", "LU"),
    ("Macedonia", "MK"),
    ("Malaysia", "MY"),
    ("Mexico", "MX"),
    ("Moldova", "MD"),
    ("Mongolia", "MN"),
    ("Montenegro", "ME"),
    ("Netherlands", "NL"),
    ("New Zealand", "NZ"),
    ("Nigeria", "NG"),
    ("Norway", "NO"),
    ("Oman", "OM"),
    ("Pakistan", "PK"),
    ("Peru", "PE"),
    ("Philippines", "PH"),
    ("Poland", "PL"),
    ("Portugal", "PT"),
    ("Romania", "RO"),
    ("Russia", "RU"),
    ("Serbia", "RS"),
    ("Singapore", "SG"),
    ("Slovakia", "SK"),
    ("Slovenia", "SI"),
    ("Spain", "ES"),
    ("Sweden", "SE"),
    ("Switzerland", "CH"),
    ("Turkey", "TR"),
    ("Ukraine", "UA"),
    ("United Kingdom", "GB"),
    ("United States of America", "US"),
    ("Uzbekistan", "UZ"),
];

/// (country, term) pairs cleanco files under the wrong country: Bulgarian terms listed for
/// Brazil, a Belarusian/Russian term listed for Bulgaria.
const WRONG_COUNTRY: &[(&str, &str)] = &[
    ("Brazil", "ad"),
    ("Brazil", "adsitz"),
    ("Brazil", "ead"),
    ("Brazil", "et"),
    ("Brazil", "kd"),
    ("Brazil", "kda"),
    ("Brazil", "sd"),
    ("Brazil", "pllc"),
    ("Bulgaria", "частное торговое унитарное предприятие"),
];

/// cleanco terms that are not legal forms: groups, holdings, listed/private company
/// descriptions, subsidiaries, a stray family-succession phrase.
const NOT_FORMS: &[&str] = &[
    "private",
    "公司集团",
    "公司集團",
    "集团公司",
    "集團公司",
    "上市公司",
    "私人公司",
    "股份公司",
    "有限责任",
    "group of companies",
    "группа компаний",
    "gruppa kompanij",
    "холдинговая компания",
    "холдынг",
    "канцэрн",
    "транснацыяльны канцэрн",
    "фінансово-промислова група",
    "фпг",
    "дачэрняя кампанія",
    "вытворчае аб'яднанне",
    "интегрированная структура",
    "suc. de descendants",
    "etat",
    "сп у формі тов",
];

/// The ISO code of a cleanco country name.
pub fn country_code(name: &str) -> Result<&'static str> {
    match COUNTRY_CODES.iter().find(|(n, _)| *n == name) {
        Some((_, c)) => Ok(c),
        None => bail!("cleanco country `{name}` has no ISO code in COUNTRY_CODES"),
    }
}

/// Repairs and cleans a term; `None` if it is mojibake that cannot be repaired.
pub fn clean_term(term: &str) -> Option<(String, bool)> {
    let t = collapse_ws(term);
    let (t, repaired) = match repair_mojibake(&t) {
        Some(fixed) => (fixed, true),
        None => (t, false),
    };
    if looks_like_mojibake(&t) {
        return None;
    }
    let mut t = t;
    if t.matches('(').count() != t.matches(')').count() {
        t = collapse_ws(&t.replace(['(', ')'], ""));
    }
    Some((t, repaired))
}

fn read_pairs(raw: &Path, file: &str) -> Result<Vec<(String, String)>> {
    let path = raw.join(file);
    let mut out = Vec::new();
    for rec in crate::csv_records(&path)? {
        out.push((rec.get(0).unwrap_or("").to_string(), rec.get(1).unwrap_or("").to_string()));
    }
    Ok(out)
}

/// Whether a form is short (at most three letters, one word): such cleanco and DNB forms are
/// kept only when another source has the same form (`known`).
pub fn needs_corroboration(form: &str) -> bool {
    letter_count(form) <= 3 && !form.contains(' ')
}

/// Countries whose two-letter Latin cleanco terms are transliterations of Cyrillic or
/// Uzbek abbreviations (`pt`, `at`, `pp`, `ip`), too short to tell from words.
const SHORT_LATIN_UNSURE: &[&str] = &["RU", "UA", "BY", "UZ", "KZ"];

/// cleanco candidates; `known` maps the join keys of the ELF, rigour, KUL and NBER forms to
/// their countries (`*` for a form without countries). A short term must be known without
/// countries or in one of its own countries.
pub fn candidates(raw: &Path, known: &BTreeMap<String, BTreeSet<String>>) -> Result<Vec<Cand>> {
    let mut terms: BTreeMap<String, (BTreeSet<String>, bool)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut add = |term: &str, country: Option<&str>| -> Result<()> {
        let Some((t, repaired)) = clean_term(term) else { return Ok(()) };
        if t.is_empty() {
            return Ok(());
        }
        let e = terms.entry(t.clone()).or_insert_with(|| {
            order.push(t.clone());
            (BTreeSet::new(), false)
        });
        e.1 |= repaired;
        if let Some(c) = country {
            e.0.insert(country_code(c)?.to_string());
        }
        Ok(())
    };
    for (country, term) in read_pairs(raw, COUNTRY_FILE)? {
        let country = collapse_ws(&country);
        if WRONG_COUNTRY.iter().any(|(c, t)| *c == country && *t == collapse_ws(&term)) {
            continue;
        }
        add(&term, Some(&country))?;
    }
    for (_, term) in read_pairs(raw, TYPE_FILE)? {
        add(&term, None)?;
    }
    let mut out = Vec::new();
    for t in order {
        let (countries, repaired) = terms.remove(&t).unwrap_or_default();
        if NOT_FORMS.contains(&t.as_str())
            || skip_reason(&t).is_some()
            || !abbreviation_ok(&t)
            || !cyrillic_form_ok(&t)
            || !multiword_form_ok(&t)
        {
            continue;
        }
        if needs_corroboration(&t) {
            let ok = known
                .get(&join_key(&t))
                .is_some_and(|k| k.contains("*") || k.iter().any(|c| countries.contains(c)) || countries.is_empty());
            if !ok {
                continue;
            }
            let latin_short = letter_count(&t) <= 2 && t.is_ascii();
            if latin_short && countries.iter().any(|c| SHORT_LATIN_UNSURE.contains(&c.as_str())) {
                continue;
            }
        }
        let mut c = Cand::alias(&t, &canonical(&t), "", "cleanco", prio::CLEANCO);
        c.countries = countries;
        if repaired {
            c.notes.insert("cleanco mojibake repaired".to_string());
        }
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_terms() {
        assert_eq!(country_code("Bosnia / Herzegovina").unwrap(), "BA");
        assert!(country_code("Atlantis").is_err());
        assert_eq!(clean_term("ve\u{c5}\u{99}. obch. spol.").unwrap(), ("veř. obch. spol.".to_string(), true));
        assert_eq!(clean_term("gǔfèn yǒuxiàn gōngsī)").unwrap().0, "gǔfèn yǒuxiàn gōngsī");
        assert!(needs_corroboration("ok"));
        assert!(needs_corroboration("s.a."));
        assert!(!needs_corroboration("sdn bhd"));
    }
}
