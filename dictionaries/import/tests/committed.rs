//! The committed imported tables in `dictionaries/source/` must be exactly what the import
//! produces from `dictionaries/raw/`: regenerate with
//! `cargo run -p namestd-dict-import -- dictionaries` after changing the raw files or the
//! import rules.

use namestd_dict_import::Tables;
use std::path::Path;
use std::sync::OnceLock;

/// The tables generated once for all tests.
fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("../raw");
        namestd_dict_import::generate(&raw).expect("the import runs")
    })
}

#[test]
fn committed_tables_match_the_import() {
    let dictionaries = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("dictionaries/ is the parent of import/");
    let tables = tables();
    let mut problems = Vec::new();
    for (name, regenerated) in tables.files() {
        let path = dictionaries.join("source").join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != regenerated {
            let diffs = namestd_dict_import::first_differences(regenerated, &committed, 10);
            problems.push(format!("{} differs from the import:\n{}", path.display(), diffs.join("\n")));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nRegenerate with `cargo run -p namestd-dict-import -- dictionaries` (from the workspace root) and review the diff.",
        problems.join("\n\n")
    );
}

#[test]
fn import_is_deterministic() {
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("../raw");
    let again = namestd_dict_import::generate(&raw).expect("the import runs");
    assert_eq!(tables(), &again);
}

#[test]
fn tables_are_well_formed() {
    let t = tables();
    for (name, text) in t.files() {
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let header = lines.next().expect("a header");
        let columns = header.split('\t').count();
        let mut previous: Option<String> = None;
        for (i, line) in lines.enumerate() {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), columns, "{name}: row {} has {} cells: {line}", i + 1, cells.len());
            assert!(!cells[0].is_empty(), "{name}: empty first cell: {line}");
            if name == "legal_forms.tsv" {
                assert!(!cells[1].is_empty(), "{name}: empty canonical: {line}");
                assert!(["suffix", "prefix", "any"].contains(&cells[6]), "{name}: bad position: {line}");
                assert!(!cells[7].is_empty(), "{name}: empty source: {line}");
                for c in cells[4].split(';').filter(|c| !c.is_empty()) {
                    assert!(
                        c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()),
                        "{name}: bad country {c}: {line}"
                    );
                }
            }
            assert!(previous.as_deref() != Some(line), "{name}: duplicate row {line}");
            previous = Some(line.to_string());
        }
    }
    // No plain business words as legal forms.
    for word in
        ["Bank", "Trust", "Group", "Holding", "Holdings", "International", "Industries", "Partners", "Foundation"]
    {
        assert!(
            !t.legal_forms.lines().any(|l| l.split('\t').next() == Some(word)),
            "`{word}` must not be a legal form"
        );
    }
}
