//! [`QualityConfig`]: rule weights and severities and a few settings, changed without
//! recompiling. The core parses the text of a TSV table; the binaries read the file.

use super::rules::{rule_index, RULES};
use super::Severity;
use crate::error::{Error, ErrorKind, Result};
use namestd_dictionaries::format::Table;

/// The letter case the office wants names written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CaseStyle {
    /// Mixed case (`Siemens AG`): all-capital and all-small names are flagged.
    #[default]
    Mixed,
    /// Capitals (`SIEMENS AG`): names with small letters are flagged.
    Upper,
    /// Small letters: all-capital names are flagged (`case.allCaps`).
    Lower,
    /// Any case: no case rule fires.
    Any,
}

impl CaseStyle {
    /// Parses `mixed`, `upper`, `lower` or `any`.
    pub fn parse(s: &str) -> Option<CaseStyle> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mixed" => Some(CaseStyle::Mixed),
            "upper" => Some(CaseStyle::Upper),
            "lower" => Some(CaseStyle::Lower),
            "any" => Some(CaseStyle::Any),
            _ => None,
        }
    }
}

/// The weight and severity of one rule in use; `severity: None` means disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetting {
    /// Points taken off the score.
    pub weight: u8,
    /// Severity, or `None` when the rule is switched off.
    pub severity: Option<Severity>,
}

/// Rule weights and severities, and the settings of the checks.
///
/// ```
/// use namestd::quality::{QualityConfig, Severity};
/// let cfg = QualityConfig::parse("office-quality.tsv", "code\tweight\tseverity\n\
///     legalForm.missing\t20\terror\n\
///     case.allCaps\t\toff\n")?;
/// assert_eq!(cfg.setting("legalForm.missing").unwrap().weight, 20);
/// assert_eq!(cfg.setting("legalForm.missing").unwrap().severity, Some(Severity::Error));
/// assert_eq!(cfg.setting("case.allCaps").unwrap().severity, None);
/// let bad = QualityConfig::parse("q.tsv", "code\tweight\nlegalForm.nope\t5\n").unwrap_err();
/// assert_eq!(bad.line, 2);
/// # Ok::<(), namestd::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityConfig {
    settings: Vec<RuleSetting>,
    /// Whether every rule is switched on (the common case: no lookups needed).
    all_on: bool,
    /// The case style the office wants. By default, mixed.
    pub case_style: CaseStyle,
    /// Names longer than this (in characters) get `name.tooLong`. By default, 200.
    pub max_length: usize,
    /// The highest score of a record with an error. By default, 49.
    pub error_cap: u8,
}

impl Default for QualityConfig {
    fn default() -> Self {
        QualityConfig {
            settings: RULES.iter().map(|r| RuleSetting { weight: r.weight, severity: Some(r.severity) }).collect(),
            all_on: true,
            case_style: CaseStyle::Mixed,
            max_length: 200,
            error_cap: 49,
        }
    }
}

fn config_error(table: &str, line: usize, message: impl Into<String>) -> Error {
    Error { kind: ErrorKind::Config, context: table.to_string(), line, message: message.into() }
}

impl QualityConfig {
    /// Parses a configuration table over the defaults. Columns (by name): `code`
    /// (required), `weight`, `severity` (`error`, `warning`, `info` or `off`), `value`
    /// (for the settings `caseStyle`, `maxLength`, `errorCap`). Empty cells keep the
    /// default. `table` names the text in error messages; errors give the line.
    pub fn parse(table: &str, text: &str) -> Result<QualityConfig> {
        let mut cfg = QualityConfig::default();
        let t = Table::parse(table, text).map_err(|e| config_error(&e.table, e.line, e.message))?;
        let c_code = t.column("code").map_err(|e| config_error(&e.table, e.line, e.message))?;
        let c_weight = t.optional_column("weight");
        let c_sev = t.optional_column("severity");
        let c_value = t.optional_column("value");
        for (line, row) in t.rows() {
            let code = row.get(c_code);
            let weight = row.get_opt(c_weight);
            let sev = row.get_opt(c_sev);
            let value = row.get_opt(c_value);
            match code {
                "caseStyle" => {
                    cfg.case_style = CaseStyle::parse(value).ok_or_else(|| {
                        config_error(table, line, format!("caseStyle `{value}` is not one of mixed, upper, lower, any"))
                    })?;
                    continue;
                }
                "maxLength" => {
                    cfg.max_length = value
                        .parse()
                        .map_err(|_| config_error(table, line, format!("maxLength `{value}` is not a whole number")))?;
                    continue;
                }
                "errorCap" => {
                    cfg.error_cap = value.parse::<u8>().ok().filter(|v| *v <= 100).ok_or_else(|| {
                        config_error(table, line, format!("errorCap `{value}` is not a number from 0 to 100"))
                    })?;
                    continue;
                }
                _ => {}
            }
            let Some(i) = rule_index(code) else {
                return Err(config_error(
                    table,
                    line,
                    format!("unknown rule code `{code}` (see docs/quality-rules.md; settings are caseStyle, maxLength, errorCap)"),
                ));
            };
            let s = &mut cfg.settings[i];
            if !weight.is_empty() {
                s.weight = weight.parse::<u8>().ok().filter(|w| *w <= 100).ok_or_else(|| {
                    config_error(table, line, format!("weight `{weight}` is not a number from 0 to 100"))
                })?;
            }
            if !sev.is_empty() {
                s.severity = if sev == "off" {
                    None
                } else {
                    Some(Severity::parse(sev).ok_or_else(|| {
                        config_error(table, line, format!("severity `{sev}` is not one of error, warning, info, off"))
                    })?)
                };
            }
        }
        cfg.all_on = cfg.settings.iter().all(|s| s.severity.is_some());
        Ok(cfg)
    }

    /// The weight and severity in use for a rule code.
    pub fn setting(&self, code: &str) -> Option<RuleSetting> {
        rule_index(code).map(|i| self.settings[i])
    }

    /// Whether every rule is switched on.
    pub(crate) fn all_on(&self) -> bool {
        self.all_on
    }

    /// The setting of the rule at `index` in [`RULES`].
    pub(crate) fn setting_at(&self, index: usize) -> RuleSetting {
        self.settings[index]
    }

    /// Sets the weight and severity of a rule (`None` switches it off). Returns an error for
    /// an unknown code.
    pub fn set(&mut self, code: &str, weight: u8, severity: Option<Severity>) -> Result<&mut Self> {
        let i = rule_index(code).ok_or_else(|| Error::config(code, "unknown rule code"))?;
        self.settings[i] = RuleSetting { weight: weight.min(100), severity };
        self.all_on = self.settings.iter().all(|s| s.severity.is_some());
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_rows_and_errors_name_the_line() {
        let cfg =
            QualityConfig::parse("q.tsv", "# office\ncode\tvalue\ncaseStyle\tupper\nmaxLength\t120\nerrorCap\t30\n")
                .expect("valid");
        assert_eq!(cfg.case_style, CaseStyle::Upper);
        assert_eq!(cfg.max_length, 120);
        assert_eq!(cfg.error_cap, 30);
        let e = QualityConfig::parse("q.tsv", "code\tweight\tseverity\nname.empty\t101\t\n").unwrap_err();
        assert_eq!((e.line, e.kind.clone()), (2, ErrorKind::Config));
        assert!(e.to_string().contains("q.tsv:2"), "{e}");
        let e = QualityConfig::parse("q.tsv", "code\tweight\tseverity\n\nname.empty\t1\tfatal\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(QualityConfig::parse("q.tsv", "weight\n1\n").is_err());
    }
}
