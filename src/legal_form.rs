//! Finding legal forms in a cleaned name and separating them from the core.
//!
//! Forms are matched in their own script before any transliteration: space-separated
//! scripts token by token ([`form_tokens`]), Han, Kana and Hangul character by character
//! from either end, so `トヨタ自動車株式会社` needs no spaces. The longest form wins;
//! stacked forms (`Foo Ltd. Inc.`) are peeled one by one; a name that is only a legal form
//! keeps it as its core. The country hint ranks candidates where a form exists in several
//! jurisdictions, and the result says when nothing decided between them.

use crate::dictionary::{Dictionaries, FormRecord};
use crate::model::{JurisdictionDecision, LegalForm};
use namestd_dictionaries::key::{form_tokens, is_unspaced_script, FormToken};
use namestd_dictionaries::{Position, LEGAL_FORM_MAX_TOKENS};
use std::collections::BTreeMap;

/// A match of a legal form in the text: byte span and the records it may be.
#[derive(Debug, Clone)]
struct FormMatch {
    start: usize,
    end: usize,
    records: Vec<u32>,
    at: Position,
}

/// The result of separating legal forms from a name.
#[derive(Debug, Clone, Default)]
pub struct Separation {
    /// The name without its legal forms (never empty for a non-empty name).
    pub core: String,
    /// Byte range of the core in the text.
    pub core_span: (usize, usize),
    /// The forms found, main one first.
    pub forms: Vec<LegalForm>,
    /// Whether a form was stacked on another.
    pub stacked: bool,
}

/// Characters that separate a form from the core and are dropped with it.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '&' | '/' | '(' | '[' | '+')
}

fn trim_core(s: &str) -> (usize, usize) {
    let start = s.len() - s.trim_start_matches(|c: char| is_separator(c) && c != '(' && c != '&').len();
    let end = s.trim_end_matches(is_separator).len();
    if start >= end {
        (0, 0)
    } else {
        (start, end)
    }
}

fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn join_keys(tokens: &[FormToken], buf: &mut String) {
    buf.clear();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        buf.push_str(&t.text);
    }
}

fn allowed(dict: &Dictionaries, recs: &[u32], at: Position) -> Vec<u32> {
    recs.iter().copied().filter(|&r| dict.records()[r as usize].allows(at)).collect()
}

/// Where the letters of a token joined from single letters stand (`D S M N.V.` is one
/// token `dsmnv`): byte offset of each letter in `text`, and the folded letter.
fn joined_letters(text: &str, t: &FormToken) -> Vec<(usize, String)> {
    let span = &text[t.span.clone()];
    if !span.contains(|c: char| !c.is_alphanumeric())
        || !span.chars().filter(|c| !c.is_alphanumeric()).all(|c| matches!(c, '.' | ' ' | '/' | '-'))
    {
        return Vec::new();
    }
    span.char_indices()
        .filter(|(_, c)| c.is_alphabetic())
        .map(|(i, c)| {
            let mut f = String::new();
            namestd_dictionaries::key::fold_char_into(c, &mut f);
            (t.span.start + i, f)
        })
        .collect()
}

/// The longest form at the end of `text`.
fn suffix_match(dict: &Dictionaries, text: &str, tokens: &[FormToken], buf: &mut String) -> Option<FormMatch> {
    let n = tokens.len();
    let max = LEGAL_FORM_MAX_TOKENS.min(n);
    for k in (1..=max).rev() {
        let slice = &tokens[n - k..];
        join_keys(slice, buf);
        let mut recs = allowed(dict, &dict.token_forms(buf), Position::Suffix);
        let mut start = slice[0].span.start;
        if recs.is_empty() {
            // The first token may have swallowed letters of the name (`D S M N.V.`):
            // try the form starting inside it.
            let letters = joined_letters(text, &slice[0]);
            let rest: Vec<&str> = slice[1..].iter().map(|t| t.text.as_str()).collect();
            for i in 1..letters.len() {
                let head: String = letters[i..].iter().map(|(_, l)| l.as_str()).collect();
                if k == 1 && head.chars().count() < 2 {
                    break;
                }
                let key = std::iter::once(head.as_str()).chain(rest.iter().copied()).collect::<Vec<_>>().join(" ");
                let r = allowed(dict, &dict.token_forms(&key), Position::Suffix);
                if !r.is_empty() {
                    recs = r;
                    start = letters[i].0;
                    break;
                }
            }
        }
        if !recs.is_empty() {
            let end = slice[k - 1].span.end;
            // `(Pty) Ltd`: take the opening bracket with the form.
            if text[start..end].contains(')') && !text[start..end].contains('(') && text[..start].ends_with('(') {
                start -= 1;
            }
            return Some(FormMatch { start, end, records: recs, at: Position::Suffix });
        }
    }
    let trimmed = text.trim_end_matches(['.', ' ']);
    let last = trimmed.chars().next_back()?;
    if is_unspaced_script(last) || last == ')' {
        if let Some((len, recs)) = dict.char_forms(trimmed, true) {
            let recs = allowed(dict, &recs, Position::Suffix);
            if !recs.is_empty() {
                return Some(FormMatch {
                    start: trimmed.len() - len,
                    end: trimmed.len(),
                    records: recs,
                    at: Position::Suffix,
                });
            }
        }
    }
    None
}

