//! Data-quality rules: the golden table `data/golden/quality.tsv` (every failing row is
//! reported), rule coverage of that table, the generated rule reference, configuration,
//! score, spans, serialization and the table summary.

use namestd::quality::{
    assess, rules_markdown, ApplicantRecord, QualityChecker, QualityConfig, QualitySummary, ScoreBand, Severity, RULES,
};
use namestd::KindHint;

const COLUMNS: [&str; 10] =
    ["name", "country", "kind", "family", "given", "original", "config", "must", "must_not", "note"];

struct Row {
    line: usize,
    cells: Vec<String>,
}

impl Row {
    fn get(&self, col: &str) -> &str {
        let i = COLUMNS.iter().position(|c| *c == col).expect("known column");
        self.cells.get(i).map(String::as_str).unwrap_or("")
    }

    fn codes(&self, col: &str) -> Vec<&str> {
        self.get(col).split(';').map(str::trim).filter(|s| !s.is_empty()).collect()
    }
}

/// `\t`, `\n`, `\\` and `\u{XXXX}` escapes.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                assert_eq!(it.next(), Some('{'), "escape \\u{{...}} in {s}");
                let hex: String = it.by_ref().take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).expect("hex")).expect("a character"));
            }
            other => panic!("unknown escape \\{other:?} in {s}"),
        }
    }
    out
}

fn rows() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/golden/quality.tsv");
    let text = std::fs::read_to_string(path).expect("data/golden/quality.tsv is readable");
    let mut out = Vec::new();
    let mut header = true;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        // Only the note and code cells are trimmed: spaces in names and countries are data.
        let cells: Vec<String> = line.split('\t').map(str::to_string).collect();
        if header {
            assert_eq!(cells, COLUMNS, "quality golden table header");
            header = false;
            continue;
        }
        assert!(cells.len() <= COLUMNS.len(), "line {}: too many cells", i + 1);
        out.push(Row { line: i + 1, cells });
    }
    out
}

fn record(row: &Row) -> ApplicantRecord {
    let opt = |s: &str| (!s.is_empty()).then(|| unescape(s));
    ApplicantRecord {
        name: unescape(row.get("name")),
        country: opt(row.get("country")),
        kind: match row.get("kind").trim() {
            "person" => Some(KindHint::Person),
            "organization" => Some(KindHint::Organization),
            "" => None,
            k => panic!("line {}: kind `{k}`", row.line),
        },
        family: opt(row.get("family")).or_else(|| (!row.get("given").is_empty()).then(String::new)),
        given: opt(row.get("given")),
        original_script_name: opt(row.get("original")),
        identifier: None,
        address: None,
    }
}

fn config(row: &Row) -> QualityConfig {
    let mut tsv = String::from("code\tvalue\n");
    for kv in row.get("config").split(';').filter(|s| !s.trim().is_empty()) {
        let (k, v) = kv.split_once('=').expect("setting=value");
        tsv.push_str(&format!("{}\t{}\n", k.trim(), v.trim()));
    }
    QualityConfig::parse("golden config", &tsv).expect("valid config")
}

#[test]
fn golden_quality_table() {
    let default = QualityChecker::default();
    let mut failures = Vec::new();
    let rows = rows();
    for row in &rows {
        for code in row.codes("must").into_iter().chain(row.codes("must_not")) {
            assert!(RULES.iter().any(|r| r.code == code), "line {}: unknown code `{code}`", row.line);
        }
        let rec = record(row);
        let checker =
            if row.get("config").is_empty() { default.clone() } else { QualityChecker::with_config(config(row)) };
        let a = checker.assess(&rec);
        let got = a.codes();
        let missing: Vec<&str> = row.codes("must").into_iter().filter(|c| !got.contains(c)).collect();
        let unwanted: Vec<&str> = row.codes("must_not").into_iter().filter(|c| got.contains(c)).collect();
        if !missing.is_empty() || !unwanted.is_empty() {
            failures.push(format!(
                "line {}: {:?} (country {:?}, kind {:?}): missing {missing:?}, unwanted {unwanted:?}; got {got:?}",
                row.line,
                rec.name,
                rec.country,
                row.get("kind")
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} golden rows fail:\n{}", failures.len(), rows.len(), failures.join("\n"));
}

#[test]
fn every_rule_has_three_hits_and_three_near_misses() {
    let rows = rows();
    let mut short = Vec::new();
    for r in RULES {
        let hits = rows.iter().filter(|row| row.codes("must").contains(&r.code)).count();
        let misses = rows.iter().filter(|row| row.codes("must_not").contains(&r.code)).count();
        if hits < 3 || misses < 3 {
            short.push(format!("{}: {hits} hits, {misses} near-misses", r.code));
        }
    }
    assert!(short.is_empty(), "rules without enough golden rows:\n{}", short.join("\n"));
}

/// `docs/quality-rules.md` is generated from the rule table.
/// `UPDATE_DOCS=1 cargo test -p namestd --test tests quality::docs` rewrites it.
#[test]
fn docs_quality_rules_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/quality-rules.md");
    let want = rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).expect("docs/quality-rules.md is writable");
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/quality-rules.md differs from the rule table in src/quality/rules.rs; regenerate it with\n\
         UPDATE_DOCS=1 cargo test -p namestd --test tests quality::docs"
    );
}

