//! The HTML document: one self-contained page, inline CSS, charts as inline SVG, no script.

use super::fmt::{duration, esc, int, pct, show};
use super::svg::{self, Bar, Grid};
use super::{ReportData, NAME_DISPLAY_CHARS, TOP_CLUSTERS, TOP_ERRORS, TOP_ISSUES, TOP_RECORDS};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Palette: severities, score bands (best first), and the neutral series colour.
const ERROR: &str = "#b5443b";
const WARNING: &str = "#d08a2b";
const INFO: &str = "#5b84b1";
const OTHER: &str = "#9aa5b1";
const SERIES: &str = "#3a6c9e";
const BANDS: [&str; 6] = ["#2e7d4f", "#7aa33a", "#d08a2b", "#b5443b", "#8a3a6b", "#616e7c"];
/// Colours of the score histogram's bins 0–9 (the score bands 0–49, 50–69, 70–89, 90–100).
const SCORE_BIN_COLORS: [&str; 10] =
    [BANDS[3], BANDS[3], BANDS[3], BANDS[3], BANDS[3], BANDS[2], BANDS[2], BANDS[1], BANDS[1], BANDS[0]];

/// Countries and legal forms kept in the legal-forms grid; the rest are summed as "other".
const GRID_COUNTRIES: usize = 12;
const GRID_FORMS: usize = 10;
/// Variants listed per cluster; the rest are summed.
const VARIANTS_SHOWN: usize = 12;

