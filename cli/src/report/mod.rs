//! The report of a batch run: [`ReportData`] holds the figures a run collected, and
//!
//! - [`render_html`] turns them into one self-contained HTML5 document (inline CSS, charts
//!   as inline SVG, no scripts, fonts or images from elsewhere) that a person opens in a
//!   browser: the summary, the score distribution, issues by code, the cluster size
//!   distribution, legal forms by country, the largest clusters with their variants, the
//!   worst records with their issues, and the rows reported with a problem;
//! - [`render_text_summary`] turns them into the few aligned lines printed on the terminal
//!   at the end of a run.
//!
//! Both are pure: the caller writes the string where it wants. Every string taken from the
//! data (names come from files nobody vetted) is escaped for HTML, stripped of control
//! characters and cut to a display length; names are isolated for bidirectional text, so an
//! Arabic or Hebrew name does not reorder the cells around it.
//!
//! ```
//! use namestd_cli::report::{render_html, render_text_summary, IssueCount, ReportData};
//!
//! let mut data = ReportData { title: "Applicants".into(), input: "applicants.csv".into(), ..Default::default() };
//! data.rows = 3;
//! for score in [100, 85, 20] {
//!     data.add_score(score);
//! }
//! data.issues_by_code.push(IssueCount {
//!     code: "name.placeholder".into(),
//!     severity: "error".into(),
//!     description: "Empty or placeholder name".into(),
//!     rows: 1,
//! });
//! let html = render_html(&data);
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("<svg"));
//! assert!(render_text_summary(&data).contains("name.placeholder"));
//! ```

mod html;
mod svg;
mod text;

pub use html::render_html;
pub use text::render_text_summary;

/// How many issue codes the issues chart shows; the rest are summed into one "other" bar.
pub const TOP_ISSUES: usize = 25;
/// How many of [`ReportData::largest_clusters`] the report lists.
pub const TOP_CLUSTERS: usize = 20;
/// How many of [`ReportData::worst_records`] the report lists.
pub const TOP_RECORDS: usize = 50;
/// How many of [`ReportData::errors`] the report lists.
pub const TOP_ERRORS: usize = 200;
/// Names longer than this (in characters) are cut for display and end with `…`.
pub const NAME_DISPLAY_CHARS: usize = 200;

/// Everything the report shows, collected by the caller (the `run` and `quality` commands).
///
/// All owned, so it can be built in parallel batches and moved around freely. Counts are of
/// input rows unless a field says otherwise. Lists are shown in the order given, except
/// where a field says the report sorts them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportData {
    /// Title of the report (the page's `<title>` and main heading); empty: "namestd report".
    pub title: String,
    /// The input's file name, as the user should recognize it.
    pub input: String,
    /// When the report was made: a timestamp string chosen by the caller, shown as is.
    pub generated: String,
    /// Wall-clock time of the run, in seconds.
    pub elapsed_secs: f64,

    /// Rows read from the input (rejected rows included).
    pub rows: u64,
    /// Rows that could not be processed (bad encoding, missing name, ...).
    pub rejected_rows: u64,
    /// Distinct names among the rows.
    pub distinct_names: u64,
    /// Clusters found; `None` when clustering did not run.
    pub clusters: Option<u64>,
    /// Rows whose name is an organization.
    pub organizations: u64,
    /// Rows whose name is a natural person.
    pub persons: u64,
    /// Rows whose kind could not be decided.
    pub unknown_kind: u64,

    /// Rows per quality score, in bins of ten: `[0]` is 0–9, ..., `[9]` is 90–100 (the
    /// last bin includes 100). [`ReportData::add_score`] fills it.
    pub score_histogram: [u64; 10],
    /// Rows per score band, labelled by the caller (e.g. `("good ≥ 90", 812)`), best band
    /// first: the report colours them from green to red in this order.
    pub score_bands: Vec<(String, u64)>,

    /// Rows with each issue code; the report sorts them by rows, most first.
    pub issues_by_code: Vec<IssueCount>,
    /// The cluster size distribution: `(size, clusters)` pairs, how many clusters have
    /// `size` members (distinct names). The report buckets sizes as 1, 2, 3–5, 6–10, 11–50
    /// and 51+; pairs may come in any order and repeat a size.
    pub cluster_sizes: Vec<(u64, u64)>,
    /// Rows per country and legal form; the report keeps the top countries and forms and
    /// sums the rest.
    pub legal_forms_by_country: Vec<LegalFormCount>,

    /// The largest clusters, largest first; the report lists the first [`TOP_CLUSTERS`].
    pub largest_clusters: Vec<ClusterView>,
    /// The worst records, worst first; the report lists the first [`TOP_RECORDS`].
    pub worst_records: Vec<RecordView>,
    /// Rows reported with a problem, `(line, reason)`, as many as the caller kept; the
    /// report lists the first [`TOP_ERRORS`].
    pub errors: Vec<(u64, String)>,
}