#[test]
fn rule_codes_are_unique_and_well_formed() {
    for (i, r) in RULES.iter().enumerate() {
        assert!(RULES[..i].iter().all(|x| x.code != r.code), "duplicate {}", r.code);
        let (family, name) = r.code.split_once('.').expect("family.name");
        assert_eq!(family, r.family, "{}", r.code);
        assert!(name.chars().next().is_some_and(|c| c.is_ascii_lowercase()), "{}", r.code);
        assert!(r.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'), "{}", r.code);
        assert!(r.weight <= 100);
    }
}

#[test]
fn score_subtracts_weights_and_errors_cap_it() {
    let a = assess(&ApplicantRecord::new("acme corporation"));
    assert_eq!(a.codes(), vec!["case.allLower"]);
    assert_eq!(a.score, 95);
    assert_eq!(a.band, ScoreBand::Good);
    let e = assess(&ApplicantRecord::new("Siemens AG").country("EP"));
    assert!(e.has_error);
    assert!(e.score <= 49);
    assert_eq!(e.band, ScoreBand::Bad);
    let clean = assess(&ApplicantRecord::new("Siemens AG").country("DE"));
    assert_eq!(clean.score, 100, "{:?}", clean.issues);
    let cfg =
        QualityConfig::parse("q.tsv", "code\tweight\tseverity\tvalue\ncountry.officeCode\t5\twarning\t\n").unwrap();
    let w = QualityChecker::with_config(cfg).assess(&ApplicantRecord::new("Siemens AG").country("EP"));
    assert_eq!((w.score, w.has_error), (95, false));
    assert_eq!(w.issues[0].severity, Severity::Warning);
    let cfg = QualityConfig::parse("q.tsv", "code\tseverity\ncase.allLower\toff\n").unwrap();
    assert_eq!(QualityChecker::with_config(cfg).assess(&ApplicantRecord::new("acme corporation")).score, 100);
}

#[test]
fn spans_point_into_the_original_name() {
    let name = "* Foo Ltd c/o Bar LLP";
    let a = assess(&ApplicantRecord::new(name));
    let i = a.issues.iter().find(|i| i.code == "contact.careOf").expect("careOf");
    let s = i.span.expect("span");
    let text: String = name.chars().skip(s.start).take(s.end - s.start).collect();
    assert_eq!(text, "c/o");
    let name = "Müller\u{FFFD} GmbH";
    let a = assess(&ApplicantRecord::new(name));
    let s = a.issues.iter().find(|i| i.code == "chars.replacement").and_then(|i| i.span).expect("span");
    assert_eq!((s.start, s.end), (6, 7));
}

#[test]
fn suggestions_fix_what_they_can() {
    let a = assess(&ApplicantRecord::new("Foo GmbH, Hauptstr. 5, 80333 München"));
    let s = a.issues.iter().find(|i| i.code == "address.street").and_then(|i| i.suggestion.clone()).expect("fix");
    assert_eq!(s.name.as_deref(), Some("Foo GmbH"));
    assert_eq!(s.moved.as_deref(), Some("Hauptstr. 5, 80333 München"));
    assert_eq!(s.field.as_deref(), Some("address"));
    let a = assess(&ApplicantRecord::new("Gаzprom"));
    let s = a.issues.iter().find(|i| i.code == "script.homoglyph").and_then(|i| i.suggestion.clone()).expect("fix");
    assert_eq!(s.name.as_deref(), Some("Gazprom"));
}

#[test]
fn serializes_in_lower_camel_case() {
    let rec = ApplicantRecord::new("Foo").original_script_name("フー").kind(KindHint::Organization);
    let v = serde_json::to_value(&rec).unwrap();
    assert_eq!(v["originalScriptName"], "フー");
    assert_eq!(v["kind"], "organization");
    let back: ApplicantRecord = serde_json::from_value(serde_json::json!({"name": "Foo", "country": "DE"})).unwrap();
    assert_eq!(back.country.as_deref(), Some("DE"));
    let a = assess(&ApplicantRecord::new("N/A"));
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["hasError"], true);
    assert_eq!(v["issues"][0]["code"], "name.placeholder");
    assert_eq!(v["issues"][0]["severity"], "error");
}

