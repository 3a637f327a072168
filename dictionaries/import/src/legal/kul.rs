//! KU Leuven (Magerman, Van Looy & Song) legal-form tables from nstandr → candidates
//! (source `kul`).
//!
//! The patterns keep leading/trailing spaces as word boundaries and many carry a name part
//! (`MFG. CO., INC.` → replace ` MANUFACTURING COMPANY`); only rows whose removed text is a
//! legal form (possibly with `Co.` / `& Co.` / `Cie`) are kept, and spelling variants found
//! in patent data (`KABUSHK KASHA`) take the canonical of the `legal.form` column.

use super::filters::skip_reason;
use super::{prio, Cand};
use crate::text::{canonical, collapse_ws, repair_mojibake};
use anyhow::Result;
use std::path::Path;

/// The legal-form list (last word → legal form).
pub const LIST_FILE: &str = "nstandr/magerman_legal_forms_list.csv";
/// Legal forms at the end of a name.
pub const END_FILE: &str = "nstandr/magerman_patterns_legal_form_end.csv";
/// Legal forms in the middle of a name.
pub const MIDDLE_FILE: &str = "nstandr/magerman_patterns_legal_form_middle.csv";

/// Last words of `magerman_legal_forms_list.csv` that are legal forms (the others are
/// fragments such as `A`, `C`, `L`, `H`, `MBH`, `ANONYME`, `KAISHA`).
#[rustfmt::skip]
const LIST_FORMS: &[&str] = &[
    "INC", "LTD", "LIMITED", "GMBH", "SA", "KG", "LLC", "AG", "SPA", "SRL", "BV", "INCORPORATED",
    "AS", "NV", "AKTIENGESELLSCHAFT", "PLC", "SARL", "OY",
];

/// `replace` values that mean the removed text is a company marker plus a legal form.
const COMPANY_REPLACEMENTS: &[&str] =
    &["", "COMPANY", "& COMPANY", "COMPAGNIE", "& COMPAGNIE", "COMPANIA", "& COMPANIA", "KG"];

/// Tokens that make a pattern a description (`A BRITISH PUBLIC LIMITED COMPANY`).
const DESCRIPTIVE_TOKENS: &[&str] = &["A", "AN", "FRENCH", "BRITISH", "DUTCH", "ITALIAN", "LIMITEDCOMPANY"];

/// Place tokens: `(QLD) PTY. LTD.`, `(H.K.) LIMITED`, `(BVI) LIMITED`, `I.P. LIMITED`.
const PLACE_TOKENS: &[&str] = &["QLD", "VIC", "NZ", "HK", "IP", "BVI", "BVIØ", "NI", "NA", "FRANCE", "S"];

/// Japanese words glued to `KABUSHIKI KAISHA` in some patterns (`DENKIKABUSHIKI KAISHA`):
/// part of the name, not of the form.
const GLUED_NAME_PARTS: &[&str] = &["DENKI", "HATSUDOKI", "JUKOGYO", "KOYO", "KOGYO", "SHOKUHIN", "JIDOSHA"];

/// Patterns rejected by hand: not a form as written (`KASHA KASHA`), or a description.
const REJECTED: &[&str] = &["KASHA KASHA", "GESELLSCHAFT MIT BE- SCHRAENKTER HAFTUNG (GMBH)", "GESELLSCHAFT M.B.H. &"];

/// Canonical overrides of the `legal.form` column for spelling variants it files under the
/// wrong form (`YUEN KASHA` is Yugen Kaisha, not Kabushiki Kaisha).
const LEGAL_OVERRIDES: &[(&str, &str)] = &[("YUEN KASHA", "YK"), ("YUUEN KASHA", "YK")];