const CSS: &str = r#"
:root{--fg:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f3f5f8;--card:#fff;--accent:#2f5d8a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 24px 40px}
header{margin-bottom:8px}
h1{font-size:26px;line-height:1.25;margin:0 0 6px;font-weight:650;overflow-wrap:anywhere}
h2{font-size:18px;margin:0 0 4px;font-weight:650}
h3{font-size:14px;margin:16px 0 8px;font-weight:600}
.meta{color:var(--muted);margin:0;display:flex;flex-wrap:wrap;gap:4px 20px}
.meta b{color:var(--fg);font-weight:600}
nav{margin:14px 0 4px;display:flex;flex-wrap:wrap;gap:6px}
nav a{color:var(--accent);text-decoration:none;border:1px solid var(--line);background:var(--card);border-radius:999px;padding:2px 12px;font-size:13px}
nav a:hover{border-color:var(--accent)}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin:16px 0;min-width:0}
.lead{color:var(--muted);margin:0 0 14px;font-size:13px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.pair section{margin:0}
@media (max-width:900px){.pair{grid-template-columns:1fr}}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:12px;margin:12px 0 18px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .k{color:var(--muted);font-size:11px;letter-spacing:.02em;text-transform:uppercase;white-space:nowrap}
.card .v{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums;line-height:1.3}
.card .s{color:var(--muted);font-size:12px}
.legend{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 20px;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px}
svg.chart{display:block;max-width:100%;height:auto;font-family:inherit}
svg .mono,.mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}
code{font-size:12.5px;background:#f3f5f8;border-radius:4px;padding:0 4px}
td code{white-space:nowrap}
ul.issues code{white-space:normal}
.w-name{width:42%}
th.w-num{width:1%}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em;border-bottom:2px solid var(--line);white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.name{overflow-wrap:anywhere;word-break:break-word}
.canon{font-weight:600}
ul.variants{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 6px}
ul.variants li{background:#eef2f7;border-radius:4px;padding:1px 7px;overflow-wrap:anywhere}
ul.variants li .c{color:var(--muted);font-variant-numeric:tabular-nums;margin-left:4px}
ul.variants li.more{background:none;color:var(--muted)}
ul.issues{margin:0;padding:0;list-style:none}
ul.issues li{margin:0 0 2px;overflow-wrap:anywhere}
.score{display:inline-block;min-width:38px;text-align:center;border-radius:999px;color:#fff;font-weight:650;font-size:12px;padding:1px 8px;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:999px;font-size:11px;font-weight:600;padding:0 8px;color:#fff}
.empty{color:var(--muted);font-style:italic;margin:6px 0}
details{margin-top:12px}
summary{cursor:pointer;color:var(--accent);font-size:13px}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
@media print{body{background:#fff}section{break-inside:avoid;border-color:#ccc}nav{display:none}}
"#;

/// Renders the whole report as one self-contained HTML5 document (see the module docs).
pub fn render_html(data: &ReportData) -> String {
    let title = if data.title.trim().is_empty() { "namestd report" } else { data.title.as_str() };
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"namestd {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        show(title, 300)
    );
    header(&mut o, data, title);
    summary(&mut o, data);
    o.push_str("<div class=\"pair\">\n");
    scores(&mut o, data);
    cluster_sizes(&mut o, data);
    o.push_str("</div>\n");
    issues(&mut o, data);
    legal_forms(&mut o, data);
    largest_clusters(&mut o, data);
    worst_records(&mut o, data);
    errors(&mut o, data);
    let _ = write!(
        o,
        "<footer>Made by namestd {} · one self-contained file: no scripts, nothing loaded from elsewhere.</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    o
}

fn header(o: &mut String, d: &ReportData, title: &str) {
    let _ = write!(o, "<header>\n<h1>{}</h1>\n<p class=\"meta\">", show(title, 300));
    if !d.input.is_empty() {
        let _ = write!(o, "<span>Input <b class=\"name\"><bdi>{}</bdi></b></span>", show(&d.input, 300));
    }
    if !d.generated.is_empty() {
        let _ = write!(o, "<span>Generated <b>{}</b></span>", show(&d.generated, 100));
    }
    let _ = writeln!(o, "<span>Run time <b>{}</b></span></p>", duration(d.elapsed_secs));
    o.push_str(
        "<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a><a href=\"#scores\">Scores</a>\
         <a href=\"#cluster-sizes\">Cluster sizes</a><a href=\"#issues\">Issues</a>\
         <a href=\"#legal-forms\">Legal forms</a><a href=\"#largest-clusters\">Largest clusters</a>\
         <a href=\"#worst-records\">Worst records</a><a href=\"#errors\">Errors</a></nav>\n</header>\n",
    );
}

fn empty(o: &mut String, what: &str) {
    let _ = writeln!(o, "<p class=\"empty\">{}</p>", esc(what));
}

fn card(o: &mut String, key: &str, value: &str, sub: &str) {
    let _ = write!(o, "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{value}</div>", esc(key));
    if !sub.is_empty() {
        let _ = write!(o, "<div class=\"s\">{sub}</div>");
    }
    o.push_str("</div>\n");
}

fn summary(o: &mut String, d: &ReportData) {
    o.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n<div class=\"cards\">\n");
    card(o, "Rows", &int(d.rows), "");
    card(o, "Rejected rows", &int(d.rejected_rows), &pct(d.rejected_rows, d.rows));
    card(o, "Distinct names", &int(d.distinct_names), &format!("{} rows per name", ratio(d.rows, d.distinct_names)));
    match d.clusters {
        Some(c) => card(o, "Clusters", &int(c), &format!("{} names per cluster", ratio(d.distinct_names, c))),
        None => card(o, "Clusters", "–", "clustering did not run"),
    }
    let kinds = d.organizations + d.persons + d.unknown_kind;
    card(o, "Organizations", &int(d.organizations), &pct(d.organizations, kinds));
    card(o, "Persons", &int(d.persons), &pct(d.persons, kinds));
    card(o, "Unknown kind", &int(d.unknown_kind), &pct(d.unknown_kind, kinds));
    o.push_str("</div>\n<h3>Rows per score band</h3>\n");
    let total: u64 = d.score_bands.iter().map(|(_, n)| n).sum();
    if total == 0 {
        empty(o, "Nothing to show: no rows in any score band.");
    } else {
        let parts: Vec<Bar> = d
            .score_bands
            .iter()
            .enumerate()
            .map(|(i, (label, n))| Bar {
                label: label.clone(),
                value: *n,
                note: String::new(),
                color: BANDS[i.min(BANDS.len() - 1)],
                tip: format!("{label}: {} rows ({})", int(*n), pct(*n, total)),
            })
            .collect();
        let desc = parts.iter().map(|p| p.tip.clone()).collect::<Vec<_>>().join("; ");
        o.push_str(&svg::stacked("chart-bands", "Rows per score band", &desc, &parts, 1020.0));
        o.push_str("\n<ul class=\"legend\">");
        for p in &parts {
            let _ = write!(
                o,
                "<li><span class=\"sw\" style=\"background:{}\"></span><bdi>{}</bdi> <b>{}</b> <span style=\"color:var(--muted)\">{}</span></li>",
                p.color,
                show(&p.label, 60),
                int(p.value),
                pct(p.value, total)
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}

/// `a / b` with one or two decimals; `–` when `b` is 0.
fn ratio(a: u64, b: u64) -> String {
    if b == 0 {
        return "–".into();
    }
    let r = a as f64 / b as f64;
    if r < 10.0 {
        format!("{r:.2}")
    } else {
        format!("{r:.1}")
    }
}

fn scores(o: &mut String, d: &ReportData) {
    o.push_str(
        "<section id=\"scores\" aria-labelledby=\"scores-h\">\n<h2 id=\"scores-h\">Quality score distribution</h2>\n",
    );
    let total = d.scored_rows();
    let _ = writeln!(
        o,
        "<p class=\"lead\">Rows per score, in bins of ten (0–100; 100 is in the last bin). {} rows scored.</p>",
        int(total)
    );
    if total == 0 {
        empty(o, "Nothing to show: no row was scored.");
    } else {
        let bars: Vec<Bar> = d
            .score_histogram
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let label = if i == 9 { "90–100".to_string() } else { format!("{}–{}", i * 10, i * 10 + 9) };
                Bar {
                    tip: format!("score {label}: {} rows ({})", int(*n), pct(*n, total)),
                    label,
                    value: *n,
                    note: String::new(),
                    color: SCORE_BIN_COLORS[i],
                }
            })
            .collect();
        let desc = bars.iter().map(|b| b.tip.clone()).collect::<Vec<_>>().join("; ");
        o.push_str(&svg::vbars(
            "chart-scores",
            "Quality score distribution",
            &desc,
            &bars,
            "quality score",
            "rows",
            false,
            480.0,
        ));
        o.push('\n');
    }
    o.push_str("</section>\n");
}

/// The cluster-size buckets: label and inclusive range.
const SIZE_BUCKETS: [(&str, u64, u64); 6] =
    [("1", 1, 1), ("2", 2, 2), ("3–5", 3, 5), ("6–10", 6, 10), ("11–50", 11, 50), ("51+", 51, u64::MAX)];

fn cluster_sizes(o: &mut String, d: &ReportData) {
    o.push_str(
        "<section id=\"cluster-sizes\" aria-labelledby=\"cluster-sizes-h\">\n<h2 id=\"cluster-sizes-h\">Cluster size distribution</h2>\n",
    );
    let Some(_) = d.clusters else {
        o.push_str("<p class=\"lead\">Clusters per size (names per cluster).</p>\n");
        empty(o, "Nothing to show: clustering did not run.");
        o.push_str("</section>\n");
        return;
    };
    let mut counts = [0u64; SIZE_BUCKETS.len()];
    for (size, n) in &d.cluster_sizes {
        if let Some(i) = SIZE_BUCKETS.iter().position(|(_, lo, hi)| size >= lo && size <= hi) {
            counts[i] += n;
        }
    }
    let total: u64 = counts.iter().sum();
    let _ = writeln!(
        o,
        "<p class=\"lead\">Clusters per size (distinct names per cluster); counts on a log scale. {} clusters.</p>",
        int(total)
    );
    if total == 0 {
        empty(o, "Nothing to show: no clusters.");
    } else {
        let bars: Vec<Bar> = SIZE_BUCKETS
            .iter()
            .zip(counts)
            .map(|((label, _, _), n)| Bar {
                label: label.to_string(),
                value: n,
                note: pct(n, total),
                color: SERIES,
                tip: format!("{label} names: {} clusters ({})", int(n), pct(n, total)),
            })
            .collect();
        let desc = bars.iter().map(|b| b.tip.clone()).collect::<Vec<_>>().join("; ");
        o.push_str(&svg::vbars(
            "chart-cluster-sizes",
            "Cluster size distribution",
            &desc,
            &bars,
            "names per cluster",
            "clusters (log scale)",
            true,
            480.0,
        ));
        o.push('\n');
    }
    o.push_str("</section>\n");
}

fn severity_color(sev: &str) -> &'static str {
    match sev.trim().to_ascii_lowercase().as_str() {
        "error" => ERROR,
        "warning" => WARNING,
        "info" => INFO,
        _ => OTHER,
    }
}

fn issues(o: &mut String, d: &ReportData) {
    o.push_str("<section id=\"issues\" aria-labelledby=\"issues-h\">\n<h2 id=\"issues-h\">Issues by code</h2>\n");
    let mut list: Vec<&super::IssueCount> = d.issues_by_code.iter().filter(|i| i.rows > 0).collect();
    list.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.code.cmp(&b.code)));
    let base = d.rows.saturating_sub(d.rejected_rows);
    let _ = writeln!(
        o,
        "<p class=\"lead\">Rows with each issue (a row can have several), most frequent first; the share is of the {} rows processed. Hover a bar for the rule's description.</p>",
        int(base)
    );
    if list.is_empty() {
        empty(o, "Nothing to show: no issues found.");
        o.push_str("</section>\n");
        return;
    }
    o.push_str("<ul class=\"legend\" style=\"margin:0 0 10px\">");
    for (sev, c) in [("error", ERROR), ("warning", WARNING), ("info", INFO)] {
        let _ = write!(o, "<li><span class=\"sw\" style=\"background:{c}\"></span>{sev}</li>");
    }
    o.push_str("</ul>\n");
    let mut bars: Vec<Bar> = list
        .iter()
        .take(TOP_ISSUES)
        .map(|i| Bar {
            label: i.code.clone(),
            value: i.rows,
            note: pct(i.rows, base),
            color: severity_color(&i.severity),
            tip: format!("{} ({}): {} — {} rows", i.code, i.severity, i.description, int(i.rows)),
        })
        .collect();
    if list.len() > TOP_ISSUES {
        let rest = &list[TOP_ISSUES..];
        let n: u64 = rest.iter().map(|i| i.rows).sum();
        bars.push(Bar {
            label: format!("other ({} codes)", rest.len()),
            value: n,
            note: String::new(),
            color: OTHER,
            tip: format!("{} other codes: {} rows in all", rest.len(), int(n)),
        });
    }
    let desc = bars.iter().map(|b| format!("{}: {}", b.label, int(b.value))).collect::<Vec<_>>().join("; ");
    o.push_str(&svg::hbars("chart-issues", "Issues by code", &desc, &bars, "rows", 1020.0));
    let _ = write!(
        o,
        "\n<details><summary>Every issue code with its description ({})</summary>\n<table>\n<thead><tr><th>Code</th><th>Severity</th><th>Description</th><th class=\"n\">Rows</th><th class=\"n\">Share</th></tr></thead>\n<tbody>\n",
        list.len()
    );
    for i in &list {
        let _ = writeln!(
            o,
            "<tr><td><code>{}</code></td><td><span class=\"sev\" style=\"background:{}\">{}</span></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            show(&i.code, 80),
            severity_color(&i.severity),
            show(&i.severity, 20),
            show(&i.description, 400),
            int(i.rows),
            pct(i.rows, base)
        );
    }
    o.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}

fn legal_forms(o: &mut String, d: &ReportData) {
    o.push_str(
        "<section id=\"legal-forms\" aria-labelledby=\"legal-forms-h\">\n<h2 id=\"legal-forms-h\">Legal forms by country</h2>\n",
    );
    let list: Vec<&super::LegalFormCount> = d.legal_forms_by_country.iter().filter(|l| l.rows > 0).collect();
    let total: u64 = list.iter().map(|l| l.rows).sum();
    let _ = writeln!(
        o,
        "<p class=\"lead\">Rows per country and legal form (canonical abbreviation): the {GRID_COUNTRIES} countries and {GRID_FORMS} forms with most rows, the rest summed as “other”. {} rows with a legal form.</p>",
        int(total)
    );
    if list.is_empty() {
        empty(o, "Nothing to show: no legal forms found.");
        o.push_str("</section>\n");
        return;
    }
    let country_label = |c: &str| if c.trim().is_empty() { "unknown".to_string() } else { c.to_string() };
    // Totals per country and per form, then the top of each.
    let mut by_country: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_form: BTreeMap<&str, u64> = BTreeMap::new();
    let mut classes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for l in &list {
        *by_country.entry(country_label(&l.country)).or_default() += l.rows;
        *by_form.entry(&l.form).or_default() += l.rows;
        let c = classes.entry(&l.form).or_default();
        if !l.generic.is_empty() && !c.contains(&l.generic.as_str()) {
            c.push(&l.generic);
        }
    }
    let top = |m: Vec<(String, u64)>, n: usize| -> (Vec<String>, bool) {
        let mut v = m;
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let more = v.len() > n;
        (v.into_iter().take(n).map(|(k, _)| k).collect(), more)
    };
    let (mut rows, more_rows) = top(by_country.into_iter().collect(), GRID_COUNTRIES);
    let (mut cols, more_cols) = top(by_form.iter().map(|(k, v)| (k.to_string(), *v)).collect(), GRID_FORMS);
    let mut col_tips: Vec<String> = cols
        .iter()
        .map(|f| {
            let c = classes.get(f.as_str()).map(|c| c.join(", ")).unwrap_or_default();
            if c.is_empty() {
                f.clone()
            } else {
                format!("{f}: generic class {c}")
            }
        })
        .collect();
    if more_rows {
        rows.push("other".into());
    }
    if more_cols {
        cols.push("other".into());
        col_tips.push("other legal forms".into());
    }
    let mut cells = vec![vec![0u64; cols.len()]; rows.len()];
    for l in &list {
        let c = country_label(&l.country);
        let i = rows.iter().position(|r| *r == c).unwrap_or(rows.len() - 1);
        let j = cols.iter().position(|f| *f == l.form).unwrap_or(cols.len() - 1);
        // Only reached with "other" present when the country or form is not in the top.
        cells[i][j] += l.rows;
    }
    let desc = format!(
        "Rows per country (rows) and legal form (columns); {} countries and {} forms shown.",
        rows.len(),
        cols.len()
    );
    let grid = Grid { rows: &rows, cols: &cols, col_tips: &col_tips, cells: &cells, row_axis: "country \\ form" };
    o.push_str(&svg::heat("chart-legal-forms", "Legal forms by country", &desc, &grid));
    let mut sorted = list.clone();
    sorted
        .sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.country.cmp(&b.country)).then_with(|| a.form.cmp(&b.form)));
    let _ = write!(
        o,
        "\n<details><summary>Every country and legal form ({} pairs)</summary>\n<table>\n<thead><tr><th>Country</th><th>Legal form</th><th>Generic class</th><th class=\"n\">Rows</th><th class=\"n\">Share</th></tr></thead>\n<tbody>\n",
        sorted.len()
    );
    for l in sorted {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td><bdi>{}</bdi></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            show(&country_label(&l.country), 40),
            show(&l.form, 60),
            show(&l.generic, 60),
            int(l.rows),
            pct(l.rows, total)
        );
    }
    o.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}

