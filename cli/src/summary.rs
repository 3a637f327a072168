//! The figures of a finished run as the report's data, and the end-of-run summary text.

use crate::batch::Finished;
use crate::report::{ClusterView, IssueCount, LegalFormCount, RecordView, ReportData};
use std::path::Path;

/// Issue codes shown in the report (the rest are summed as "other" by the chart).
const ISSUES_SHOWN: usize = 100;
/// Legal-form rows shown in the report.
const FORMS_SHOWN: usize = 400;

/// The report data of a run.
pub fn report_data(label: &str, input: &Path, f: &Finished) -> ReportData {
    let s = &f.stats;
    let mut issues: Vec<IssueCount> = s
        .issues
        .iter()
        .map(|(code, (severity, rows))| IssueCount {
            code: code.clone(),
            severity: severity.to_string(),
            description: namestd::quality::rule_by_code(code).map(|r| r.description.to_string()).unwrap_or_default(),
            rows: *rows,
        })
        .collect();
    issues.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.code.cmp(&b.code)));
    issues.truncate(ISSUES_SHOWN);
    let mut forms: Vec<LegalFormCount> = s
        .legal_forms
        .iter()
        .map(|((country, form, class), rows)| LegalFormCount {
            country: country.clone(),
            form: form.clone(),
            generic: class.clone(),
            rows: *rows,
        })
        .collect();
    forms.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.country.cmp(&b.country)).then(a.form.cmp(&b.form)));
    forms.truncate(FORMS_SHOWN);
    let score_bands = if s.assessed_rows > 0 {
        s.bands().iter().map(|(label, n)| (label.to_string(), *n)).collect()
    } else {
        Vec::new()
    };
    ReportData {
        title: format!("namestd {label}"),
        input: input.display().to_string(),
        generated: now_utc(),
        elapsed_secs: f.seconds,
        rows: s.rows,
        rejected_rows: s.problem_rows,
        distinct_names: s.distinct_names(),
        clusters: f.clusters,
        organizations: s.kinds.get("organization").copied().unwrap_or(0),
        persons: s.kinds.get("person").copied().unwrap_or(0),
        unknown_kind: s.kinds.get("unknown").copied().unwrap_or(0),
        score_histogram: if s.assessed_rows > 0 { s.score_histogram } else { [0; 10] },
        score_bands,
        issues_by_code: issues,
        cluster_sizes: f.cluster_sizes.clone(),
        legal_forms_by_country: forms,
        largest_clusters: f
            .largest
            .iter()
            .map(|c| ClusterView {
                cluster_id: c.id.clone(),
                canonical: c.name.clone(),
                rows: c.rows,
                variants: c.variants.clone(),
            })
            .collect(),
        worst_records: s
            .worst
            .iter()
            .map(|w| RecordView { line: w.line, name: w.name.clone(), score: w.score, issues: w.issues.clone() })
            .collect(),
        errors: s.problems.iter().map(|p| (p.line, format!("{}: {}", p.code, p.message))).collect(),
    }
}

/// The summary printed at the end of a run.
pub fn text(data: &ReportData) -> String {
    crate::report::render_text_summary(data)
}

/// The current time, `YYYY-MM-DD HH:MM:SS UTC`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_out_right() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_413), (2025, 11, 21));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
