//! The columns the batch tool adds to a table: their names (snake_case), what they hold,
//! and which ones a run writes.

use crate::enrich::ClusterFacts;
use namestd::{Assessment, StandardizedName};

/// A column the batch tool can add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutColumn {
    /// The standard display form.
    StandardName,
    /// The name without legal forms (organizations) or titles and suffixes (persons).
    NameCore,
    /// `organization`, `person` or `unknown`.
    NameKind,
    /// Why the kind was decided so.
    KindReason,
    /// The main legal form's canonical abbreviation.
    LegalForm,
    /// The main legal form as written.
    LegalFormWritten,
    /// The main legal form's generic class (`LLC`, `JSC`...).
    LegalFormClass,
    /// ISO 20275 ELF codes of the main legal form, `;`-separated.
    LegalFormElf,
    /// Candidate jurisdictions of the main legal form, `;`-separated.
    LegalFormCountries,
    /// Where the main legal form stands (`suffix`, `prefix`...).
    LegalFormPosition,
    /// Further legal forms found, canonical, `;`-separated.
    OtherLegalForms,
    /// Person: family name.
    FamilyName,
    /// Person: given names.
    GivenName,
    /// The country used: the hint, or a tag found in the name.
    NameCountry,
    /// Folded comparison key.
    FoldedKey,
    /// Sorted-token key.
    SortedKey,
    /// Acronym key.
    AcronymKey,
    /// Scripts seen, `;`-separated.
    Scripts,
    /// Pipeline steps that changed something, `;`-separated.
    Steps,
    /// What the pipeline could not decide, ` | `-separated.
    Notes,
    /// Quality score 0–100 (an integer column).
    QualityScore,
    /// Quality band (`good`, `fair`, `poor`, `bad`).
    QualityBand,
    /// Issue codes, `;`-separated.
    QualityIssues,
    /// Issue messages, ` | `-separated.
    QualityMessages,
    /// Suggested corrected name, when a rule computed one.
    QualitySuggestion,
    /// Cluster id, shared by the variants of one applicant.
    ClusterId,
    /// The cluster's canonical name.
    ClusterName,
    /// Distinct names in the cluster.
    ClusterSize,
    /// What was wrong with the input row (code: message), empty when nothing.
    InputProblem,
}

/// Every column: its file name and one line on what it holds (the README's table).
pub const ALL: &[(OutColumn, &str, &str)] = &[
    (OutColumn::StandardName, "standard_name", "standard display form (`KONINKLIJKE PHILIPS NV`, `SMITH, JOHN A`)"),
    (OutColumn::NameCore, "name_core", "the name without legal form(s), titles and suffixes"),
    (OutColumn::NameKind, "name_kind", "`organization`, `person` or `unknown`"),
    (OutColumn::KindReason, "kind_reason", "why the kind was decided so"),
    (OutColumn::LegalForm, "legal_form", "main legal form, canonical abbreviation (`NV`, `GmbH & Co KG`, `株式会社`)"),
    (OutColumn::LegalFormWritten, "legal_form_written", "main legal form as written in the name"),
    (OutColumn::LegalFormClass, "legal_form_class", "generic class (`LLC`, `JSC`, `LP`...)"),
    (OutColumn::LegalFormElf, "legal_form_elf", "ISO 20275 ELF code(s), `;`-separated, when the jurisdiction is decided"),
    (OutColumn::LegalFormCountries, "legal_form_countries", "candidate jurisdictions of the legal form, best first"),
    (OutColumn::LegalFormPosition, "legal_form_position", "where the legal form stands (`suffix`, `prefix`...)"),
    (OutColumn::OtherLegalForms, "other_legal_forms", "further legal forms found (stacked or repeated)"),
    (OutColumn::FamilyName, "family_name", "persons: family name(s)"),
    (OutColumn::GivenName, "given_name", "persons: given name(s) and initials"),
    (OutColumn::NameCountry, "name_country", "country used: the country column, or a tag in the name (`(NL)`)"),
    (OutColumn::FoldedKey, "folded_key", "comparison key: folded, company words harmonized, stop words dropped"),
    (OutColumn::SortedKey, "sorted_key", "the folded tokens, unique and sorted"),
    (OutColumn::AcronymKey, "acronym_key", "first letters of the folded tokens"),
    (OutColumn::Scripts, "scripts", "writing systems seen (`Latin;Han`)"),
    (OutColumn::Steps, "steps", "pipeline steps that changed something"),
    (OutColumn::Notes, "notes", "what the pipeline could not decide"),
    (OutColumn::QualityScore, "quality_score", "data-quality score 0–100 (integer)"),
    (OutColumn::QualityBand, "quality_band", "`good` (90–100), `fair` (70–89), `poor` (50–69), `bad` (0–49)"),
    (OutColumn::QualityIssues, "quality_issues", "rule codes that fired, `;`-separated (docs/quality-rules.md)"),
    (OutColumn::QualityMessages, "quality_messages", "the rules' messages, ` | `-separated"),
    (OutColumn::QualitySuggestion, "quality_suggestion", "corrected name, when a rule computed one"),
    (OutColumn::ClusterId, "cluster_id", "stable id shared by the variants of one applicant"),
    (OutColumn::ClusterName, "cluster_name", "the cluster's canonical name"),
    (OutColumn::ClusterSize, "cluster_size", "distinct names in the cluster"),
    (OutColumn::InputProblem, "input_problem", "what was wrong with the input row (`code: message`), empty when nothing"),
];