/// A name for a table cell: cleaned, cut, escaped and isolated for bidirectional text.
fn name(s: &str) -> String {
    if s.trim().is_empty() {
        return "<span class=\"empty\">(empty)</span>".into();
    }
    format!("<bdi>{}</bdi>", show(s, NAME_DISPLAY_CHARS))
}

fn largest_clusters(o: &mut String, d: &ReportData) {
    o.push_str(
        "<section id=\"largest-clusters\" aria-labelledby=\"largest-clusters-h\">\n<h2 id=\"largest-clusters-h\">Largest clusters</h2>\n",
    );
    let shown = d.largest_clusters.len().min(TOP_CLUSTERS);
    if d.clusters.is_none() {
        empty(o, "Nothing to show: clustering did not run.");
    } else if shown == 0 {
        empty(o, "Nothing to show: no clusters.");
    } else {
        let _ = writeln!(
            o,
            "<p class=\"lead\">The {shown} largest clusters with their variants (rows per variant in grey).</p>"
        );
        o.push_str("<table>\n<thead><tr><th>Cluster</th><th>Canonical name</th><th class=\"n\">Rows</th><th class=\"n\">Variants</th><th>Variants (rows)</th></tr></thead>\n<tbody>\n");
        for c in d.largest_clusters.iter().take(TOP_CLUSTERS) {
            let _ = write!(
                o,
                "<tr><td><code>{}</code></td><td class=\"name canon\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td><ul class=\"variants\">",
                show(&c.cluster_id, 40),
                name(&c.canonical),
                int(c.rows),
                int(c.variants.len() as u64)
            );
            for (v, n) in c.variants.iter().take(VARIANTS_SHOWN) {
                let _ = write!(o, "<li>{}<span class=\"c\">{}</span></li>", name(v), int(*n));
            }
            if c.variants.len() > VARIANTS_SHOWN {
                let rest = &c.variants[VARIANTS_SHOWN..];
                let _ = write!(
                    o,
                    "<li class=\"more\">+ {} more ({} rows)</li>",
                    int(rest.len() as u64),
                    int(rest.iter().map(|(_, n)| n).sum())
                );
            }
            o.push_str("</ul></td></tr>\n");
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");
}

/// An issue message: cleaned, cut and escaped; spans in backticks (the rules quote parts of
/// the name that way) shown as code when the backticks pair up.
fn message(s: &str) -> String {
    let text = show(s, 400);
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() < 3 || parts.len() % 2 == 0 {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 32);
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code><bdi>{p}</bdi></code>");
        } else {
            out.push_str(p);
        }
    }
    out
}