#[test]
fn summary_is_the_same_in_one_pass_or_in_merged_batches() {
    let names = [
        "N/A",
        "Siemens AG",
        "siemens ag",
        "Foo Ltd c/o Bar",
        "Gаzprom",
        "Tokyo",
        "-",
        "Acme Corp",
        "acme corp",
        "?",
        "Foo  Bar",
        "X Inc. and Y Corp.",
    ];
    let assessed: Vec<_> = names.iter().map(|n| assess(&ApplicantRecord::new(*n))).collect();
    let mut one = QualitySummary::new(4);
    for (i, a) in assessed.iter().enumerate() {
        one.add(i as u64, a);
    }
    let mut parts: Vec<QualitySummary> = Vec::new();
    for chunk in [(0, 5), (5, 7), (7, 12)] {
        let mut s = QualitySummary::new(4);
        for i in (chunk.0..chunk.1).rev() {
            s.add(i as u64, &assessed[i]);
        }
        parts.push(s);
    }
    let mut merged = QualitySummary::new(4);
    for p in parts.into_iter().rev() {
        merged.merge(p);
    }
    assert_eq!(one, merged);
    assert_eq!(one.records, names.len() as u64);
    assert_eq!(one.worst.len(), 4);
    assert!(one.worst.windows(2).all(|w| w[0].score <= w[1].score));
    assert_eq!(one.bands.values().sum::<u64>(), one.records);
    assert!(one.error_share() > 0.0);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that exercise every rule family: forms, separators, addresses, scripts,
    /// mojibake, brackets, markers.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Siemens".to_string()),
            Just("AG".to_string()),
            Just("GmbH & Co. KG".to_string()),
            Just("Co., Ltd.".to_string()),
            Just("株式会社".to_string()),
            Just("支店".to_string()),
            Just("、".to_string()),
            Just("ООО".to_string()),
            Just("«Газпром»".to_string()),
            Just("Gаzprom".to_string()),
            Just("N.V.".to_string()),
            Just("Limted".to_string()),
            Just("SMITH, John".to_string()),
            Just("c/o".to_string()),
            Just("Tel. 089 636 00".to_string()),
            Just("+44 20 7946".to_string()),
            Just("info@x.de".to_string()),
            Just("www.x.de".to_string()),
            Just("Hauptstr. 5".to_string()),
            Just("80333 München".to_string()),
            Just("〒105-8001".to_string()),
            Just("Division".to_string()),
            Just("Werk".to_string()),
            Just("and".to_string()),
            Just(";".to_string()),
            Just(" / ".to_string()),
            Just(",".to_string()),
            Just("(".to_string()),
            Just("»".to_string()),
            Just("\"".to_string()),
            Just("FÃ¶rderung".to_string()),
            Just("Ã".to_string()),
            Just("\u{FFFD}".to_string()),
            Just("\u{E000}".to_string()),
            Just("\u{200B}".to_string()),
            Just("\u{00A0}".to_string()),
            Just("* ".to_string()),
            Just(".".to_string()),
            Just("Tokyo".to_string()),
            Just("GERMANY".to_string()),
            "[a-zA-Z]{1,8}",
            "\\PC{1,4}",
        ]
    }

    fn name() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..7).prop_map(|v| v.join(" "))
    }

    fn kind() -> impl Strategy<Value = Option<KindHint>> {
        prop_oneof![Just(None), Just(Some(KindHint::Person)), Just(Some(KindHint::Organization))]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
            ..ProptestConfig::default()
        })]

        #[test]
        fn assessment_is_total_and_spans_fit(
            n in name(),
            country in prop_oneof![Just(None), Just(Some("DE".to_string())), Just(Some("EP".to_string())), Just(Some("jp".to_string())), Just(Some("XY".to_string()))],
            kind in kind(),
            parts in prop_oneof![Just(None), Just(Some(("John".to_string(), "Smith".to_string()))), Just(Some((String::new(), "Anna".to_string())))],
        ) {
            let rec = ApplicantRecord {
                name: n.clone(),
                country,
                kind,
                family: parts.as_ref().map(|p| p.0.clone()),
                given: parts.map(|p| p.1),
                ..Default::default()
            };
            let a = assess(&rec);
            let len = n.chars().count();
            prop_assert!(a.score <= 100);
            prop_assert_eq!(a.has_error, a.issues.iter().any(|i| i.severity == Severity::Error));
            if a.has_error {
                prop_assert!(a.score <= 49);
            }
            for i in &a.issues {
                if let Some(s) = i.span {
                    prop_assert!(s.start <= s.end && s.end <= len, "{} span {:?} in {:?}", i.code, s, n);
                }
            }
        }
    }
}