/// The columns `standardize` writes by default.
pub const STANDARDIZE_DEFAULT: &[OutColumn] = &[
    OutColumn::StandardName,
    OutColumn::NameCore,
    OutColumn::NameKind,
    OutColumn::LegalForm,
    OutColumn::LegalFormClass,
    OutColumn::LegalFormElf,
    OutColumn::LegalFormCountries,
    OutColumn::FamilyName,
    OutColumn::GivenName,
    OutColumn::NameCountry,
    OutColumn::FoldedKey,
];

/// The quality columns.
pub const QUALITY: &[OutColumn] =
    &[OutColumn::QualityScore, OutColumn::QualityBand, OutColumn::QualityIssues, OutColumn::QualityMessages];

/// The cluster columns.
pub const CLUSTER: &[OutColumn] = &[OutColumn::ClusterId, OutColumn::ClusterName, OutColumn::ClusterSize];

impl OutColumn {
    /// The column's file name (without prefix).
    pub fn name(self) -> &'static str {
        ALL.iter().find(|(c, _, _)| *c == self).map(|(_, n, _)| *n).expect("every column is in ALL")
    }

    /// The column of a file name.
    pub fn parse(name: &str) -> Option<OutColumn> {
        ALL.iter().find(|(_, n, _)| *n == name).map(|(c, _, _)| *c)
    }

    /// Whether the column needs the quality rules.
    pub fn needs_quality(self) -> bool {
        QUALITY.contains(&self) || self == OutColumn::QualitySuggestion
    }

    /// Whether the column needs the clustering.
    pub fn needs_clusters(self) -> bool {
        CLUSTER.contains(&self)
    }
}

/// The columns a run adds, in order, with a name prefix.
#[derive(Debug, Clone)]
pub struct Selection {
    columns: Vec<OutColumn>,
    prefix: String,
}

impl Selection {
    /// A selection; `input_problem` is always added last.
    pub fn new(mut columns: Vec<OutColumn>, prefix: &str) -> Selection {
        columns.retain(|c| *c != OutColumn::InputProblem);
        let mut seen = Vec::new();
        columns.retain(|c| {
            let new = !seen.contains(c);
            seen.push(*c);
            new
        });
        columns.push(OutColumn::InputProblem);
        Selection { columns, prefix: prefix.to_string() }
    }

    /// Parses `--columns`: `default`, `all`, or a comma list of names (and the words
    /// `default`, `quality`, `cluster` for those groups).
    pub fn parse_list(list: &str, default: &[OutColumn]) -> Result<Vec<OutColumn>, String> {
        let mut out = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item {
                "default" => out.extend_from_slice(default),
                "all" => out.extend(ALL.iter().map(|(c, _, _)| *c)),
                "quality" => out.extend_from_slice(QUALITY),
                "cluster" => out.extend_from_slice(CLUSTER),
                name => out.push(OutColumn::parse(name).ok_or_else(|| {
                    format!(
                        "unknown column `{name}` in --columns; known: default, all, quality, cluster, {}",
                        ALL.iter().map(|(_, n, _)| *n).collect::<Vec<_>>().join(", ")
                    )
                })?),
            }
        }
        Ok(out)
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[OutColumn] {
        &self.columns
    }

    /// The columns whose values are text computed per record (all but the score and the
    /// input problem).
    pub fn text_columns(&self) -> impl Iterator<Item = OutColumn> + '_ {
        self.columns.iter().copied().filter(|c| !matches!(c, OutColumn::QualityScore | OutColumn::InputProblem))
    }

    /// A column's name in the output file.
    pub fn output_name(&self, c: OutColumn) -> String {
        format!("{}{}", self.prefix, c.name())
    }

    /// Whether any column needs the quality rules.
    pub fn needs_quality(&self) -> bool {
        self.columns.iter().any(|c| c.needs_quality())
    }

    /// Whether any column needs the clustering.
    pub fn needs_clusters(&self) -> bool {
        self.columns.iter().any(|c| c.needs_clusters())
    }

    /// An error when an added column's name is already an input column.
    pub fn check_collisions(&self, input_columns: &[String]) -> Result<(), String> {
        let clashes: Vec<String> =
            self.columns.iter().map(|c| self.output_name(*c)).filter(|n| input_columns.contains(n)).collect();
        if clashes.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "the input already has column(s) {}; give --prefix (e.g. --prefix ns_) so the added columns get other names",
                clashes.join(", ")
            ))
        }
    }
}