/// Single-token canonical map.
fn map_token(t: &str) -> &str {
    match t {
        "LIMITED" | "LTD" | "LTDS" => "LTD",
        "INCORPORATED" | "INC" => "INC",
        "CORPORATION" | "CORP" => "CORP",
        "COMPANY" | "CO" => "CO",
        "COMPAGNIE" | "CIE" => "CIE",
        "COMPANIA" | "CIA" => "CIA",
        "AKTIENGESELLSCHAFT" | "AKTIENGESELL-SCHAFT" | "AKTIEN-GESELLSCHAFT" | "AG" | "A-G" => "AG",
        "GMBH" | "GBMH" | "GNBH" | "GMGH" | "GESMBH" | "GMB" => "GMBH",
        "AKTIEBOLAG" | "AKTIEBOLG" | "AB" => "AB",
        "KOMMANDITGES" | "KG" => "KG",
        "PROPRIETARY" | "PTY" => "PTY",
        "S-A" => "SA",
        "S-PA" | "SPA" => "SPA",
        "A-S" | "A//S" | "AS" => "AS",
        other => other,
    }
}

/// Canonical tokens a KUL form may consist of.
#[rustfmt::skip]
const KNOWN: &[&str] = &[
    "LTD", "INC", "CORP", "CO", "CIE", "CIA", "&", "C", "AG", "GMBH", "MBH", "KG", "SA", "SPA",
    "SRL", "PLC", "LLC", "SARL", "NV", "BV", "OY", "AS", "AB", "KK", "PTY", "PTE", "A/S", "A/B",
    "S/A", "A/G",
];

/// Splits a cleaned upper-case form into canonical tokens, or `None` if it has a token
/// that is not part of a legal form.
pub fn canonical_tokens(form: &str) -> Option<Vec<String>> {
    let c = canonical(&form.replace(['+', '&'], " & "));
    let mut toks: Vec<String> = c
        .split_whitespace()
        .map(|t| t.trim_matches(|ch: char| matches!(ch, '(' | ')' | ':' | ';' | '\'' | '\\' | '?')).to_string())
        .map(|t| t.trim_start_matches('/').trim_start_matches('-').to_string())
        .filter(|t| !t.is_empty())
        .collect();
    // Connectors before a company word: `UND CO`, `ET CIE`, `Y CIA`, `E C`.
    for i in 0..toks.len() {
        let next = toks.get(i + 1).map(String::as_str).unwrap_or("");
        if ["UND", "U", "AND", "ET", "E", "EN", "Y"].contains(&toks[i].as_str())
            && ["CO", "CIE", "CIA", "C", "COMPANY", "COMPAGNIE", "COMPANIA"].contains(&next)
        {
            toks[i] = "&".to_string();
        }
    }
    // Phrases.
    let joined = format!(" {} ", toks.join(" "));
    let mut s = joined;
    for (from, to) in [
        (" PUBLIC LIMITED COMPANY ", " PLC "),
        (" PUBIC LIMITED COMPANY ", " PLC "),
        (" PUPLIC LIMITED COMPANY ", " PLC "),
        (" PUBLIC LIMITED CO ", " PLC "),
        (" LIMITED COMPANY ", " LTD "),
        (" LIMITED CO ", " LTD "),
        (" SOCIETE ANONYME ", " SA "),
        (" KABUSHIKI KAISHA ", " KK "),
        (" GESELLSCHAFT M B H ", " GMBH "),
        (" GESELLSCHAFT MBH ", " GMBH "),
        (" GES M B H ", " GMBH "),
        (" GES MBH ", " GMBH "),
        (" GES M H ", " GMBH "),
        (" G M B H ", " GMBH "),
        (" M B H ", " MBH "),
    ] {
        while s.contains(from) {
            s = s.replacen(from, to, 1);
        }
    }
    let toks: Vec<String> = s.split_whitespace().map(|t| map_token(t).to_string()).collect();
    // Join runs of single letters (`S P A` → `SPA`, `L L C` → `LLC`).
    let mut out: Vec<String> = Vec::new();
    let mut prev_single = false;
    for t in toks {
        let single = t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic());
        if single && prev_single {
            if let Some(last) = out.last_mut() {
                last.push_str(&t);
                continue;
            }
        }
        prev_single = single;
        out.push(t);
    }
    let out: Vec<String> = out.into_iter().map(|t| map_token(&t).to_string()).collect();
    let mut dedup: Vec<String> = Vec::new();
    for t in out {
        if dedup.last() != Some(&t) {
            dedup.push(t);
        }
    }
    if dedup.is_empty() || !dedup.iter().all(|t| KNOWN.contains(&t.as_str())) {
        return None;
    }
    Some(dedup)
}

