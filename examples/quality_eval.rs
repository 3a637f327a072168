//! Runs the data-quality rules over the evaluation name lists and prints a rule-by-rule
//! count as Markdown (the table in `docs/quality-eval.md`).
//!
//! ```text
//! cargo run --release --example quality_eval -- \
//!     --sec data/eval/sec_foreign_issuers_2002_companies.csv \
//!     --patstat data/eval/patstat-leuven-distinct-names.csv [--review 10] \
//!     [--nber data/eval/nber-subset-assignees-benchmark-distinct-names.csv]
//! ```
//!
//! SEC rows (`name;country`, no header) are assessed as organizations with the country
//! name mapped to its ISO code; PATSTAT rows (`unique_id,organization,n_mentions`) with the
//! name only (the file carries no country or kind); NBER rows (same columns) likewise.
//! `--review N` also prints up to N
//! flagged names per rule and file, spread evenly over the file, for reviewing by hand.

use namestd::quality::{ApplicantRecord, QualityChecker, QualitySummary, RULES};
use namestd::KindHint;
use std::collections::BTreeMap;

/// SEC country names that are not a countries.tsv name, and their code.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("british virgin isl", "VG"),
    ("neth. antilles", "CW"), // the Netherlands Antilles (AN) were dissolved in 2010
    ("marshall isl", "MH"),
    ("antigua", "AG"),
    ("korea", "KR"),
    ("russia", "RU"),
    ("slovak republic", "SK"),
    ("czech republic", "CZ"),
    ("taiwan", "TW"),
    ("hong kong", "HK"),
    ("bahamas", "BS"),
    ("venezuela", "VE"),
    ("united kingdom", "GB"),
    ("cayman islands", "KY"),
];

fn country_code(name: &str) -> Option<String> {
    let n = name.trim().to_lowercase();
    if let Some((_, c)) = COUNTRY_ALIASES.iter().find(|(a, _)| *a == n) {
        return Some(c.to_string());
    }
    namestd_dictionaries::COUNTRIES
        .iter()
        .find(|c| c.name.to_lowercase() == n || c.names.iter().any(|x| x.to_lowercase() == n))
        .map(|c| c.code.to_string())
}

fn sec(path: &str) -> (Vec<ApplicantRecord>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut unmapped = Vec::new();
    let recs = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, country) = l.rsplit_once(';').unwrap_or((l, ""));
            let code = country_code(country);
            if code.is_none() && !unmapped.contains(&country.to_string()) {
                unmapped.push(country.to_string());
            }
            ApplicantRecord {
                name: name.to_string(),
                country: code,
                kind: Some(KindHint::Organization),
                ..Default::default()
            }
        })
        .collect();
    (recs, unmapped)
}

fn patstat(path: &str) -> Vec<ApplicantRecord> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records().filter_map(|r| r.ok()).filter_map(|r| r.get(1).map(ApplicantRecord::new)).collect()
}

struct Run {
    label: String,
    summary: QualitySummary,
    flagged: BTreeMap<String, Vec<(String, String)>>,
    panics: usize,
}

fn run(checker: &QualityChecker, label: &str, recs: &[ApplicantRecord]) -> Run {
    let mut summary = QualitySummary::new(10);
    let mut flagged: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut panics = 0;
    for (i, r) in recs.iter().enumerate() {
        let Ok(a) = std::panic::catch_unwind(|| checker.assess(r)) else {
            panics += 1;
            continue;
        };
        summary.add(i as u64, &a);
        for issue in &a.issues {
            let entry = flagged.entry(issue.code.clone()).or_default();
            if entry.last().is_none_or(|(n, _)| *n != r.name) {
                entry.push((r.name.clone(), issue.message.clone()));
            }
        }
    }
    Run { label: label.to_string(), summary, flagged, panics }
}

fn main() {
    let mut sec_path = "data/eval/sec_foreign_issuers_2002_companies.csv".to_string();
    let mut patstat_path = "data/eval/patstat-leuven-distinct-names.csv".to_string();
    let mut nber_path: Option<String> = None;
    let mut review = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sec" => sec_path = args.next().expect("--sec PATH"),
            "--patstat" => patstat_path = args.next().expect("--patstat PATH"),
            "--nber" => nber_path = Some(args.next().expect("--nber PATH")),
            "--review" => review = args.next().and_then(|n| n.parse().ok()).expect("--review N"),
            other => panic!("unknown argument {other}"),
        }
    }
    std::panic::set_hook(Box::new(|_| {}));
    let checker = QualityChecker::default();
    let (sec_recs, unmapped) = sec(&sec_path);
    let mut runs = vec![run(&checker, "SEC", &sec_recs), run(&checker, "PATSTAT", &patstat(&patstat_path))];
    if let Some(p) = nber_path {
        runs.push(run(&checker, "NBER", &patstat(&p)));
    }
    if !unmapped.is_empty() {
        println!("SEC country names not mapped to a code: {}\n", unmapped.join(", "));
    }
    println!(
        "| rule | severity | weight | {} |",
        runs.iter().map(|r| format!("{} (n={})", r.label, r.summary.records)).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|---|---:|{}", "---:|".repeat(runs.len()));
    for rule in RULES {
        let counts: Vec<String> =
            runs.iter().map(|r| r.summary.issue_counts.get(rule.code).copied().unwrap_or(0).to_string()).collect();
        println!("| `{}` | {} | {} | {} |", rule.code, rule.severity.as_str(), rule.weight, counts.join(" | "));
    }
    println!();
    println!("| figure | {} |", runs.iter().map(|r| r.label.clone()).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---:|".repeat(runs.len()));
    let row = |label: &str, f: &dyn Fn(&Run) -> String| {
        println!("| {label} | {} |", runs.iter().map(f).collect::<Vec<_>>().join(" | "));
    };
    row("records with an issue", &|r| r.summary.records_with_issues.to_string());
    row("records with an error", &|r| {
        format!("{} ({:.1}%)", r.summary.records_with_errors, 100.0 * r.summary.error_share())
    });
    row("mean score", &|r| format!("{:.1}", r.summary.mean_score()));
    for band in namestd::quality::ScoreBand::ALL {
        row(&format!("band {} ({})", band.as_str(), band.range()), &|r| {
            r.summary.bands.get(&band).copied().unwrap_or(0).to_string()
        });
    }
    row("pipeline panics (skipped)", &|r| r.panics.to_string());
    if let Some(per) = std::num::NonZeroUsize::new(review) {
        for r in &runs {
            println!("\n## {} review sample", r.label);
            for (code, names) in &r.flagged {
                let step = (names.len() / per).max(1);
                println!("\n### {code} ({} flagged)", names.len());
                for (name, msg) in names.iter().step_by(step).take(review) {
                    println!("- `{name}`: {msg}");
                }
            }
        }
    }
}
