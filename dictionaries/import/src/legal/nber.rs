//! NBER / Derwent word rules (`cockburn_patterns_derwent.csv`) whose pattern is a legal
//! form → candidates (source `nber`). The company-word rules of the same file are in
//! [`crate::words`].

use super::{prio, Cand};
use crate::text::collapse_ws;
use anyhow::Result;
use std::path::Path;

/// The NBER / Derwent rules file.
pub const FILE: &str = "nstandr/cockburn_patterns_derwent.csv";

/// The Derwent patterns that are legal forms, with their canonical. Left out: fragments
/// (`BESCHRANKTER HAFTUNG`, `BESLOTEN VENNOOTSCHAP MET`, `A B`, `N V`), descriptions
/// (`A CALIFORNIA CORP`, `CORPORATION OF AMERICA`), the Gomei/Goshi rules NBER files under
/// `GK` (that is Godo Kaisha), and the garbled `YG YUGEN GAISHA` canonical (read as `YK`).
pub const LEGAL_PATTERNS: &[(&str, &str)] = &[
    ("AKTIEBOLAGET", "AB"),
    ("AKTIEBOLAG", "AB"),
    ("ACTIEN GESELLSCHAFT", "AG"),
    ("ACTIENGESELLSCHAFT", "AG"),
    ("AKTIEN GESELLSCHAFT", "AG"),
    ("AKTIENGESELLSCHAFT", "AG"),
    ("ANPARTSSELSKABET", "APS"),
    ("ANPARTSSELSKAB", "APS"),
    ("A/S", "A/S"),
    ("AKTIESELSKABET", "A/S"),
    ("AKTIESELSKAB", "A/S"),
    ("BESLOTEN VENNOOTSCHAP", "BV"),
    ("CLOSE CORPORATION", "CC"),
    ("EINGETRAGENER VEREIN", "EV"),
    ("GESELLSCHAFT MBH", "GMBH"),
    ("GESELLSCHAFT MIT BESCHRANKTER HAFTUNG", "GMBH"),
    ("HANDELS BOLAGET", "HB"),
    ("HANDELSBOLAGET", "HB"),
    ("INCORPORATED", "INC"),
    ("KOMMANDIT BOLAG", "KB"),
    ("KOMMANDIT BOLAGET", "KB"),
    ("KOMMANDITBOLAGET", "KB"),
    ("KOMMANDITBOLAG", "KB"),
    ("KOMMANDIT GESELLSCHAFT", "KG"),
    ("KOMMANDITGESELLSCHAFT", "KG"),
    ("KOMMANDIT GESELLSCHAFT AUF AKTIEN", "KGAA"),
    ("KOMMANDITGESELLSCHAFT AUF AKTIEN", "KGAA"),
    ("KABUSHIKI GAISHA", "KK"),
    ("KABUSHIKI KAISHA", "KK"),
    ("KABUSHIKI GAISYA", "KK"),
    ("KABUSHIKI KAISYA", "KK"),
    ("KABUSHIKIGAISHA", "KK"),
    ("KABUSHIKIKAISHA", "KK"),
    ("KABUSHIKIGAISYA", "KK"),
    ("KABUSHIKIKAISYA", "KK"),
    ("LIMITED PARTNERSHIP", "LP"),
    ("LIMITED", "LTD"),
    ("LIMITADA", "LTDA"),
    ("NAAMLOOSE VENOOTSCHAP", "NV"),
    ("NAAMLOZE VENNOOTSCHAP", "NV"),
    ("NARODNI PODNIK", "NP"),
    ("NARODNIJ PODNIK", "NP"),
    ("NARODNY PODNIK", "NP"),
    ("KONCERNOVY PODNIK", "KP"),
    ("OBOROVY PODNIK", "OP"),
    ("OFFENE HANDELSGESELLSCHAFT", "OHG"),
    ("OSAKEYHTIO", "OY"),
    ("PUBLIC LIMITED COMPANY", "PLC"),
    ("SOCIEDAD ANONIMA", "SA"),
    ("SOCIETE ANONYME", "SA"),
    ("SOCIETE A RESPONSABILITE LIMITEE", "SARL"),
    ("SOCIETE A RESPONSIBILITE LIMITEE", "SARL"),
    ("SOCIETA IN ACCOMANDITA SEMPLICE", "SAS"),
    ("SOCIETA IN NOME COLLECTIVO", "SNC"),
    ("SOCIETE EN NOM COLLECTIF", "SNC"),
    ("SOCIETA PER AZIONI", "SPA"),
    ("SOCIETE PRIVEE A RESPONSABILITE LIMITEE", "SPRL"),
    ("SOCIEDAD DE RESPONSABILIDAD LIMITADA", "SRL"),
    ("YUGEN KAISHA", "YK"),
    ("YUUGEN GAISHA", "YK"),
    ("YUUGEN KAISHA", "YK"),
    ("YUUGEN KAISYA", "YK"),
    ("GAKKO HOJIN", "GAKKO HOJIN"),
    ("GAKKO HOUJIN", "GAKKO HOJIN"),
    ("SHADAN HOJIN", "SHADAN HOJIN"),
    ("ZAIDAN HOJIN", "ZAIDAN HOJIN"),
    ("ZAIDAN HOUJIN", "ZAIDAN HOJIN"),
    ("CORPORATION", "CORP"),
    ("COMPANY", "CO"),
];

/// Reads the Derwent rules as (pattern, replacement) pairs, word-boundary spaces trimmed.
pub fn read_rules(raw: &Path) -> Result<Vec<(String, String)>> {
    let path = raw.join(FILE);
    let mut out = Vec::new();
    for rec in crate::csv_records(&path)? {
        out.push((collapse_ws(rec.get(0).unwrap_or("")), collapse_ws(rec.get(1).unwrap_or(""))));
    }
    Ok(out)
}

/// Candidates of the Derwent rules listed in [`LEGAL_PATTERNS`] (the rule must be in the file).
pub fn candidates(raw: &Path) -> Result<Vec<Cand>> {
    let rules = read_rules(raw)?;
    let mut out = Vec::new();
    for (pattern, _) in &rules {
        if let Some((_, canon)) = LEGAL_PATTERNS.iter().find(|(p, _)| p == pattern) {
            if !out.iter().any(|c: &Cand| c.form == *pattern) {
                out.push(Cand::alias(pattern, canon, "", "nber", prio::NBER));
            }
        }
    }
    Ok(out)
}
