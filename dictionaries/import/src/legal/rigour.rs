//! rigour `org_types.yml` → legal-form candidates (source `rigour`) and the generic-class
//! maps used to fill `generic` on the other rows.

use super::filters::{abbreviation_ok, cyrillic_form_ok, multiword_form_ok, skip_reason};
use super::{prio, Cand};
use crate::text::{canonical, collapse_ws, dominant_script, join_key};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The org-types file inside `raw/rigour/`.
pub const FILE: &str = "rigour/org_types.yml";

/// One organisation type of rigour.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct OrgType {
    /// Human-readable form (`GmbH`).
    #[serde(default)]
    pub display: Option<String>,
    /// Comparison form.
    #[serde(default)]
    pub compare: Option<String>,
    /// Generic class (`LLC`, `JSC`, ...).
    #[serde(default)]
    pub generic: Option<String>,
    /// Spellings, abbreviations and translations.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    types: Vec<OrgType>,
}

/// Reads `org_types.yml`.
pub fn read_types(raw: &Path) -> Result<Vec<OrgType>> {
    let path = raw.join(FILE);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    parse_types(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Parses the YAML text of `org_types.yml`.
pub fn parse_types(text: &str) -> Result<Vec<OrgType>> {
    let f: File = serde_yaml::from_str(text)?;
    Ok(f.types)
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(collapse_ws).filter(|s| !s.is_empty())
}

/// The forms of a type: display, compare and aliases, without duplicates (by join key).
fn forms_of(t: &OrgType) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for f in
        non_empty(&t.display).into_iter().chain(non_empty(&t.compare)).chain(t.aliases.iter().map(|a| collapse_ws(a)))
    {
        if f.is_empty() {
            continue;
        }
        if keys.insert(join_key(&f)) {
            out.push(f);
        }
    }
    out
}

/// The canonical of `form` in type `t`: the display (else compare) upper-cased without
/// periods when it is in the form's script, else the form itself.
fn canonical_for(form: &str, t: &OrgType) -> String {
    let script = dominant_script(form);
    for c in [non_empty(&t.display), non_empty(&t.compare)].into_iter().flatten() {
        if dominant_script(&c) == script {
            return canonical(&c);
        }
    }
    canonical(form)
}

/// Candidates of every type's display, compare and aliases, with rigour's generic class.
pub fn candidates(types: &[OrgType]) -> Vec<Cand> {
    let mut out = Vec::new();
    for t in types {
        let generic = non_empty(&t.generic).unwrap_or_default();
        for form in forms_of(t) {
            if skip_reason(&form).is_some()
                || !abbreviation_ok(&form)
                || !cyrillic_form_ok(&form)
                || !multiword_form_ok(&form)
            {
                continue;
            }
            out.push(Cand::alias(&form, &canonical_for(&form, t), &generic, "rigour", prio::RIGOUR));
        }
    }
    out
}

/// The generic class by form join key and by canonical, where rigour is unambiguous.
pub fn generic_maps(types: &[OrgType]) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut by_key: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_canon: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in types {
        let Some(g) = non_empty(&t.generic) else { continue };
        for form in forms_of(t) {
            by_key.entry(join_key(&form)).or_default().insert(g.clone());
            by_canon.entry(canonical_for(&form, t)).or_default().insert(g.clone());
        }
    }
    let unique = |m: BTreeMap<String, BTreeSet<String>>| -> BTreeMap<String, String> {
        m.into_iter()
            .filter(|(_, v)| v.len() == 1)
            .map(|(k, v)| (k, v.into_iter().next().unwrap_or_default()))
            .collect()
    };
    (unique(by_key), unique(by_canon))
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r#"
types:
  - display: GmbH
    generic: LLC
    aliases:
      - Gesellschaft mit beschränkter Haftung
      - G.m.b.H.
      - ООО
  - generic: JSC
    aliases:
      - 股份有限公司
  - display: Bank
    aliases:
      - Bank
"#;

    #[test]
    fn types_become_candidates() {
        let types = parse_types(YAML).unwrap();
        let c = candidates(&types);
        let forms: Vec<_> = c.iter().map(|c| (c.form.as_str(), c.canonical.as_str(), c.generic.as_str())).collect();
        assert_eq!(
            forms,
            vec![
                ("GmbH", "GMBH", "LLC"),
                ("Gesellschaft mit beschränkter Haftung", "GMBH", "LLC"),
                ("ООО", "ООО", "LLC"),
                ("股份有限公司", "股份有限公司", "JSC"),
            ]
        );
        let (by_key, by_canon) = generic_maps(&types);
        assert_eq!(by_key.get("gmbh").map(String::as_str), Some("LLC"));
        assert_eq!(by_canon.get("股份有限公司").map(String::as_str), Some("JSC"));
    }
}