impl ReportData {
    /// Counts one row with this quality score in [`ReportData::score_histogram`]; scores
    /// above 100 count as 100.
    pub fn add_score(&mut self, score: u8) {
        self.score_histogram[score_bin(score)] += 1;
    }

    /// Rows counted in [`ReportData::score_histogram`].
    pub fn scored_rows(&self) -> u64 {
        self.score_histogram.iter().sum()
    }
}

/// The bin of [`ReportData::score_histogram`] a score falls in: `score / 10`, with 100 (and
/// anything above) in the last bin.
pub fn score_bin(score: u8) -> usize {
    usize::from(score / 10).min(9)
}

/// Rows with one issue code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueCount {
    /// The stable issue code, e.g. `legalForm.duplicated`.
    pub code: String,
    /// `error`, `warning` or `info` (anything else is shown as given, in grey).
    pub severity: String,
    /// What the code means, one line (the rule table's description).
    pub description: String,
    /// Rows with at least one issue of this code.
    pub rows: u64,
}

/// Rows with one legal form in one country.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegalFormCount {
    /// ISO 3166-1 alpha-2 country code of the rows; empty when unknown.
    pub country: String,
    /// The legal form's canonical abbreviation, e.g. `GMBH`, `NV`, `KK`.
    pub form: String,
    /// Its generic class, e.g. `LLC`, `JSC`, `LP`.
    pub generic: String,
    /// Rows with this country and legal form.
    pub rows: u64,
}

/// One cluster and its variants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterView {
    /// The cluster's stable id.
    pub cluster_id: String,
    /// Its canonical name.
    pub canonical: String,
    /// Rows in the cluster.
    pub rows: u64,
    /// Its variants, `(name, rows)`, most rows first; the report lists the first twelve
    /// and sums the rest.
    pub variants: Vec<(String, u64)>,
}

/// One record and its issues.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordView {
    /// The record's line (or row number) in the input.
    pub line: u64,
    /// The name as received.
    pub name: String,
    /// Its quality score, 0–100.
    pub score: u8,
    /// Its issues, `(code, message)`.
    pub issues: Vec<(String, String)>,
}

/// Small text helpers shared by the HTML, SVG and terminal renderers.
mod fmt {
    use std::fmt::Write;

    /// Escapes `& < > " '` for HTML text and attribute values.
    pub fn esc(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 8);
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    /// Makes a string from the data safe to show: control characters (C0, DEL, C1; tabs and
    /// line breaks become spaces) are replaced by `�`, and a string longer than `max`
    /// characters is cut to `max - 1` and ends with `…`. Not escaped: see [`show`].
    pub fn clean(s: &str, max: usize) -> String {
        let cut = s.chars().nth(max).is_some();
        let mut out = String::with_capacity(s.len().min(max.saturating_mul(4)));
        for (n, c) in s.chars().enumerate() {
            if cut && n + 1 >= max {
                out.push('…');
                break;
            }
            out.push(match c {
                '\t' | '\n' | '\r' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            });
        }
        out
    }

