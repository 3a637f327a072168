//! JSON shapes shared by the endpoints: ST.96/ST.97-style names and applicants, and
//! request validation.

use crate::error::ApiError;
use namestd::lookup::Applicant;
use namestd::model::{Kind, KindHint, StandardizedName};
use namestd::{NameInput, Standardizer};
use serde_json::{json, Value};

/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 1_000;

/// Checks a name (non-empty, not too long).
pub fn valid_name(field: &str, name: Option<&str>) -> Result<String, ApiError> {
    let Some(n) = name else { return Err(ApiError::field(field, "is required")) };
    if n.trim().is_empty() {
        return Err(ApiError::field(field, "must not be empty"));
    }
    if n.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::field(field, format!("is longer than {MAX_NAME_CHARS} characters")));
    }
    Ok(n.to_string())
}

/// Checks an ISO 3166-1 alpha-2 code (two letters; upper-cased).
pub fn valid_country(field: &str, c: Option<&str>) -> Result<Option<String>, ApiError> {
    match c.map(str::trim) {
        None | Some("") => Ok(None),
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => Ok(Some(c.to_ascii_uppercase())),
        Some(c) => Err(ApiError::field(field, format!("`{c}` is not an ISO 3166-1 alpha-2 code"))),
    }
}

/// Checks a kind (`organization` / `person`).
pub fn valid_kind(field: &str, k: Option<&str>) -> Result<Option<KindHint>, ApiError> {
    match k.map(str::trim) {
        None | Some("") => Ok(None),
        Some(k) if k.eq_ignore_ascii_case("organization") => Ok(Some(KindHint::Organization)),
        Some(k) if k.eq_ignore_ascii_case("person") => Ok(Some(KindHint::Person)),
        Some(k) => Err(ApiError::field(field, format!("`{k}` is not `organization` or `person`"))),
    }
}

/// A kind hint as a kind.
pub fn kind_of(h: Option<KindHint>) -> Option<Kind> {
    h.map(|h| match h {
        KindHint::Organization => Kind::Organization,
        KindHint::Person => Kind::Person,
    })
}

/// The ST.96 `Name` of a standardized name: `organizationName`, `personName` or
/// `entityName` (kind unknown).
pub fn st96_name(s: &StandardizedName, other_names: &[&str]) -> Value {
    match (s.kind, &s.person) {
        (Kind::Person, Some(p)) => {
            let mut structured = serde_json::Map::new();
            if !p.titles.is_empty() {
                structured.insert("namePrefix".into(), json!(p.titles.join(" ")));
            }
            if !p.given.is_empty() {
                structured.insert("firstName".into(), json!(p.given));
            }
            structured.insert("lastName".into(), json!(if p.family.is_empty() { &s.core } else { &p.family }));
            if !p.suffixes.is_empty() {
                structured.insert("nameSuffix".into(), json!(p.suffixes.join(" ")));
            }
            json!({"personName": {"personStructuredName": structured, "personFullName": s.cleaned}})
        }
        (Kind::Organization, _) => {
            let mut name = organization_name(other_names);
            name["organizationName"]["organizationStandardName"] = json!(s.standard);
            name
        }
        _ => json!({"entityName": {"value": s.standard}}),
    }
}

/// One standardized name: the ST.96 name, the country, and our analysis.
pub fn standardized(s: &StandardizedName) -> Value {
    let mut v = json!({
        "name": st96_name(s, &[]),
        "nameAnalysis": s,
    });
    if let Some(c) = &s.country {
        v["residenceCountryCode"] = json!(c);
    }
    v
}

/// The ST.96 `organizationName` with its other names (the standard name left to the caller).
fn organization_name(other_names: &[&str]) -> Value {
    let mut o = json!({"organizationStandardName": null});
    if !other_names.is_empty() {
        o["organizationOtherName"] = other_names.iter().map(|n| json!({"value": n})).collect();
    }
    json!({"organizationName": o})
}

/// An applicant of the registry, ST.96-style; `variants` adds every known spelling.
///
/// An organization's ST.96 name is its canonical spelling (and the other spellings), so
/// its name is not standardized again; a person's is split into its parts and a name of
/// unknown kind is standardized to tell which it is.
pub fn applicant(std: &Standardizer, a: &Applicant, variants: bool) -> Value {
    let others: Vec<&str> = if variants {
        a.variants.iter().map(|v| v.name.as_str()).filter(|n| *n != a.name).collect()
    } else {
        Vec::new()
    };
    let (mut name, kind) = if a.kind == Some(Kind::Organization) {
        // What `st96_name` gives for any organization (the hint decides the kind), with the
        // canonical spelling as the standard name below.
        (organization_name(&others), Kind::Organization)
    } else {
        let mut input = NameInput::new(&a.name);
        input.country = a.country.as_deref();
        input.kind = (a.kind == Some(Kind::Person)).then_some(KindHint::Person);
        let s = std.standardize_input(&input);
        (st96_name(&s, &others), a.kind.unwrap_or(s.kind))
    };
    if let Some(o) = name.get_mut("organizationName") {
        // The registry's canonical spelling is the standard name of record.
        o["organizationStandardName"] = json!(a.name);
    }
    let mut v = json!({
        "id": a.id,
        "kind": kind.as_str(),
        "contact": {"name": name},
    });
    if let Some(x) = &a.identifier {
        v["partyIdentifier"] = json!({"value": x});
    }
    if let Some(c) = &a.country {
        v["residenceCountryCode"] = json!(c);
    }
    if variants {
        v["registryRecord"] = json!({"variants": a.variants});
    }
    v
}

/// Rounds a 0..1 score to 0..100 with two decimals.
pub fn score100(s: f64) -> f64 {
    (s * 10_000.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The applicant JSON of an organization, built without standardizing its name, is the
    /// one the standardized name gives (hint: organization), canonical spelling as the
    /// standard name.
    #[test]
    fn an_organization_needs_no_standardizing() {
        let std = Standardizer::default();
        for (name, variants) in [
            ("Motorola, Inc.", vec!["MOTOROLA INC", "Motorola Inc"]),
            ("Koninklijke Philips Electronics N.V.", vec![]),
            ("SMITH, John A.", vec!["John Smith"]),
            ("Bank of the West", vec![]),
        ] {
            let mut a = Applicant::new("A1", name).country("US").kind(Kind::Organization);
            for v in &variants {
                a = a.variant(*v);
            }
            for with_variants in [false, true] {
                let mut input = NameInput::new(name);
                input.country = Some("US");
                input.kind = Some(KindHint::Organization);
                let s = std.standardize_input(&input);
                let others: Vec<&str> = if with_variants { variants.clone() } else { Vec::new() };
                let mut want = st96_name(&s, &others);
                want["organizationName"]["organizationStandardName"] = json!(name);
                let got = applicant(&std, &a, with_variants);
                assert_eq!(got["contact"]["name"].to_string(), want.to_string(), "{name}");
                assert_eq!(got["kind"], json!("organization"));
            }
        }
    }
}
