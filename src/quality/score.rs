//! The score: 100 minus the weights of the rules that fired (each rule once), floored at
//! 0, capped at the configured error cap when any issue is an error; and its bands.

use super::checks::Finding;
use super::rules::RULES;
use super::{Issue, QualityConfig, Severity};
use serde::{Deserialize, Serialize};

/// Score bands used in table summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ScoreBand {
    /// 90-100.
    Good,
    /// 70-89.
    Fair,
    /// 50-69.
    Poor,
    /// 0-49.
    Bad,
}

impl ScoreBand {
    /// All bands, best first.
    pub const ALL: [ScoreBand; 4] = [ScoreBand::Good, ScoreBand::Fair, ScoreBand::Poor, ScoreBand::Bad];

    /// The band of a score.
    pub fn of(score: u8) -> ScoreBand {
        match score {
            90.. => ScoreBand::Good,
            70..=89 => ScoreBand::Fair,
            50..=69 => ScoreBand::Poor,
            _ => ScoreBand::Bad,
        }
    }

    /// `good`, `fair`, `poor` or `bad`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreBand::Good => "good",
            ScoreBand::Fair => "fair",
            ScoreBand::Poor => "poor",
            ScoreBand::Bad => "bad",
        }
    }

    /// The score range, as text (`90-100`).
    pub fn range(self) -> &'static str {
        match self {
            ScoreBand::Good => "90-100",
            ScoreBand::Fair => "70-89",
            ScoreBand::Poor => "50-69",
            ScoreBand::Bad => "0-49",
        }
    }
}

/// The score of a list of issues under a configuration: `max(0, 100 - Σ weight)` over the
/// distinct codes, capped at `config.error_cap` when any issue is an error.
///
/// ```
/// use namestd::quality::{score_of, QualityConfig};
/// let cfg = QualityConfig::default();
/// assert_eq!(score_of(&[], &cfg), 100);
/// ```
pub fn score_of(issues: &[Issue], config: &QualityConfig) -> u8 {
    let mut total: u32 = 0;
    let mut seen: Vec<&str> = Vec::new();
    let mut error = false;
    for i in issues {
        error |= i.severity == Severity::Error;
        if !seen.contains(&i.code.as_str()) {
            seen.push(&i.code);
            total += u32::from(i.weight);
        }
    }
    let mut score = 100u32.saturating_sub(total) as u8;
    if error {
        score = score.min(config.error_cap);
    }
    score
}

/// Turns the checks' findings into issues under the configuration (disabled rules dropped),
/// in rule-table order, with the score and whether any is an error.
pub(super) fn build(mut findings: Vec<Finding>, config: &QualityConfig) -> (Vec<Issue>, u8, bool) {
    findings.sort_by_key(|f| f.rule);
    let mut issues = Vec::with_capacity(findings.len());
    for f in findings {
        let setting = config.setting_at(f.rule);
        let Some(severity) = setting.severity else { continue };
        issues.push(Issue {
            code: RULES[f.rule].code.to_string(),
            severity,
            weight: setting.weight,
            message: f.message,
            span: f.span,
            suggestion: f.suggestion,
        });
    }
    let score = score_of(&issues, config);
    let has_error = issues.iter().any(|i| i.severity == Severity::Error);
    (issues, score, has_error)
}
