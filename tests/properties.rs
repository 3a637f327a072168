//! Invariants over arbitrary input: no panic on any Unicode, idempotence on the
//! pipeline's own output, a non-empty core for any name with a letter or digit.

use namestd::{NameInput, Standardizer};
use proptest::prelude::*;
use std::sync::LazyLock;

static STD: LazyLock<Standardizer> = LazyLock::new(Standardizer::default);

/// Words real names are made of, so generated names exercise legal forms, persons,
/// scripts and entities.
fn name_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Siemens".to_string()),
        Just("AG".to_string()),
        Just("GmbH & Co. KG".to_string()),
        Just("Co., Ltd.".to_string()),
        Just("株式会社".to_string()),
        Just("(株)".to_string()),
        Just("有限公司".to_string()),
        Just("주식회사".to_string()),
        Just("ООО".to_string()),
        Just("«Газпром»".to_string()),
        Just("N.V.".to_string()),
        Just("Kabushiki Kaisha".to_string()),
        Just("SMITH, John A.".to_string()),
        Just("Dr.".to_string()),
        Just("&amp;".to_string()),
        Just("FÃ¶rderung".to_string()),
        Just("Electronics".to_string()),
        Just("Motor".to_string()),
        Just("University".to_string()),
        Just("東芝".to_string()),
        "[A-Z][a-z]{1,8}",
        "[A-Z]{2,6}",
    ]
}

/// A realistic name: words, optionally a leading `* ` marker and a trailing country tag.
fn name_like() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(name_piece(), 1..6),
        any::<bool>(),
        prop::option::of(prop_oneof![Just("(NL)"), Just("[DE]")]),
    )
        .prop_map(|(words, marker, tag)| {
            let mut s = if marker { "* ".to_string() } else { String::new() };
            s.push_str(&words.join(" "));
            if let Some(t) = tag {
                s.push(' ');
                s.push_str(t);
            }
            s
        })
}

fn country() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), Just(Some("DE".to_string())), Just(Some("JP".to_string())), Just(Some("US".to_string()))]
}

/// Invariants for any input: a non-empty core when the cleaned name has a letter or digit,
/// and cleaning that is idempotent.
fn check_any(name: &str, country: Option<&str>) -> Result<namestd::StandardizedName, TestCaseError> {
    let s = STD.standardize_input(&NameInput { name, country, kind: None });
    if s.cleaned.chars().any(char::is_alphanumeric) {
        prop_assert!(!s.core.is_empty(), "empty core for {name:?}");
    }
    let again = STD.standardize_input(&NameInput { name: &s.cleaned, country: s.country.as_deref(), kind: None });
    prop_assert_eq!(&again.cleaned, &s.cleaned, "cleaned of {:?}", name);
    Ok(s)
}

/// For realistic names also: the standard form is a fixed point.
fn check_name(name: &str, country: Option<&str>) -> Result<(), TestCaseError> {
    let s = check_any(name, country)?;
    let fixed = STD.standardize_input(&NameInput { name: &s.standard, country: s.country.as_deref(), kind: None });
    prop_assert_eq!(&fixed.standard, &s.standard, "standard of {:?}", name);
    Ok(())
}

/// 2,000 cases per property; `PROPTEST_CASES=N` runs more (a longer hunt for rare failures).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_unicode(s in "\\PC{0,40}", c in country()) {
        check_any(&s, c.as_deref())?;
    }

    #[test]
    fn never_panics_on_any_chars(s in prop::collection::vec(any::<char>(), 0..40)) {
        let s: String = s.into_iter().collect();
        check_any(&s, None)?;
    }

    #[test]
    fn idempotent_and_nonempty_on_name_like_input(s in name_like(), c in country()) {
        check_name(&s, c.as_deref())?;
    }
}
