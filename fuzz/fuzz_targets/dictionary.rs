//! The run-time loaders: an office's legal-form table
//! (`Dictionaries::with_extra_legal_forms`) and the quality rule table
//! (`QualityConfig::parse`), on arbitrary text.
//!
//! Checks: no panic; a table that loads gives a standardizer that standardizes the
//! table's own forms (after a company word and alone) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use namestd::quality::QualityConfig;
use namestd::{Dictionaries, Standardizer};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = QualityConfig::parse("fuzz.tsv", &text);
    let Ok(d) = Dictionaries::embedded().with_extra_legal_forms("fuzz.tsv", &text) else { return };
    let std = Standardizer::with_dictionaries(d);
    for line in text.lines().skip(1).take(8) {
        let form = line.split('\t').next().unwrap_or("");
        let s = std.standardize(&format!("Nordic Widgets {form}"));
        assert!(!s.core.is_empty(), "empty core with form {form:?}");
        let _ = std.standardize(form);
        let _ = std.standardize(&format!("{form} Widgets"));
    }
});