fn join<I: IntoIterator<Item = S>, S: AsRef<str>>(it: I, sep: &str) -> Option<Box<str>> {
    let mut out = String::new();
    for s in it {
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(s.as_ref());
    }
    (!out.is_empty()).then(|| out.into())
}

fn some(s: &str) -> Option<Box<str>> {
    (!s.is_empty()).then(|| s.into())
}

fn serde_word<T: serde::Serialize>(x: &T) -> Option<Box<str>> {
    serde_json::to_value(x).ok().and_then(|v| v.as_str().map(Into::into))
}

/// The value of a text column for a standardized name (and its assessment and cluster).
pub fn value(
    c: OutColumn,
    s: &StandardizedName,
    a: Option<&Assessment>,
    cluster: Option<&ClusterFacts>,
) -> Option<Box<str>> {
    let lf = s.legal_form.as_ref();
    match c {
        OutColumn::StandardName => some(&s.standard),
        OutColumn::NameCore => some(&s.core),
        OutColumn::NameKind => Some(s.kind.as_str().into()),
        OutColumn::KindReason => serde_word(&s.kind_reason),
        OutColumn::LegalForm => lf.and_then(|f| some(&f.canonical)),
        OutColumn::LegalFormWritten => lf.and_then(|f| some(&f.written)),
        OutColumn::LegalFormClass => lf.and_then(|f| some(&f.generic)),
        OutColumn::LegalFormElf => lf.and_then(|f| join(&f.elf, ";")),
        OutColumn::LegalFormCountries => lf.and_then(|f| join(f.jurisdictions.iter().map(|j| j.as_str()), ";")),
        OutColumn::LegalFormPosition => lf.and_then(|f| serde_word(&f.position)),
        OutColumn::OtherLegalForms => join(s.other_legal_forms.iter().map(|f| f.canonical.as_str()), ";"),
        OutColumn::FamilyName => s.person.as_ref().and_then(|p| some(&p.family)),
        OutColumn::GivenName => s.person.as_ref().and_then(|p| some(&p.given)),
        OutColumn::NameCountry => s.country.as_deref().and_then(some),
        OutColumn::FoldedKey => some(&s.keys.folded),
        OutColumn::SortedKey => some(&s.keys.sorted),
        OutColumn::AcronymKey => some(&s.keys.acronym),
        OutColumn::Scripts => join(s.scripts.iter().map(|x| format!("{x:?}")), ";"),
        OutColumn::Steps => join(&s.steps, ";"),
        OutColumn::Notes => join(&s.notes, " | "),
        OutColumn::QualityBand => a.map(|a| a.band.as_str().into()),
        OutColumn::QualityIssues => a.and_then(|a| join(a.codes(), ";")),
        OutColumn::QualityMessages => a.and_then(|a| join(a.issues.iter().map(|i| i.message.as_str()), " | ")),
        OutColumn::QualitySuggestion => a.and_then(|a| {
            a.issues.iter().filter_map(|i| i.suggestion.as_ref()?.name.as_deref()).next().and_then(some)
        }),
        OutColumn::ClusterId => cluster.map(|c| c.id.as_ref().into()),
        OutColumn::ClusterName => cluster.map(|c| c.name.as_ref().into()),
        OutColumn::ClusterSize => cluster.map(|c| c.size.to_string().into()),
        OutColumn::QualityScore | OutColumn::InputProblem => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_distinct_snake_case_name() {
        let mut names: Vec<&str> = ALL.iter().map(|(_, n, _)| *n).collect();
        assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn lists_parse_groups_and_names_and_reject_unknown_ones() {
        let cols = Selection::parse_list("default,quality_score", STANDARDIZE_DEFAULT).unwrap();
        assert_eq!(cols.len(), STANDARDIZE_DEFAULT.len() + 1);
        let err = Selection::parse_list("standard_name,bogus", STANDARDIZE_DEFAULT).unwrap_err();
        assert!(err.contains("bogus") && err.contains("name_core"), "{err}");
    }

    #[test]
    fn the_input_problem_column_comes_last_once_and_clashes_are_named() {
        let s = Selection::new(vec![OutColumn::InputProblem, OutColumn::StandardName, OutColumn::StandardName], "");
        assert_eq!(s.columns(), &[OutColumn::StandardName, OutColumn::InputProblem]);
        let err = s.check_collisions(&["standard_name".into(), "id".into()]).unwrap_err();
        assert!(err.contains("standard_name") && err.contains("--prefix"));
        assert!(Selection::new(vec![OutColumn::StandardName], "ns_").check_collisions(&["standard_name".into()]).is_ok());
    }
}
