//! Prints every output of the pipeline and of the quality rules for the evaluation corpora
//! (NBER, PATSTAT Leuven, SEC foreign issuers, the two golden tables), one line per name
//! and variant, so that a speed change can be checked byte for byte against the code before
//! it: `cargo run --release --example output_dump > before.txt`, change, run again, `cmp`.
//!
//! Each name is run with no hints, with the country hint `US`, and with the hints its
//! source gives; each line holds the `Debug` and JSON forms of the `StandardizedName` and
//! the JSON of the `Assessment` (which repeats the name).

use namestd::quality::{ApplicantRecord, QualityChecker};
use namestd::{KindHint, NameInput, Standardizer};
use std::io::Write;

fn csv_column(path: &str, col: usize, headers: bool, delim: u8) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("corpus file");
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(headers).delimiter(delim).flexible(true).from_reader(text.as_bytes());
    rdr.records()
        .filter_map(|r| r.ok())
        .map(|r| {
            let mut v: Vec<String> = r.iter().skip(col).map(str::to_string).collect();
            v.truncate(3);
            v
        })
        .collect()
}

fn tsv_rows(path: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("golden file");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').take(3).map(str::to_string).collect())
        .collect()
}

fn kind_of(s: Option<&String>) -> Option<KindHint> {
    match s.map(String::as_str) {
        Some("person") => Some(KindHint::Person),
        Some("organization") => Some(KindHint::Organization),
        _ => None,
    }
}

fn main() {
    let std = Standardizer::default();
    let checker = QualityChecker::default();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    // (corpus, rows of [name, country?, kind?])
    let corpora: Vec<(&str, Vec<Vec<String>>)> = vec![
        ("nber", csv_column("data/eval/nber-subset-assignees-benchmark-distinct-names.csv", 1, true, b',')),
        ("leuven", csv_column("data/eval/patstat-leuven-distinct-names.csv", 1, true, b',')),
        ("leuven-ref", csv_column("data/eval/patstat-leuven-reference.csv", 2, true, b',')),
        ("sec", csv_column("data/eval/sec_foreign_issuers_2002_companies.csv", 0, false, b';')),
        ("golden", tsv_rows("data/golden/standardize.tsv")),
        ("quality", tsv_rows("data/golden/quality.tsv")),
    ];
    for (label, rows) in corpora {
        for row in rows {
            let Some(name) = row.first() else { continue };
            let own_country =
                if label == "nber" || label == "leuven" { None } else { row.get(1).filter(|c| !c.is_empty()) };
            let own_kind = if label == "golden" || label == "quality" { kind_of(row.get(2)) } else { None };
            let variants: [(Option<&str>, Option<KindHint>); 3] =
                [(None, None), (Some("US"), None), (own_country.map(String::as_str), own_kind)];
            for (i, (country, kind)) in variants.into_iter().enumerate() {
                if i == 2 && own_country.is_none() && own_kind.is_none() {
                    continue;
                }
                let input = NameInput { name, country, kind };
                let s = std.standardize_input(&input);
                let rec = ApplicantRecord {
                    name: name.clone(),
                    country: country.map(str::to_string),
                    kind,
                    ..Default::default()
                };
                let a = checker.assess(&rec);
                let json = serde_json::to_string(&s).expect("serializable");
                let ajson = serde_json::to_string(&a).expect("serializable");
                writeln!(out, "{label}\t{i}\t{s:?}\n{json}\n{ajson}").expect("write");
            }
        }
    }
}
