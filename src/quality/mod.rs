//! Data-quality rules and score for applicant records.
//!
//! An [`ApplicantRecord`] (the name as received, and what else the office knows: country,
//! person or organization, structured person name, identifier, address) goes through the
//! standardization pipeline once; the rules then read the record and the
//! [`StandardizedName`] and return an [`Assessment`]: the [`Issue`]s found, each with a
//! stable code, a severity, a message, the span of the original name it concerns and a
//! suggested fix where one can be computed, and a score from 0 to 100.
//!
//! The rules and their default weights are one table, [`RULES`]; `docs/quality-rules.md`
//! is generated from it ([`rules_markdown`]). An office changes weights and severities with
//! a [`QualityConfig`] parsed from a TSV table. [`QualitySummary`] adds assessments up for
//! a whole table (mergeable, so batches can run in parallel).
//!
//! ```
//! use namestd::quality::{ApplicantRecord, QualityChecker};
//!
//! let checker = QualityChecker::default();
//! let a = checker.assess(&ApplicantRecord::new("Siemens AG AG").country("DE"));
//! let issue = a.issues.iter().find(|i| i.code == "legalForm.duplicated").unwrap();
//! assert_eq!(issue.suggestion.as_ref().unwrap().name.as_deref(), Some("Siemens AG"));
//! assert!(a.score < 100);
//! assert_eq!(a.name.core, "Siemens");
//! ```
//!
//! No I/O here: configuration comes in as text, records as values.

mod checks;
mod config;
mod rules;
mod score;
mod span;
mod summary;

pub use config::{CaseStyle, QualityConfig, RuleSetting};
pub use rules::{rule_by_code, rules_markdown, Rule, RULES};
pub use score::{score_of, ScoreBand};
pub use span::Span;
pub use summary::{QualitySummary, WorstRecord};

use crate::model::{KindHint, NameInput, StandardizedName};
use crate::pipeline::Standardizer;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, LazyLock};

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The record is wrong and must be fixed; caps the score (see [`QualityConfig::error_cap`]).
    Error,
    /// Probably wrong; should be looked at.
    Warning,
    /// Worth knowing; often harmless.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// One applicant record to assess: the name as received and what else is known.
///
/// Field names serialize in lowerCamelCase; every field but `name` is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApplicantRecord {
    /// The applicant name as received (ST.96 `OrganizationStandardName` or `PersonFullName`).
    pub name: String,
    /// Country code as received (ISO 3166-1 alpha-2 expected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Person or organization, as declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<KindHint>,
    /// Structured person name: family name (ST.96 `LastName`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Structured person name: given names (ST.96 `FirstName`, `MiddleName`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// The name in its original script, when `name` is a transliteration or translation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_script_name: Option<String>,
    /// The office's party identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The postal address as received (one line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl ApplicantRecord {
    /// A record with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        ApplicantRecord { name: name.into(), ..Default::default() }
    }

    /// Sets the country code.
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// Sets the person/organization declaration.
    pub fn kind(mut self, kind: KindHint) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Sets the structured person name.
    pub fn person_name(mut self, family: impl Into<String>, given: impl Into<String>) -> Self {
        self.family = Some(family.into());
        self.given = Some(given.into());
        self
    }

    /// Sets the original-script form of the name.
    pub fn original_script_name(mut self, name: impl Into<String>) -> Self {
        self.original_script_name = Some(name.into());
        self
    }

    /// Sets the identifier.
    pub fn identifier(mut self, id: impl Into<String>) -> Self {
        self.identifier = Some(id.into());
        self
    }

    /// Sets the address.
    pub fn address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }
}

/// A fix the rules could compute. Only the fields that apply are set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// The name as it should read (cleaned, legal form written once, address moved out...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For persons: the family name to put in its own field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// For persons: the given names to put in their own field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Text taken out of the name that belongs elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<String>,
    /// Where `moved` belongs: `address`, `contact`, `applicant` (another applicant record),
    /// `department` (ST.96 organization other name, department category), `country`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Suggestion {
    /// A suggestion that only gives the corrected name.
    pub fn name(name: impl Into<String>) -> Self {
        Suggestion { name: Some(name.into()), ..Default::default() }
    }
}