/// The longest form at the start of `text`.
fn prefix_match(dict: &Dictionaries, text: &str, tokens: &[FormToken], buf: &mut String) -> Option<FormMatch> {
    let first = text.chars().next()?;
    if is_unspaced_script(first) || first == '(' {
        if let Some((len, recs)) = dict.char_forms(text, false) {
            let recs = allowed(dict, &recs, Position::Prefix);
            if !recs.is_empty() {
                return Some(FormMatch { start: 0, end: len, records: recs, at: Position::Prefix });
            }
        }
    }
    let max = LEGAL_FORM_MAX_TOKENS.min(tokens.len());
    for k in (1..=max).rev() {
        let slice = &tokens[..k];
        join_keys(slice, buf);
        let recs = allowed(dict, &dict.token_forms(buf), Position::Prefix);
        if !recs.is_empty() {
            return Some(FormMatch {
                start: slice[0].span.start,
                end: slice[k - 1].span.end,
                records: recs,
                at: Position::Prefix,
            });
        }
    }
    None
}

/// Separates the legal forms of `text` (a cleaned name) using `country` to rank
/// jurisdictions.
pub fn separate(dict: &Dictionaries, text: &str, country: Option<&str>) -> Separation {
    let mut buf = String::new();
    let mut found: Vec<FormMatch> = Vec::new();
    let (mut lo, mut hi) = (0usize, text.len());

    // Suffixes, peeled from the end: at most three (`Foo Ltd. Inc.`, `Siemens AG AG`).
    for _ in 0..3 {
        let region = &text[lo..hi];
        let tokens = form_tokens(region);
        let Some(m) = suffix_match(dict, region, &tokens, &mut buf) else { break };
        let (cs, ce) = trim_core(&region[..m.start]);
        if ce == 0 || !has_word(&region[cs..ce]) {
            break; // the rest would be empty: the name is (only) a legal form
        }
        found.push(FormMatch { start: lo + m.start, end: lo + m.end, ..m });
        hi = lo + ce;
        lo += cs;
    }
    merge_compounds(dict, text, &mut found);
    // One prefix (`KABUSHIKI KAISHA TOSHIBA`, `ООО "Газпром нефть"`).
    {
        let region = &text[lo..hi];
        let tokens = form_tokens(region);
        if let Some(m) = prefix_match(dict, region, &tokens, &mut buf) {
            let rest = &region[m.end..];
            let (cs, ce) = trim_core(rest);
            if ce > 0 && has_word(&rest[cs..ce]) {
                found.push(FormMatch { start: lo + m.start, end: lo + m.end, ..m });
                hi = lo + m.end + ce;
                lo = lo + m.end + cs;
            }
        }
    }
    let (mut lo, mut hi) = (lo, hi);
    // Quotes around the core once a form is gone: `ООО "Газпром нефть"` → `Газпром нефть`.
    if !found.is_empty() {
        let core = &text[lo..hi];
        if core.len() >= 2 && core.starts_with('"') && core.ends_with('"') && has_word(&core[1..core.len() - 1]) {
            lo += 1;
            hi -= 1;
        }
    }
    if found.is_empty() || lo >= hi {
        let (s, e) = trim_core(text);
        let (s, e) = if e > s { (s, e) } else { (0, text.len()) };
        return Separation { core: text[s..e].to_string(), core_span: (s, e), forms: Vec::new(), stacked: false };
    }
    // Main form: a strict prefix form (`PT`, `ООО`) if there is one, else the outermost suffix.
    let main = found
        .iter()
        .position(|m| {
            m.at == Position::Prefix
                && m.records.iter().any(|&r| dict.records()[r as usize].position == Position::Prefix)
        })
        .unwrap_or(0);
    found.swap(0, main);
    let stacked = found.iter().filter(|m| m.at == Position::Suffix).count() > 1;
    let forms = found.iter().map(|m| describe(dict, text, m, country)).collect();
    Separation { core: text[lo..hi].to_string(), core_span: (lo, hi), forms, stacked }
}

/// The canonical abbreviation the records agree on: a hand-reviewed (`namestd`) row's
/// if there is one, else the most frequent.
fn preferred_canonical(recs: &[&FormRecord]) -> String {
    if let Some(r) = recs.iter().find(|r| r.source.iter().any(|s| s == "namestd")) {
        return r.canonical.clone();
    }
    majority(recs.iter().map(|r| r.canonical.as_str()))
}

