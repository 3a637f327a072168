//! The run-time loaders, on arbitrary text: an office's legal-form table
//! (`Dictionaries::with_extra_legal_forms`), the quality rule table
//! (`QualityConfig::parse`), a registry CSV (`LookupIndex::from_csv`) and a stored index
//! (`LookupIndex::from_bytes`). The first byte picks the loader.
//!
//! Checks: no panic; a legal-form table that loads gives a standardizer that standardizes
//! the table's own forms (after a company name, alone, before a word) without panicking
//! and with a non-empty core; a registry that loads answers a query for its first name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use namestd::lookup::{LookupIndex, Query};
use namestd::quality::QualityConfig;
use namestd::{Dictionaries, Standardizer};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    match pick % 8 {
        0..=4 => legal_forms(&text),
        5 => {
            let _ = QualityConfig::parse("fuzz.tsv", &text);
        }
        6 => {
            if let Ok(idx) = LookupIndex::from_csv(&text) {
                let first = idx.applicants().first().map(|a| a.name.clone()).unwrap_or_default();
                let _ = idx.query(&Query::new(&first).limit(3));
                let _ = idx.suggest(&first, 3);
            }
        }
        _ => {
            if let Ok(idx) = LookupIndex::from_bytes(rest) {
                let _ = idx.query(&Query::new("Acme").limit(3));
            }
        }
    }
});

fn legal_forms(text: &str) {
    let Ok(d) = Dictionaries::embedded().with_extra_legal_forms("fuzz.tsv", text) else { return };
    let std = Standardizer::with_dictionaries(d);
    for line in text.lines().skip(1).take(8) {
        let form = line.split('\t').next().unwrap_or("");
        let s = std.standardize(&format!("Nordic Widgets {form}"));
        assert!(!s.core.is_empty(), "empty core with form {form:?}");
        let _ = std.standardize(form);
        let _ = std.standardize(&format!("{form} Widgets"));
    }
}
