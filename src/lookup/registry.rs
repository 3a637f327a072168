//! The registry an index is built from: applicants with their name variants.

use crate::model::Kind;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// One spelling of an applicant's name and how often it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    /// The name as written in the registry.
    pub name: String,
    /// Mentions of this spelling (0 when unknown).
    pub count: u64,
}

/// An applicant of the office registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Applicant {
    /// The registry's stable id.
    pub id: String,
    /// The canonical (display) name.
    pub name: String,
    /// All spellings known for the applicant, the canonical one included, most frequent
    /// first.
    pub variants: Vec<Variant>,
    /// ISO 3166-1 alpha-2 country of residence, if known.
    pub country: Option<String>,
    /// Organization or person, if known (else decided by standardizing the canonical
    /// name when the index is built).
    pub kind: Option<Kind>,
    /// An office identifier (customer number, ...), if any.
    pub identifier: Option<String>,
}

impl Applicant {
    /// An applicant with one name and nothing else.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        let name = name.into();
        Applicant {
            id: id.into(),
            variants: vec![Variant { name: name.clone(), count: 0 }],
            name,
            country: None,
            kind: None,
            identifier: None,
        }
    }

    /// Adds a spelling (ignored if already there).
    pub fn variant(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if !self.variants.iter().any(|v| v.name == name) {
            self.variants.push(Variant { name, count: 0 });
        }
        self
    }

    /// Sets the country.
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// Sets the kind.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Sets the identifier.
    pub fn identifier(mut self, identifier: impl Into<String>) -> Self {
        self.identifier = Some(identifier.into());
        self
    }
}

/// A registry CSV that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    /// The 1-based line (0 for the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "registry line {}: {}", self.line, self.message)
        } else {
            write!(f, "registry: {}", self.message)
        }
    }
}

impl std::error::Error for RegistryError {}

fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

/// Reads a registry from CSV text (comma-separated, RFC 4180 quoting, header row).
///
/// Columns, by header name (case-insensitive): `id` (or `unique_id`) and `name` (or
/// `organization`) are required; `count` (or `n_mentions`), `country`, `kind`
/// (`organization` / `person`) and `identifier` are optional. Rows sharing an id are the
/// variants of one applicant; its canonical name is the most frequent variant (the first
/// one on ties), its country, kind and identifier the first non-empty ones. Applicants
/// come out in order of first appearance.
///
/// ```
/// let csv = "id,name,count\nA1,Siemens AG,5\nA1,SIEMENS AKTIENGESELLSCHAFT,9\n";
/// let reg = namestd::lookup::registry::from_csv(csv).unwrap();
/// assert_eq!(reg.len(), 1);
/// assert_eq!(reg[0].name, "SIEMENS AKTIENGESELLSCHAFT");
/// assert_eq!(reg[0].variants.len(), 2);
/// ```
pub fn from_csv(text: &str) -> Result<Vec<Applicant>, RegistryError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| RegistryError { line: 1, message: e.to_string() })?.clone();
    let id_col = column(&headers, &["id", "unique_id"])
        .ok_or_else(|| RegistryError { line: 1, message: "no `id` (or `unique_id`) column".into() })?;
    let name_col = column(&headers, &["name", "organization"])
        .ok_or_else(|| RegistryError { line: 1, message: "no `name` (or `organization`) column".into() })?;
    let count_col = column(&headers, &["count", "n_mentions"]);
    let country_col = column(&headers, &["country", "countryCode"]);
    let kind_col = column(&headers, &["kind"]);
    let ident_col = column(&headers, &["identifier"]);
    let mut out: Vec<Applicant> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| RegistryError { line, message: e.to_string() })?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim).filter(|s| !s.is_empty());
        let id = get(Some(id_col)).ok_or_else(|| RegistryError { line, message: "empty id".into() })?;
        let name = get(Some(name_col)).ok_or_else(|| RegistryError { line, message: "empty name".into() })?;
        let count = match get(count_col) {
            None => 0,
            Some(c) => {
                c.parse::<u64>().map_err(|_| RegistryError { line, message: format!("count `{c}` is not a number") })?
            }
        };
        let country = match get(country_col) {
            None => None,
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => Some(c.to_ascii_uppercase()),
            Some(c) => {
                return Err(RegistryError { line, message: format!("country `{c}` is not an ISO 3166-1 alpha-2 code") })
            }
        };
        let kind = match get(kind_col) {
            None => None,
            Some(k) if k.eq_ignore_ascii_case("organization") => Some(Kind::Organization),
            Some(k) if k.eq_ignore_ascii_case("person") => Some(Kind::Person),
            Some(k) => {
                return Err(RegistryError { line, message: format!("kind `{k}` is not `organization` or `person`") })
            }
        };
        let at = *by_id.entry(id.to_string()).or_insert_with(|| {
            out.push(Applicant {
                id: id.to_string(),
                name: String::new(),
                variants: Vec::new(),
                country: None,
                kind: None,
                identifier: None,
            });
            out.len() - 1
        });
        let a = &mut out[at];
        match a.variants.iter_mut().find(|v| v.name == name) {
            Some(v) => v.count += count,
            None => a.variants.push(Variant { name: name.to_string(), count }),
        }
        a.country = a.country.take().or(country);
        a.kind = a.kind.or(kind);
        a.identifier = a.identifier.take().or_else(|| get(ident_col).map(str::to_string));
    }
    for a in &mut out {
        // Most frequent first; stable, so ties keep file order.
        a.variants.sort_by_key(|v| std::cmp::Reverse(v.count));
        a.name = a.variants[0].name.clone();
    }
    Ok(out)
}
