//! ISO 20275 ELF code list → legal-form candidates (source `elf:<code>`).

use super::filters::{
    abbreviation_ok, drops_whole_row, has_company_law_stem, is_descriptive, is_russian_plural, semantic_reason,
    skip_reason,
};
use super::Cand;
use crate::text::{
    canonical, collapse_ws, dominant_script, fold, join_key, latin_homoglyphs, split_list, word_count, Script,
};
use anyhow::{bail, Context, Result};
use std::path::Path;

/// The ELF file inside `raw/elf/`.
pub const FILE: &str = "elf/elf-code-list-v1.6-2026-02-19.csv";

/// One row of the ELF code list, as far as the import uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElfRow {
    /// The ELF code.
    pub code: String,
    /// ISO 3166-1 alpha-2 country of formation.
    pub country: String,
    /// ISO 3166-2 sub-division, if any.
    pub subdivision: String,
    /// Local name of the legal form.
    pub local_name: String,
    /// ISO 639-1 language of the local name.
    pub language: String,
    /// Transliterated name.
    pub translit_name: String,
    /// Local abbreviations (`;`-separated in the file).
    pub local_abbrevs: Vec<String>,
    /// Transliterated abbreviations.
    pub translit_abbrevs: Vec<String>,
    /// Whether the status is `INAC`.
    pub inactive: bool,
}

/// Reads the ELF CSV (UTF-8 with BOM, all fields quoted).
pub fn read_rows(raw: &Path) -> Result<Vec<ElfRow>> {
    let path = raw.join(FILE);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    parse_rows(text.strip_prefix('\u{feff}').unwrap_or(&text)).with_context(|| format!("parsing {}", path.display()))
}

/// Parses the ELF CSV text (without BOM).
pub fn parse_rows(text: &str) -> Result<Vec<ElfRow>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let headers = rdr.headers()?.clone();
    let col = |name: &str| -> Result<usize> {
        match headers.iter().position(|h| h.trim() == name) {
            Some(i) => Ok(i),
            None => bail!("ELF column `{name}` missing"),
        }
    };
    let c_code = col("ELF Code")?;
    let c_cc = col("Country Code (ISO 3166-1)")?;
    let c_sub = col("Country sub-division code (ISO 3166-2)")?;
    let c_local = col("Entity Legal Form name Local name")?;
    let c_lang = col("Language Code (ISO 639-1)")?;
    let c_tr = col("Entity Legal Form name Transliterated name (per ISO 01-140-10)")?;
    let c_al = col("Abbreviations Local language")?;
    let c_at = col("Abbreviations transliterated")?;
    let c_status = col("ELF Status ACTV/INAC")?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let get = |i: usize| collapse_ws(rec.get(i).unwrap_or(""));
        out.push(ElfRow {
            code: get(c_code),
            country: get(c_cc),
            subdivision: get(c_sub),
            local_name: get(c_local),
            language: get(c_lang),
            translit_name: get(c_tr),
            local_abbrevs: split_list(rec.get(c_al).unwrap_or("")),
            translit_abbrevs: split_list(rec.get(c_at).unwrap_or("")),
            inactive: get(c_status) == "INAC",
        });
    }
    Ok(out)
}

/// The country of a row: the country code, or the country part of the sub-division code.
fn country_of(row: &ElfRow) -> Option<String> {
    let cc = if row.country.is_empty() {
        row.subdivision.split('-').next().unwrap_or("").to_string()
    } else {
        row.country.clone()
    };
    (cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase())).then_some(cc)
}

/// An abbreviation without leading commas and spaces (`, Limited Liability Co.`).
fn trim_lead(a: &str) -> String {
    collapse_ws(a.trim_start_matches([',', ';', ' ']))
}