/// The canonical of the `legal.form` column (`INCORPORATED` → `INC`, `KABUSHIKI KAISHA` → `KK`).
fn legal_canonical(legal: &str) -> String {
    match legal.trim() {
        "INCORPORATED" => "INC".to_string(),
        "LIMITED" => "LTD".to_string(),
        "KABUSHIKI KAISHA" => "KK".to_string(),
        other => canonical(other),
    }
}

/// Cleans a KUL pattern: word-boundary spaces and leading punctuation removed, unbalanced
/// parentheses dropped, enclosing parentheses removed.
pub fn clean_pattern(p: &str) -> String {
    let mut s = collapse_ws(p);
    s = s.trim_start_matches([',', ';', ':', '-', '.', '/', ' ']).to_string();
    s = s.trim_end_matches([',', ';', ':', '/', ' ']).to_string();
    if s.matches('(').count() != s.matches(')').count() {
        s = s.replace(['(', ')'], "");
    }
    if s.starts_with('(') && s.ends_with(')') && s.matches('(').count() == 1 {
        s = s[1..s.len() - 1].to_string();
    }
    collapse_ws(&s)
}

/// Why a KUL pattern is rejected, if it is.
fn reject(form: &str) -> Option<&'static str> {
    let toks: Vec<String> = canonical(form)
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != 'Ø').to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let all_single = toks.iter().all(|t| t.chars().count() == 1);
    if !all_single && toks.iter().any(|t| DESCRIPTIVE_TOKENS.contains(&t.as_str())) {
        return Some("description");
    }
    if form.contains('\'') || form.contains('\\') {
        return Some("description");
    }
    if !all_single && toks.iter().any(|t| PLACE_TOKENS.contains(&t.as_str())) {
        return Some("place");
    }
    if toks.iter().any(|t| t == "PTY") && toks.iter().any(|t| t == "SA") {
        return Some("place");
    }
    if toks.iter().any(|t| GLUED_NAME_PARTS.iter().any(|g| t.contains(g))) {
        return Some("name part");
    }
    if REJECTED.contains(&form) {
        return Some("rejected");
    }
    None
}

/// Reads a KUL CSV (with header) as rows of cells.
fn read_csv(raw: &Path, file: &str) -> Result<Vec<Vec<String>>> {
    let path = raw.join(file);
    let mut out = Vec::new();
    for rec in crate::csv_records(&path)? {
        out.push(rec.iter().map(str::to_string).collect());
    }
    Ok(out)
}

/// Turns one pattern row (removed text, replacement, legal form) into a candidate.
pub fn pattern_candidate(remove: &str, replace: &str, legal: &str) -> Option<Cand> {
    if !COMPANY_REPLACEMENTS.contains(&collapse_ws(replace).as_str()) || !legal.is_ascii() {
        return None;
    }
    let raw_form = if remove.is_ascii() { remove.to_string() } else { repair_mojibake(remove)? };
    let form = clean_pattern(&raw_form);
    if form.is_empty() || reject(&form).is_some() || skip_reason(&form).is_some() {
        return None;
    }
    let override_canon = LEGAL_OVERRIDES.iter().find(|(f, _)| *f == form).map(|(_, c)| c.to_string());
    let (canon, note) = match (override_canon, canonical_tokens(&form)) {
        (Some(c), _) => (c.clone(), Some(format!("spelling variant in patent data, read as {c}"))),
        (None, Some(toks)) => (toks.join(" "), None),
        (None, None) if collapse_ws(replace).is_empty() && !legal.trim().is_empty() => {
            let c = legal_canonical(legal);
            (c.clone(), Some(format!("spelling variant in patent data, read as {}", legal.trim())))
        }
        (None, None) => return None,
    };
    let mut c = Cand::alias(&form, &canon, "", "kul", prio::KUL);
    c.notes.extend(note);
    Some(c)
}