/// One problem found in a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Stable rule code (`legalForm.duplicated`); see [`RULES`].
    pub code: String,
    /// Severity in use (the rule's default unless configured).
    pub severity: Severity,
    /// Points this rule takes off the score.
    pub weight: u8,
    /// What is wrong, in words, quoting the text concerned.
    pub message: String,
    /// Character offsets in the original name, when the issue concerns a part of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// A computed fix, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

/// The quality assessment of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// 0-100: 100 minus the weights of the rules that fired, floored at 0, capped at
    /// [`QualityConfig::error_cap`] when any issue is an error.
    pub score: u8,
    /// The score's band.
    pub band: ScoreBand,
    /// Whether any issue has severity error.
    pub has_error: bool,
    /// The issues found, in rule-table order.
    pub issues: Vec<Issue>,
    /// What the pipeline made of the name.
    pub name: StandardizedName,
}

impl Assessment {
    /// Whether a rule fired.
    pub fn has(&self, code: &str) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }

    /// The codes of the issues found, in order, without repeats.
    pub fn codes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for i in &self.issues {
            if !out.contains(&i.code.as_str()) {
                out.push(&i.code);
            }
        }
        out
    }
}

/// Runs the rules: a standardizer, a configuration, and lookup tables built once from the
/// standardizer's dictionaries. Cheap to clone and share across threads.
#[derive(Debug, Clone)]
pub struct QualityChecker {
    standardizer: Standardizer,
    config: QualityConfig,
    forms: Arc<checks::FormIndex>,
}

static DEFAULT_FORMS: LazyLock<Arc<checks::FormIndex>> =
    LazyLock::new(|| Arc::new(checks::FormIndex::new(&Standardizer::default())));

impl Default for QualityChecker {
    fn default() -> Self {
        QualityChecker {
            standardizer: Standardizer::default(),
            config: QualityConfig::default(),
            forms: DEFAULT_FORMS.clone(),
        }
    }
}

impl QualityChecker {
    /// A checker over a standardizer (and its dictionaries, office rows included) with a
    /// configuration.
    pub fn new(standardizer: Standardizer, config: QualityConfig) -> Self {
        let forms = Arc::new(checks::FormIndex::new(&standardizer));
        QualityChecker { standardizer, config, forms }
    }

    /// A checker over the embedded dictionaries with a configuration.
    pub fn with_config(config: QualityConfig) -> Self {
        QualityChecker { config, ..QualityChecker::default() }
    }

    /// The configuration in use.
    pub fn config(&self) -> &QualityConfig {
        &self.config
    }

    /// The standardizer in use.
    pub fn standardizer(&self) -> &Standardizer {
        &self.standardizer
    }

    /// Standardizes the record's name (with its country and kind as hints) and assesses it.
    pub fn assess(&self, record: &ApplicantRecord) -> Assessment {
        let country = record.country.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let input = NameInput { name: &record.name, country, kind: record.kind };
        let (name, tokens) = self.standardizer.standardize_with_tokens(&input);
        self.assess_with_tokens(record, name, tokens)
    }

    /// Assesses a record whose name was already standardized (`name` must come from
    /// `record.name` with the record's hints), so batch tools standardize once.
    pub fn assess_standardized(&self, record: &ApplicantRecord, name: StandardizedName) -> Assessment {
        self.assess_with_tokens(record, name, None)
    }

    /// [`QualityChecker::assess_standardized`] with the form tokens of the cleaned name,
    /// when the pipeline kept them.
    fn assess_with_tokens(
        &self,
        record: &ApplicantRecord,
        name: StandardizedName,
        tokens: Option<Vec<namestd_dictionaries::key::FormToken>>,
    ) -> Assessment {
        let findings = checks::run(record, &name, tokens, &self.config, &self.forms, &self.standardizer);
        let (issues, score, has_error) = score::build(findings, &self.config);
        Assessment { score, band: ScoreBand::of(score), has_error, issues, name }
    }
}

static DEFAULT_CHECKER: LazyLock<QualityChecker> = LazyLock::new(QualityChecker::default);

/// Assesses a record with the embedded dictionaries and the default configuration.
///
/// ```
/// let a = namestd::quality::assess(&namestd::quality::ApplicantRecord::new("N/A"));
/// assert!(a.has("name.placeholder"));
/// assert!(a.score <= 49);
/// ```
pub fn assess(record: &ApplicantRecord) -> Assessment {
    DEFAULT_CHECKER.assess(record)
}