/// The abbreviations usable as forms and canonical spellings: local ones as written,
/// transliterated ones with Cyrillic look-alikes mapped to Latin and dropped if still not
/// Latin.
fn usable_abbrevs(row: &ElfRow) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for a in &row.local_abbrevs {
        let a = trim_lead(a);
        if abbreviation_ok(&a) {
            out.push((a, false));
        }
    }
    for a in &row.translit_abbrevs {
        let a = latin_homoglyphs(&trim_lead(a));
        if dominant_script(&a) == Some(Script::Latin)
            && crate::text::is_all_script(&a, Script::Latin)
            && abbreviation_ok(&a)
        {
            out.push((a, true));
        }
    }
    out
}

/// Whether an abbreviation may serve as a canonical spelling (not a parenthesized or
/// enclosed form such as `(Ju)`, `㈜`).
fn canonical_source_ok(a: &str) -> bool {
    !super::filters::is_enclosed(a)
        && !a.trim_start().starts_with('(')
        && skip_reason(a).is_none()
        && a.split_whitespace().all(|w| crate::text::letter_count(w) <= 5)
}

/// Letters of `s`, folded (lower case, no diacritics).
fn letters(s: &str) -> Vec<char> {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Groups of forms that are distinct from each other although one's letters occur in the
/// other (`Co.` is not `Corp.` nor `Corporation`, `Ltd.` is not `Ltée`).
const DISTINCT: &[&[&str]] = &[
    &["co", "company"],
    &["corp", "corporation"],
    &["inc", "incorporated"],
    &["ltd", "limited"],
    &["llc"],
    &["lc"],
    &["lp"],
    &["llp"],
    &["plc"],
    &["pc"],
    &["pllc"],
    &["ltee", "limitee"],
    &["cie", "compagnie"],
    &["ltda", "limitada"],
    &["sa"],
    &["sas"],
    &["sarl"],
];

fn distinct_group(s: &str) -> Option<usize> {
    DISTINCT.iter().position(|g| g.contains(&s))
}

/// Whether `short` abbreviates `long`: same first letter and its letters in order inside
/// `long` (`GmbH` ~ `Gesellschaft mit beschränkter Haftung`, `Ltd` ~ `Limited`,
/// `GmbH` ~ `Ges.m.b.H.`), unless both are distinct English forms.
pub fn abbreviates(short: &str, long: &str) -> bool {
    let (s, l) = (letters(short), letters(long));
    if s.is_empty() || l.is_empty() || s[0] != l[0] || s.len() > l.len() {
        return false;
    }
    let (ss, ls): (String, String) = (s.iter().collect(), l.iter().collect());
    if let (Some(a), Some(b)) = (distinct_group(&ss), distinct_group(&ls)) {
        return a == b;
    }
    let mut it = l.iter();
    s.iter().all(|c| it.any(|d| d == c))
}

/// Upper-cased English forms and their usual abbreviation, for canonicals taken from a form
/// itself (`Company` → `CO`, `Limited Liability Partnership` → `LLP`).
const LONG_WORD_CANONICALS: &[(&str, &str)] = &[
    ("COMPANY", "CO"),
    ("CORPORATION", "CORP"),
    ("INCORPORATED", "INC"),
    ("LIMITED", "LTD"),
    ("LIMITED COMPANY", "LTD"),
    ("PRIVATE LIMITED COMPANY", "LTD"),
    ("LIMITED LIABILITY COMPANY", "LLC"),
    ("LIMITED LIABILITY PARTNERSHIP", "LLP"),
    ("LIMITED LIABILITY LIMITED PARTNERSHIP", "LLLP"),
    ("LIMITED PARTNERSHIP", "LP"),
    ("GENERAL PARTNERSHIP", "GP"),
    ("PUBLIC LIMITED COMPANY", "PLC"),
    ("PROFESSIONAL CORPORATION", "PC"),
    ("SOCIETAS EUROPAEA", "SE"),
    ("EUROPEAN COMPANY", "SE"),
    ("EUROPEAN ECONOMIC INTEREST GROUPING", "EEIG"),
];

/// The canonical of a form that is its own canonical.
pub fn own_canonical(form: &str) -> String {
    let c = canonical(form);
    LONG_WORD_CANONICALS.iter().find(|(l, _)| *l == c).map(|(_, a)| a.to_string()).unwrap_or(c)
}

/// The canonical spelling for `form` in row `row`, and whether it came from an
/// abbreviation.
///
/// - An abbreviation takes the row's first abbreviation in its script when the two are
///   spellings of one form (`G.m.b.H.` → `GMBH` after `GmbH`, `Limited` → `LTD` after
///   `Ltd.`), else its own (`Corp.` stays `CORP` after `Inc.`: US rows list alternatives).
/// - A name takes the first abbreviation in its script that abbreviates it (`Gesellschaft
///   mit beschränkter Haftung` → `GMBH`); failing that, the first abbreviation when all the
///   row's abbreviations in that script are spellings of it (ISO 20275's rule: `Limited
///   Proprietary Company` → `PTY LTD`); else the name upper-cased (`Corporation` → `CORP`).
pub fn canonical_for(form: &str, row: &ElfRow, abbrevs: &[(String, bool)]) -> (String, bool) {
    let script = dominant_script(form);
    let same: Vec<&String> =
        abbrevs.iter().map(|(a, _)| a).filter(|a| dominant_script(a) == script && canonical_source_ok(a)).collect();
    let fk = join_key(form);
    let is_name = fk == join_key(&row.local_name) || fk == join_key(&latin_homoglyphs(&row.translit_name));
    let is_abbrev = !is_name && abbrevs.iter().any(|(a, _)| a == form);
    // An enclosed form (`㈜`, `(유)`, `(Ju)`) stands for the row's name in its script.
    if is_abbrev && !canonical_source_ok(form) && super::filters::is_enclosed(form) {
        for name in [&row.local_name, &row.translit_name] {
            if !name.is_empty() && dominant_script(name) == script {
                return (own_canonical(name), false);
            }
        }
    }
    if is_abbrev {
        if let Some(first) = same.first() {
            let same_words = word_count(&join_key(first)) == word_count(&join_key(form));
            if letters(first) == letters(form) || (same_words && (abbreviates(first, form) || abbreviates(form, first)))
            {
                return (own_canonical(first), true);
            }
        }
        return (own_canonical(form), true);
    }
    if let Some(a) = same.iter().find(|a| abbreviates(a, form)) {
        return (canonical(a), true);
    }
    if let Some(first) = same.first() {
        if same.iter().all(|a| canonical(a) == canonical(first) || abbreviates(first, a) || abbreviates(a, first)) {
            return (canonical(first), true);
        }
    }
    let name = if dominant_script(&row.local_name) == script && !row.local_name.is_empty() && form == row.local_name {
        &row.local_name
    } else {
        form
    };
    (own_canonical(name), false)
}

/// Whether the row is used at all: its local or transliterated name has company-law
/// vocabulary, and is not a business, category or description name.
fn row_used(row: &ElfRow, country: &str) -> bool {
    (has_company_law_stem(&row.local_name) || has_company_law_stem(&row.translit_name))
        && !semantic_reason(&row.local_name).is_some_and(drops_whole_row)
        && !(country == "RU"
            && dominant_script(&row.local_name) == Some(Script::Cyrillic)
            && is_russian_plural(&row.local_name))
}

/// Whether the transliterated name is a machine transliteration nobody writes in a name
/// (pinyin with tones, Korean and Japanese romanizations, Thai ISO 11940).
fn translit_unused(row: &ElfRow) -> bool {
    matches!(
        dominant_script(&row.local_name),
        Some(Script::Han | Script::Kana | Script::Hangul | Script::SoutheastAsian)
    )
}

/// Whether the row's names (local and transliterated) are category descriptions that are
/// skipped as forms (the abbreviations may still be kept).
fn names_skipped(row: &ElfRow, country: &str) -> bool {
    is_descriptive(&row.local_name)
        || (country == "RU"
            && dominant_script(&row.local_name) == Some(Script::Cyrillic)
            && is_russian_plural(&row.local_name))
        || skip_reason(&row.local_name).is_some_and(|r| r != "too long")
}

/// Builds the candidates of the ELF list: per row with a country, the local name, the
/// transliterated name (if different) and every abbreviation, each with the row's code,
/// country, language and canonical.
pub fn candidates(rows: &[ElfRow]) -> Vec<Cand> {
    let mut out = Vec::new();
    for row in rows {
        if row.code.is_empty() || row.code == "8888" || row.code == "9999" || row.local_name.is_empty() {
            continue;
        }
        let Some(country) = country_of(row) else { continue };
        if !row_used(row, &country) {
            continue;
        }
        let mut abbrevs = usable_abbrevs(row);
        // An association's two-letter upper-case abbreviations (`AA`, `IS`, `KO`) are too
        // short to tell from words; `eG`, `e.V.` stay.
        if semantic_reason(&row.local_name) == Some("association word") {
            abbrevs.retain(|(a, _)| crate::text::letter_count(a) >= 3 || a.chars().any(char::is_lowercase));
        }
        let mut forms: Vec<String> = Vec::new();
        if !names_skipped(row, &country) {
            forms.push(row.local_name.clone());
            if !row.translit_name.is_empty() && row.translit_name != row.local_name && !translit_unused(row) {
                let tr = latin_homoglyphs(&row.translit_name);
                if !is_descriptive(&tr) {
                    forms.push(tr);
                }
            }
        }
        for (a, _) in &abbrevs {
            forms.push(a.clone());
        }
        let mut seen: Vec<String> = Vec::new();
        for form in forms {
            if seen.contains(&form) || skip_reason(&form).is_some() {
                continue;
            }
            seen.push(form.clone());
            let (canon, from_abbrev) = canonical_for(&form, row, &abbrevs);
            let mut c = Cand {
                form: form.clone(),
                canonical: canon,
                canonical_from_abbrev: from_abbrev,
                language: row.language.clone(),
                prio: 0,
                ..Cand::default()
            };
            c.elf.insert(row.code.clone());
            c.countries.insert(country.clone());
            c.sources.insert(format!("elf:{}", row.code));
            if row.inactive {
                c.inactive_codes.insert(row.code.clone());
            }
            if form != row.local_name {
                c.notes.insert(row.local_name.clone());
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\"ELF Code\",\"Country of formation\",\"Country Code (ISO 3166-1)\",\"Jurisdiction of formation\",\"Country sub-division code (ISO 3166-2)\",\"Entity Legal Form name Local name\",\"Language\",\"Language Code (ISO 639-1)\",\"Entity Legal Form name Transliterated name (per ISO 01-140-10)\",\"Abbreviations Local language\",\"Abbreviations transliterated\",\"Date created YYYY-MM-DD (ISO 8601)\",\"ELF Status ACTV/INAC\",\"Modification\",\"Modification date YYYY-MM-DD (ISO 8601)\",\"Reason\"\n";

    fn rows(body: &str) -> Vec<ElfRow> {
        parse_rows(&format!("{HEADER}{body}")).unwrap()
    }

    #[test]
    fn gmbh_row() {
        let r = rows("\"2HBR\",\"Germany\",\"DE\",\"\",\"\",\"Gesellschaft mit beschränkter Haftung\",\"German\",\"de\",\"Gesellschaft mit beschrankter Haftung\",\"GmbH;G.m.b.H.\",\"\",\"2017-11-30\",\"ACTV\",\"\",\"\",\"\"\n");
        let c = candidates(&r);
        let forms: Vec<_> = c.iter().map(|c| (c.form.as_str(), c.canonical.as_str())).collect();
        assert_eq!(
            forms,
            vec![
                ("Gesellschaft mit beschränkter Haftung", "GMBH"),
                ("Gesellschaft mit beschrankter Haftung", "GMBH"),
                ("GmbH", "GMBH"),
                ("G.m.b.H.", "GMBH"),
            ]
        );
        assert!(c.iter().all(|c| c.elf.contains("2HBR") && c.countries.contains("DE") && c.language == "de"));
    }

    #[test]
    fn placeholders_and_scripts() {
        let r = rows(concat!(
            "\"8888\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"2017-11-30\",\"ACTV\",\"\",\"\",\"\"\n",
            "\"AABD\",\"Belarus\",\"BY\",\"\",\"\",\"Общество с ограниченной ответственностью\",\"Russian\",\"ru\",\"Obshchestvo s ogranichennoj otvetstvennost'yu\",\"ООО\",\"ООО\",\"2020-06-10\",\"ACTV\",\"\",\"\",\"\"\n",
            "\"T417\",\"Japan\",\"JP\",\"\",\"\",\"株式会社\",\"Japanese\",\"ja\",\"kabusikigaisya\",\"株\",\"\",\"2017-11-30\",\"INAC\",\"\",\"\",\"\"\n",
        ));
        let c = candidates(&r);
        let forms: Vec<_> = c.iter().map(|c| (c.form.as_str(), c.canonical.as_str())).collect();
        assert!(forms.contains(&("Общество с ограниченной ответственностью", "ООО")));
        assert!(forms.contains(&("ООО", "ООО")));
        // The transliterated abbreviation written with Cyrillic letters is mapped to Latin.
        assert!(forms.contains(&("OOO", "OOO")));
        assert!(forms.contains(&("Obshchestvo s ogranichennoj otvetstvennost'yu", "OOO")));
        // A one-character abbreviation is not a form, so the canonical is the name itself.
        assert!(forms.contains(&("株式会社", "株式会社")));
        assert!(!forms.iter().any(|(f, _)| *f == "株"));
        assert!(c.iter().filter(|c| c.form == "株式会社").all(|c| c.inactive_codes.contains("T417")));
    }

    #[test]
    fn alternatives_keep_their_own_canonical() {
        let r = rows("\"XXXX\",\"United States\",\"US\",\"\",\"US-DE\",\"Corporation\",\"English\",\"en\",\"Corporation\",\"Inc.;Corp.;Co.;Incorporated;Company\",\"\",\"2017-11-30\",\"ACTV\",\"\",\"\",\"\"\n");
        let c = candidates(&r);
        let forms: Vec<_> = c.iter().map(|c| (c.form.as_str(), c.canonical.as_str())).collect();
        assert_eq!(
            forms,
            vec![
                ("Corporation", "CORP"),
                ("Inc.", "INC"),
                ("Corp.", "CORP"),
                ("Co.", "CO"),
                ("Incorporated", "INC"),
                ("Company", "CO")
            ]
        );
        assert!(abbreviates("GmbH", "Ges.m.b.H."));
        assert!(abbreviates("Ltd", "Limited"));
        assert!(!abbreviates("Co", "Corp"));
    }

    #[test]
    fn category_rows_are_not_used() {
        let r = rows("\"YYYY\",\"Lithuania\",\"LT\",\"\",\"\",\"Biudžetinės įstaigos\",\"Lithuanian\",\"lt\",\"Biudzetines istaigos\",\"BI\",\"\",\"2017-11-30\",\"ACTV\",\"\",\"\",\"\"\n");
        assert!(candidates(&r).is_empty());
    }

    #[test]
    fn subdivision_country() {
        let r = rows("\"XXXX\",\"United States\",\"\",\"Nebraska\",\"US-NE\",\"Limited Partnership\",\"English\",\"en\",\"Limited Partnership\",\"LP\",\"\",\"2017-11-30\",\"ACTV\",\"\",\"\",\"\"\n");
        let c = candidates(&r);
        assert!(c.iter().all(|c| c.countries.iter().collect::<Vec<_>>() == vec!["US"]));
        assert_eq!(c.len(), 2);
    }
}
