//! The terminal summary printed at the end of a run: a few aligned lines, no colour.

use super::fmt::{clean, duration, int, pct};
use super::ReportData;

/// How many issue codes the terminal summary lists.
const TOP: usize = 5;

/// Renders the end-of-run summary for the terminal: rows (and rejected), distinct names,
/// clusters, kinds, rows per score band, the five most frequent issues and the run time,
/// as aligned lines ending with a newline. Strings from the data are stripped of control
/// characters (no terminal escapes from a hostile file) and cut to a readable length.
///
/// ```text
/// namestd report: applicants.csv
///   rows            1,000  (3 rejected)
///   distinct names    640
///   clusters          410
///   kinds             700 organizations · 250 persons · 47 unknown
///   score bands
///     good ≥ 90       600   60.2%
///     bad < 50         57    5.7%
///   top issues
///     case.allCaps    212   21.3%
///   time            12.5 s
/// ```
pub fn render_text_summary(data: &ReportData) -> String {
    // (label, number, rest); a row without a number is a heading or a free-text line.
    let mut rows: Vec<(String, Option<String>, String)> = Vec::new();
    let rejected =
        if data.rejected_rows > 0 { format!("  ({} rejected)", int(data.rejected_rows)) } else { String::new() };
    rows.push(("rows".into(), Some(int(data.rows)), rejected));
    rows.push(("distinct names".into(), Some(int(data.distinct_names)), String::new()));
    match data.clusters {
        Some(c) => rows.push(("clusters".into(), Some(int(c)), String::new())),
        None => rows.push(("clusters".into(), Some("–".into()), "  (clustering did not run)".into())),
    }
    if data.organizations + data.persons + data.unknown_kind > 0 {
        rows.push((
            "kinds".into(),
            Some(int(data.organizations)),
            format!(" organizations · {} persons · {} unknown", int(data.persons), int(data.unknown_kind)),
        ));
    }
    let band_total: u64 = data.score_bands.iter().map(|(_, n)| n).sum();
    if band_total > 0 {
        rows.push(("score bands".into(), None, String::new()));
        for (label, n) in &data.score_bands {
            rows.push((format!("  {}", clean(label, 24)), Some(int(*n)), share(*n, band_total)));
        }
    }
    let mut issues: Vec<_> = data.issues_by_code.iter().filter(|i| i.rows > 0).collect();
    issues.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.code.cmp(&b.code)));
    if !issues.is_empty() {
        let base = data.rows.saturating_sub(data.rejected_rows);
        rows.push(("top issues".into(), None, String::new()));
        for i in issues.iter().take(TOP) {
            rows.push((format!("  {}", clean(&i.code, 40)), Some(int(i.rows)), share(i.rows, base)));
        }
    }

    let width = |s: &str| s.chars().count();
    let label_w = rows.iter().map(|(l, _, _)| width(l)).max().unwrap_or(0).max(12) + 2;
    let num_w = rows.iter().filter_map(|(_, n, _)| n.as_deref().map(width)).max().unwrap_or(1);
    let mut out = String::new();
    let title = if data.title.trim().is_empty() { "namestd report" } else { data.title.as_str() };
    out.push_str(&clean(title, 80));
    // The input after the title, unless the title already names it.
    if !data.input.is_empty() && !title.contains(data.input.as_str()) {
        out.push_str(": ");
        out.push_str(&clean(&data.input, 200));
    }
    out.push('\n');
    for (label, num, rest) in rows {
        let mut line = format!("  {label}{}", " ".repeat(label_w - width(&label)));
        if let Some(n) = num {
            line.push_str(&" ".repeat(num_w - width(&n)));
            line.push_str(&n);
            line.push_str(&rest);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("  time{}{}\n", " ".repeat(label_w - 4), duration(data.elapsed_secs)));
    out
}

/// A share right-aligned after the number: `  12.5%`, ` 100.0%`.
fn share(part: u64, whole: u64) -> String {
    format!("{:>8}", pct(part, whole))
}

#[cfg(test)]
mod tests {
    use super::super::IssueCount;
    use super::*;

    fn data() -> ReportData {
        ReportData {
            title: "namestd report".into(),
            input: "applicants.csv".into(),
            elapsed_secs: 12.5,
            rows: 1000,
            rejected_rows: 3,
            distinct_names: 640,
            clusters: Some(410),
            organizations: 700,
            persons: 250,
            unknown_kind: 47,
            score_bands: vec![("good ≥ 90".into(), 600), ("bad < 50".into(), 57)],
            issues_by_code: (0..8)
                .map(|i| IssueCount {
                    code: format!("rule.n{i}"),
                    severity: "warning".into(),
                    description: String::new(),
                    rows: 100 + i,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn summary_lines_are_aligned_and_complete() {
        let s = render_text_summary(&data());
        // Aligned; the top five issues only, most frequent first.
        let expected = "\
namestd report: applicants.csv
  rows            1,000  (3 rejected)
  distinct names    640
  clusters          410
  kinds             700 organizations · 250 persons · 47 unknown
  score bands
    good ≥ 90       600   91.3%
    bad < 50         57    8.7%
  top issues
    rule.n7         107   10.7%
    rule.n6         106   10.6%
    rule.n5         105   10.5%
    rule.n4         104   10.4%
    rule.n3         103   10.3%
  time            12.5 s
";
        assert_eq!(s, expected, "\n{s}");
    }

    #[test]
    fn summary_of_nothing_and_without_clusters() {
        let s = render_text_summary(&ReportData::default());
        assert!(s.contains("clustering did not run"), "{s}");
        assert!(!s.contains("top issues") && !s.contains("score bands"), "{s}");
    }

    #[test]
    fn summary_names_the_input_once() {
        let d = ReportData { title: "namestd run: a.csv".into(), input: "a.csv".into(), ..Default::default() };
        assert!(render_text_summary(&d).starts_with("namestd run: a.csv\n"));
    }

    #[test]
    fn summary_strips_terminal_escapes() {
        let mut d = data();
        d.input = "evil\u{1b}[2J.csv".into();
        let s = render_text_summary(&d);
        assert!(!s.contains('\u{1b}'), "{s}");
    }
}
