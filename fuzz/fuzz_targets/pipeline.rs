//! The standardization pipeline and the quality assessment on arbitrary text.
//!
//! The input is split on U+001F into the fields of an applicant record (name, country,
//! family name, given names, original-script name, identifier, address); invalid UTF-8
//! is replaced. Checks: no panic, a non-empty core for a name with a visible character,
//! a score within 0..=100, issue spans inside the name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use namestd::model::KindHint;
use namestd::quality::{ApplicantRecord, QualityChecker};
use namestd::{NameInput, Standardizer};
use std::sync::LazyLock;

static STD: LazyLock<Standardizer> = LazyLock::new(Standardizer::default);
static CHECKER: LazyLock<QualityChecker> = LazyLock::new(QualityChecker::default);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut f = text.split('\u{1f}');
    let name = f.next().unwrap_or("");
    let country = f.next().filter(|c| !c.is_empty());
    let kind = match name.len() % 3 {
        0 => None,
        1 => Some(KindHint::Organization),
        _ => Some(KindHint::Person),
    };
    let mut input = NameInput::new(name);
    input.country = country;
    input.kind = kind;
    let s = STD.standardize_input(&input);
    if name.chars().any(|c| c.is_alphanumeric()) {
        assert!(!s.core.is_empty(), "empty core for {name:?}");
    }

    let mut r = ApplicantRecord::new(name);
    if let Some(c) = country {
        r = r.country(c);
    }
    if let Some(k) = kind {
        r = r.kind(k);
    }
    if let (Some(fam), Some(given)) = (f.next(), f.next()) {
        r = r.person_name(fam, given);
    }
    if let Some(o) = f.next() {
        r = r.original_script_name(o);
    }
    if let Some(i) = f.next() {
        r = r.identifier(i);
    }
    if let Some(a) = f.next() {
        r = r.address(a);
    }
    let a = CHECKER.assess_standardized(&r, s);
    assert!(a.score <= 100, "score {} for {name:?}", a.score);
    let chars = name.chars().count();
    for i in &a.issues {
        if let Some(sp) = i.span {
            assert!(sp.start <= sp.end && sp.end <= chars, "span {sp:?} of {} outside {name:?}", i.code);
        }
    }
});