fn score_color(score: u8) -> &'static str {
    SCORE_BIN_COLORS[super::score_bin(score)]
}

fn worst_records(o: &mut String, d: &ReportData) {
    o.push_str(
        "<section id=\"worst-records\" aria-labelledby=\"worst-records-h\">\n<h2 id=\"worst-records-h\">Worst records</h2>\n",
    );
    let shown = d.worst_records.len().min(TOP_RECORDS);
    if shown == 0 {
        empty(o, "Nothing to show: no records with issues.");
    } else {
        let _ =
            writeln!(o, "<p class=\"lead\">The {shown} records with the lowest quality score and their issues.</p>");
        o.push_str("<table>\n<thead><tr><th class=\"n w-num\">Line</th><th class=\"n w-num\">Score</th><th class=\"w-name\">Name</th><th>Issues</th></tr></thead>\n<tbody>\n");
        for r in d.worst_records.iter().take(TOP_RECORDS) {
            let score = r.score.min(100);
            let _ = write!(
                o,
                "<tr><td class=\"n\">{}</td><td class=\"n\"><span class=\"score\" style=\"background:{}\">{score}</span></td><td class=\"name\">{}</td><td><ul class=\"issues\">",
                int(r.line),
                score_color(score),
                name(&r.name)
            );
            for (code, msg) in &r.issues {
                let _ = write!(o, "<li><code>{}</code> {}</li>", show(code, 80), message(msg));
            }
            o.push_str("</ul></td></tr>\n");
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");
}

fn errors(o: &mut String, d: &ReportData) {
    o.push_str(
        "<section id=\"errors\" aria-labelledby=\"errors-h\">\n<h2 id=\"errors-h\">Rows reported with a problem</h2>\n",
    );
    let shown = d.errors.len().min(TOP_ERRORS);
    if shown == 0 {
        empty(o, "Nothing to show: no row was reported with a problem.");
    } else {
        let _ = writeln!(
            o,
            "<p class=\"lead\">{} rows listed{}; {} rows rejected in all.</p>",
            int(shown as u64),
            if d.errors.len() > shown {
                format!(" (the first of {} kept)", int(d.errors.len() as u64))
            } else {
                String::new()
            },
            int(d.rejected_rows)
        );
        o.push_str("<table>\n<thead><tr><th class=\"n w-num\">Line</th><th>Problem</th></tr></thead>\n<tbody>\n");
        for (line, reason) in d.errors.iter().take(TOP_ERRORS) {
            let _ =
                writeln!(o, "<tr><td class=\"n\">{}</td><td class=\"name\">{}</td></tr>", int(*line), message(reason));
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::super::{ClusterView, IssueCount, LegalFormCount, RecordView};
    use super::*;

    const EVIL: &str = "<script>alert(1)</script> & \"Acme\" 'Ltd' <img src=x onerror=alert(2)>";

    fn sample() -> ReportData {
        let mut d = ReportData {
            title: "Applicants <2026>".into(),
            input: "in<put>.csv".into(),
            generated: "2026-11-21T07:00:00Z".into(),
            elapsed_secs: 12.5,
            rows: 1000,
            rejected_rows: 3,
            distinct_names: 640,
            clusters: Some(410),
            organizations: 700,
            persons: 250,
            unknown_kind: 47,
            score_bands: vec![
                ("good ≥ 90".into(), 600),
                ("fair 70–89".into(), 250),
                ("poor 50–69".into(), 90),
                ("bad < 50".into(), 57),
            ],
            issues_by_code: (0..30)
                .map(|i| IssueCount {
                    code: format!("rule.n{i:02}"),
                    severity: ["error", "warning", "info"][i % 3].into(),
                    description: format!("Rule {i} <desc>"),
                    rows: 1000 / (i as u64 + 1),
                })
                .collect(),
            cluster_sizes: vec![(1, 300), (2, 60), (3, 20), (4, 10), (7, 12), (20, 6), (120, 2)],
            legal_forms_by_country: vec![
                LegalFormCount { country: "NL".into(), form: "BV".into(), generic: "LLC".into(), rows: 120 },
                LegalFormCount { country: "NL".into(), form: "NV".into(), generic: "PLC".into(), rows: 40 },
                LegalFormCount { country: "DE".into(), form: "GMBH".into(), generic: "LLC".into(), rows: 77 },
                LegalFormCount { country: "".into(), form: "LTD".into(), generic: "LLC".into(), rows: 9 },
            ],
            largest_clusters: vec![ClusterView {
                cluster_id: "c-0001".into(),
                canonical: "Koninklijke Philips N.V.".into(),
                rows: 31,
                variants: (0..15).map(|i| (format!("Philips variant {i}"), 2)).collect(),
            }],
            worst_records: vec![RecordView {
                line: 17,
                name: EVIL.into(),
                score: 5,
                issues: vec![("name.placeholder".into(), "looks like <b>markup</b>".into())],
            }],
            errors: vec![(99, "bad UTF-8 <here>".into())],
            ..Default::default()
        };
        for s in 0..=100u8 {
            d.add_score(s);
        }
        d
    }

    #[test]
    fn hostile_strings_stay_text() {
        let html = render_html(&sample());
        assert!(!html.contains("<script"), "a <script> slipped through");
        assert!(!html.contains("<img"), "an <img> slipped through");
        assert!(!html.contains("<b>markup"), "markup in a message slipped through");
        assert!(!html.contains("<desc>Rule") && html.contains("Rule 0 &lt;desc&gt;"), "description unescaped");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Acme&quot; &#39;Ltd&#39;"));
        assert!(html.contains("<title>Applicants &lt;2026&gt;</title>"));
        assert!(html.contains("in&lt;put&gt;.csv"));
        assert!(html.contains("bad UTF-8 &lt;here&gt;"));
    }

    #[test]
    fn document_is_self_contained() {
        let html = render_html(&sample());
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
        for bad in ["<script", "<link", "src=\"http", "href=\"http", "@import", "url("] {
            assert!(!html.contains(bad), "found {bad}");
        }
        // Every chart is there, labelled.
        for id in ["chart-bands", "chart-scores", "chart-cluster-sizes", "chart-issues", "chart-legal-forms"] {
            assert!(html.contains(&format!("id=\"{id}\" role=\"img\"")), "{id} missing");
            assert!(html.contains(&format!("<title id=\"{id}-t\">")), "{id} has no title");
        }
    }

    #[test]
    fn numbers_appear() {
        let d = sample();
        let html = render_html(&d);
        for n in [">1,000<", ">640<", ">410<", ">700<", ">250<", ">47<", ">600<"] {
            assert!(html.contains(n), "{n} missing");
        }
        // Histogram bars carry their counts (10 rows per bin, 11 in the last).
        assert!(html.contains(">11<") && html.contains(">10<"));
        // Issues: top 25 shown, the other 5 summed.
        assert!(html.contains("other (5 codes)"));
        let other: u64 = d.issues_by_code[25..].iter().map(|i| i.rows).sum();
        assert!(html.contains(&format!(">{}<", int(other))));
        // Cluster sizes bucketed: 3–5 holds 30 clusters, 51+ holds 2.
        assert!(html.contains(">30<") && html.contains("51+"));
        // Legal forms: unknown country labelled, totals drawn (NL 160, all 246).
        assert!(html.contains(">unknown<") && html.contains(">160<") && html.contains(">246<"));
        // Variants beyond twelve summed.
        assert!(html.contains("+ 3 more (6 rows)"));
        assert!(html.contains("12.50 s") || html.contains("12.5 s"));
    }

    #[test]
    fn empty_data_renders_nothing_to_show() {
        let html = render_html(&ReportData::default());
        assert!(html.contains("<title>namestd report</title>"));
        assert!(!html.contains("<svg"), "an empty report should draw no chart");
        assert!(html.matches("Nothing to show").count() >= 7, "{html}");
        assert!(html.contains("clustering did not run"));
        assert!(!html.contains("NaN") && !html.contains("inf"));
        // Clusters ran but found none.
        let d = ReportData { clusters: Some(0), ..Default::default() };
        let html = render_html(&d);
        assert!(html.contains("Nothing to show: no clusters."));
    }

    #[test]
    fn backticks_in_messages_become_code() {
        assert_eq!(
            message("Two: `Foo <GmbH>` and `Bar`."),
            "Two: <code><bdi>Foo &lt;GmbH&gt;</bdi></code> and <code><bdi>Bar</bdi></code>."
        );
        assert_eq!(message("odd ` one"), "odd ` one");
        assert_eq!(message("plain"), "plain");
    }

    #[test]
    fn long_names_are_cut_for_display() {
        let mut d = sample();
        d.worst_records[0].name = format!("{}TAIL", "A".repeat(5000));
        let html = render_html(&d);
        assert!(!html.contains("TAIL"));
        assert!(html.contains(&format!("{}…", "A".repeat(NAME_DISPLAY_CHARS - 1))));
        assert!(!html.contains(&"A".repeat(NAME_DISPLAY_CHARS)));
    }

    #[test]
    fn rtl_and_control_characters_are_contained() {
        let mut d = sample();
        d.worst_records[0].name = "\u{202E}شركة أرامكو\u{0}\u{1b}[2J".into();
        let html = render_html(&d);
        assert!(html.contains("<bdi>\u{202E}شركة أرامكو\u{FFFD}\u{FFFD}[2J</bdi>"));
        assert!(!html.contains('\u{0}') && !html.contains('\u{1b}'));
    }
}