/// Joins two suffix forms written next to each other into one when the pair is itself a
/// known form (`Company` + `Ltd.` → `CO LTD`), so a compound is reported once.
fn merge_compounds(dict: &Dictionaries, text: &str, found: &mut Vec<FormMatch>) {
    let mut i = 0;
    while i + 1 < found.len() {
        let (outer, inner) = (&found[i], &found[i + 1]);
        let between = &text[inner.end.min(outer.start)..outer.start];
        if between.chars().all(is_separator) {
            let canon = |m: &FormMatch| {
                let recs: Vec<&FormRecord> = m.records.iter().map(|&r| &dict.records()[r as usize]).collect();
                preferred_canonical(&recs)
            };
            let key = namestd_dictionaries::key::form_key(&format!("{} {}", canon(inner), canon(outer)));
            let recs = allowed(dict, &dict.token_forms(&key), Position::Suffix);
            if !recs.is_empty() {
                let merged = FormMatch { start: inner.start, end: outer.end, records: recs, at: Position::Suffix };
                found[i] = merged;
                found.remove(i + 1);
                continue;
            }
        }
        i += 1;
    }
}

/// Types a match: canonical form, generic class, jurisdictions and ELF codes.
fn describe(dict: &Dictionaries, text: &str, m: &FormMatch, country: Option<&str>) -> LegalForm {
    let recs: Vec<&FormRecord> = m.records.iter().map(|&r| &dict.records()[r as usize]).collect();
    let by_country =
        |c: &str| -> Vec<&FormRecord> { recs.iter().copied().filter(|r| r.countries.iter().any(|x| x == c)).collect() };
    let generic_recs: Vec<&FormRecord> = recs.iter().copied().filter(|r| r.countries.is_empty()).collect();
    // Count jurisdictions, most records first.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &recs {
        for c in &r.countries {
            *counts.entry(c.as_str()).or_default() += 1;
        }
    }
    let mut jurisdictions: Vec<(&str, usize)> = counts.into_iter().collect();
    jurisdictions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let all_j: Vec<String> = jurisdictions.iter().map(|(c, _)| c.to_string()).collect();

    let (chosen, decision, juris): (Vec<&FormRecord>, JurisdictionDecision, Vec<String>) = match country {
        Some(c) if !by_country(c).is_empty() => (by_country(c), JurisdictionDecision::CountryHint, vec![c.to_string()]),
        Some(_) if !generic_recs.is_empty() => {
            (generic_recs.clone(), JurisdictionDecision::NotJurisdictional, Vec::new())
        }
        Some(_) if !all_j.is_empty() => (recs.clone(), JurisdictionDecision::HintConflict, all_j.clone()),
        _ if all_j.len() == 1 => (recs.clone(), JurisdictionDecision::Unique, all_j.clone()),
        _ if all_j.is_empty() => (recs.clone(), JurisdictionDecision::NotJurisdictional, Vec::new()),
        _ => (recs.clone(), JurisdictionDecision::Ambiguous, all_j.clone()),
    };
    let canonical = preferred_canonical(&chosen);
    let generic = majority(chosen.iter().map(|r| r.generic.as_str()).filter(|g| !g.is_empty()));
    // ELF codes: from the active records of the decided jurisdiction; where the form as
    // written is not the one the ELF list names (`Limited` for India's `Ltd`), from the
    // jurisdiction's records with the same canonical abbreviation.
    let mut decision = decision;
    let mut juris = juris;
    let mut elf: Vec<String> = match decision {
        JurisdictionDecision::CountryHint | JurisdictionDecision::Unique => {
            chosen.iter().filter(|r| !r.inactive).flat_map(|r| r.elf.iter().cloned()).collect()
        }
        _ => Vec::new(),
    };
    if let (Some(c), true) = (country, elf.is_empty()) {
        let same: Vec<&FormRecord> = dict
            .same_canonical(&canonical, c)
            .iter()
            .map(|&r| &dict.records()[r as usize])
            .filter(|r| !r.inactive)
            .collect();
        if !same.is_empty() {
            elf = same.iter().flat_map(|r| r.elf.iter().cloned()).collect();
            decision = JurisdictionDecision::CountryHint;
            juris = vec![c.to_string()];
        }
    }
    elf.sort();
    elf.dedup();
    let mut sources: Vec<String> = chosen.iter().flat_map(|r| r.source.iter().cloned()).collect();
    sources.sort();
    sources.dedup();
    LegalForm {
        written: text[m.start..m.end].to_string(),
        span: (m.start, m.end),
        canonical,
        generic,
        elf,
        jurisdictions: juris,
        decision,
        position: m.at,
        sources,
    }
}

/// The most frequent value, ties to the first seen (additions tables come first).
fn majority<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (k, n) in counts {
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k.to_string()).unwrap_or_default()
}