    /// [`clean`] then [`esc`]: any string from the data, ready for HTML.
    pub fn show(s: &str, max: usize) -> String {
        esc(&clean(s, max))
    }

    /// An integer with thousands separators: `1,234,567`.
    pub fn int(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(d);
        }
        out
    }

    /// `part` as a percentage of `whole` with one decimal (`12.5%`); `–` when `whole` is 0.
    pub fn pct(part: u64, whole: u64) -> String {
        if whole == 0 {
            return "–".into();
        }
        let p = part as f64 * 100.0 / whole as f64;
        if p > 0.0 && p < 0.1 {
            "<0.1%".into()
        } else {
            format!("{p:.1}%")
        }
    }

    /// A duration for people: `0.42 s`, `12.3 s`, `4 min 05 s`, `2 h 03 min`.
    pub fn duration(secs: f64) -> String {
        if !secs.is_finite() || secs < 0.0 {
            return "–".into();
        }
        if secs < 10.0 {
            return format!("{secs:.2} s");
        }
        if secs < 60.0 {
            return format!("{secs:.1} s");
        }
        let s = secs.round() as u64;
        let mut out = String::new();
        if s < 3600 {
            let _ = write!(out, "{} min {:02} s", s / 60, s % 60);
        } else {
            let _ = write!(out, "{} h {:02} min", s / 3600, (s % 3600) / 60);
        }
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn escapes_markup_and_quotes() {
            assert_eq!(
                esc(r#"<script>alert("x" & 'y')</script>"#),
                "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
            );
        }

        #[test]
        fn clean_cuts_long_strings_with_an_ellipsis() {
            let long = "é".repeat(500);
            let c = clean(&long, 200);
            assert_eq!(c.chars().count(), 200);
            assert!(c.ends_with('…'));
            // Exactly at the limit: kept whole.
            assert_eq!(clean(&"a".repeat(200), 200), "a".repeat(200));
            assert_eq!(clean(&"a".repeat(201), 200).chars().count(), 200);
            assert_eq!(clean("", 200), "");
        }

        #[test]
        fn clean_replaces_control_characters() {
            assert_eq!(clean("A\u{0}B\u{1b}[31mC\tD\u{85}", 100), "A\u{FFFD}B\u{FFFD}[31mC D\u{FFFD}");
        }

        #[test]
        fn numbers_and_durations() {
            assert_eq!(int(0), "0");
            assert_eq!(int(999), "999");
            assert_eq!(int(1000), "1,000");
            assert_eq!(int(1234567), "1,234,567");
            assert_eq!(pct(1, 8), "12.5%");
            assert_eq!(pct(1, 0), "–");
            assert_eq!(pct(1, 100_000), "<0.1%");
            assert_eq!(duration(0.421), "0.42 s");
            assert_eq!(duration(12.34), "12.3 s");
            assert_eq!(duration(245.0), "4 min 05 s");
            assert_eq!(duration(7380.0), "2 h 03 min");
            assert_eq!(duration(f64::NAN), "–");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_bins_put_100_in_the_last_bin() {
        assert_eq!(score_bin(0), 0);
        assert_eq!(score_bin(9), 0);
        assert_eq!(score_bin(10), 1);
        assert_eq!(score_bin(89), 8);
        assert_eq!(score_bin(90), 9);
        assert_eq!(score_bin(100), 9);
        assert_eq!(score_bin(255), 9);
    }

    #[test]
    fn histogram_bins_sum_to_the_scores_added() {
        let mut d = ReportData::default();
        for s in 0..=100u8 {
            d.add_score(s);
        }
        assert_eq!(d.scored_rows(), 101);
        assert_eq!(d.score_histogram[..9], [10; 9]);
        assert_eq!(d.score_histogram[9], 11);
    }
}