/// All KUL candidates: the legal-form list, and the end and middle patterns.
pub fn candidates(raw: &Path) -> Result<Vec<Cand>> {
    let mut out = Vec::new();
    for row in read_csv(raw, LIST_FILE)? {
        let word = row.first().map(|s| s.trim()).unwrap_or("");
        if LIST_FORMS.contains(&word) {
            let canon = legal_canonical(word);
            let canon = if canon == "AKTIENGESELLSCHAFT" { "AG".to_string() } else { canon };
            out.push(Cand::alias(word, &canon, "", "kul", prio::KUL));
        }
    }
    for file in [END_FILE, MIDDLE_FILE] {
        for row in read_csv(raw, file)? {
            let get = |i: usize| row.get(i).map(String::as_str).unwrap_or("");
            if let Some(c) = pattern_candidate(get(0), get(1), get(2)) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(remove: &str, replace: &str, legal: &str) -> Option<(String, String)> {
        pattern_candidate(remove, replace, legal).map(|c| (c.form, c.canonical))
    }

    #[test]
    fn patterns() {
        assert_eq!(canon(" GMBH & CO. KG", " & COMPANY", "KG"), Some(("GMBH & CO. KG".into(), "GMBH & CO KG".into())));
        assert_eq!(
            canon(" GESELLSCHAFT M.B.H. & CO. KG", " & COMPANY", "KG"),
            Some(("GESELLSCHAFT M.B.H. & CO. KG".into(), "GMBH & CO KG".into()))
        );
        assert_eq!(canon(", LTD.", "", "LIMITED"), Some(("LTD.".into(), "LTD".into())));
        assert_eq!(canon(" CO., LTD.", " COMPANY", "LIMITED"), Some(("CO., LTD.".into(), "CO LTD".into())));
        assert_eq!(canon(" S P A", "", "SPA"), Some(("S P A".into(), "SPA".into())));
        assert_eq!(canon(" UND CO. KG", " & COMPANY", "KG"), Some(("UND CO. KG".into(), "& CO KG".into())));
        assert_eq!(canon(" KABUSK KASHA", "", "KABUSHIKI KAISHA"), Some(("KABUSK KASHA".into(), "KK".into())));
        assert_eq!(canon(" YUEN KASHA", "", "KABUSHIKI KAISHA"), Some(("YUEN KASHA".into(), "YK".into())));
        assert_eq!(canon(" (SOCIETE ANONYME", "", "SA"), Some(("SOCIETE ANONYME".into(), "SA".into())));
        assert_eq!(canon(" S.A. SOCIETE ANONYME", "", "SA"), Some(("S.A. SOCIETE ANONYME".into(), "SA".into())));
    }

    #[test]
    fn rejected_patterns() {
        assert_eq!(canon(" MFG. CO. INC.", " MANUFACTURING COMPANY", "INCORPORATED"), None);
        assert_eq!(canon(" (QLD) PTY. LTD.", "", "LIMITED"), None);
        assert_eq!(canon(" (H.K.) LIMITED", "", "LIMITED"), None);
        assert_eq!(canon(" PLC A BRITISH PUBLIC LIMI-TED COMPANY", "", "PLC"), None);
        assert_eq!(canon(" DENKIKABUSHIKI KAISHA", "", "KABUSHIKI KAISHA"), None);
        assert_eq!(canon(" S.\u{c3}\u{9f}.R.L.", "", "S.\u{c3}\u{9f}.R.L."), None);
        assert_eq!(canon(" (S.A.) PTY LTD", "", "LIMITED"), None);
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean_pattern(" -GMBH"), "GMBH");
        assert_eq!(clean_pattern(", INC/"), "INC");
        assert_eq!(clean_pattern(" (SARL)"), "SARL");
        assert_eq!(clean_pattern(" (PTY) LTD"), "(PTY) LTD");
    }
}
