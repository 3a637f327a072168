//! The golden table `data/golden/standardize.tsv`: raw name and country hint → expected
//! kind, core, legal form, ELF code(s), standard form and person parts. Every failing row
//! is reported, not just the first.

use namestd::{Kind, NameInput, Standardizer};

const COLUMNS: [&str; 10] =
    ["name", "country", "kind", "core", "legal_form", "elf", "standard", "family", "given", "source"];

pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn get(&self, col: &str) -> &str {
        let i = COLUMNS.iter().position(|c| *c == col).expect("known column");
        self.cells.get(i).map(String::as_str).unwrap_or("")
    }
}

pub fn rows() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/golden/standardize.tsv");
    let text = std::fs::read_to_string(path).expect("data/golden/standardize.tsv is readable");
    let mut out = Vec::new();
    let mut header = true;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        if header {
            assert_eq!(cells, COLUMNS, "golden table header");
            header = false;
            continue;
        }
        out.push(Row { line: i + 1, cells });
    }
    out
}

fn kind_str(k: Kind) -> &'static str {
    k.as_str()
}

#[test]
fn golden_table() {
    let std = Standardizer::default();
    let rows = rows();
    assert!(rows.len() >= 400, "golden table has {} rows, expected at least 400", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let name = row.get("name");
        let country = row.get("country");
        let mut input = NameInput::new(name);
        if !country.is_empty() {
            input = input.country(country);
        }
        let s = std.standardize_input(&input);
        let canonical = s.legal_form.as_ref().map(|f| f.canonical.as_str()).unwrap_or("");
        let elf = s.legal_form.as_ref().map(|f| f.elf.join(";")).unwrap_or_default();
        let mut diffs = Vec::new();
        let mut check = |what: &str, expected: &str, got: &str| {
            if expected != got {
                diffs.push(format!("{what}: expected `{expected}`, got `{got}`"));
            }
        };
        check("kind", row.get("kind"), kind_str(s.kind));
        check("core", row.get("core"), &s.core);
        check("legal_form", row.get("legal_form"), canonical);
        // ELF codes are only expected where a country hint decides the jurisdiction.
        if !country.is_empty() {
            check("elf", row.get("elf"), &elf);
        }
        check("standard", row.get("standard"), &s.standard);
        if row.get("kind") == "person" {
            let (fam, giv) = s.person.as_ref().map(|p| (p.family.as_str(), p.given.as_str())).unwrap_or(("", ""));
            check("family", row.get("family"), fam);
            check("given", row.get("given"), giv);
        }
        if !diffs.is_empty() {
            failures.push(format!("line {} `{}` [{}]:\n    {}", row.line, name, country, diffs.join("\n    ")));
        }
    }
    if !failures.is_empty() {
        panic!("{} of {} golden rows fail:\n{}", failures.len(), rows.len(), failures.join("\n"));
    }
}

#[test]
fn golden_table_coverage() {
    let rows = rows();
    let mut countries: Vec<&str> = rows.iter().map(|r| r.get("country")).filter(|c| !c.is_empty()).collect();
    countries.sort();
    countries.dedup();
    assert!(countries.len() >= 40, "{} jurisdictions, expected at least 40", countries.len());
    let has = |range: std::ops::RangeInclusive<u32>| {
        rows.iter().any(|r| r.get("name").chars().any(|c| range.contains(&(c as u32))))
    };
    assert!(has(0x0400..=0x04FF), "Cyrillic");
    assert!(has(0x0370..=0x03FF), "Greek");
    assert!(has(0x4E00..=0x9FFF), "Han");
    assert!(has(0x3040..=0x30FF), "Kana");
    assert!(has(0xAC00..=0xD7AF), "Hangul");
    assert!(rows.iter().any(|r| r.get("kind") == "person"), "persons");
}
