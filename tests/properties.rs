//! Invariants over arbitrary input: no panic on any Unicode, idempotence on the
//! pipeline's own output, a non-empty core for any name with a letter or digit.

use namestd::{NameInput, Standardizer};
use proptest::prelude::*;
use std::sync::LazyLock;

static STD: LazyLock<Standardizer> = LazyLock::new(Standardizer::default);

/// Pieces real names are made of, so generated names exercise legal forms and noise.
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
        Just("(NL)".to_string()),
        Just("* ".to_string()),
        Just("\u{3000}".to_string()),
        Just(",".to_string()),
        Just(".".to_string()),
        "[A-Za-z]{1,8}",
        "\\PC{1,6}",
    ]
}

fn name_like() -> impl Strategy<Value = String> {
    prop::collection::vec(name_piece(), 1..6).prop_map(|v| v.join(" "))
}

fn country() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), Just(Some("DE".to_string())), Just(Some("JP".to_string())), Just(Some("US".to_string()))]
}

fn check(name: &str, country: Option<&str>) -> Result<(), TestCaseError> {
    let mut input = NameInput::new(name);
    input.country = country;
    let s = STD.standardize_input(&input);
    if name.chars().any(char::is_alphanumeric) && s.cleaned.chars().any(char::is_alphanumeric) {
        prop_assert!(!s.core.is_empty(), "empty core for {name:?}");
    }
    // Cleaning is idempotent.
    let again = STD.standardize_input(&NameInput { name: &s.cleaned, country: s.country.as_deref(), kind: None });
    prop_assert_eq!(&again.cleaned, &s.cleaned, "cleaned of {:?}", name);
    // The standard form is a fixed point.
    let fixed = STD.standardize_input(&NameInput { name: &s.standard, country: s.country.as_deref(), kind: None });
    prop_assert_eq!(&fixed.standard, &s.standard, "standard of {:?}", name);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_unicode(s in "\\PC{0,40}", c in country()) {
        let _ = STD.standardize_input(&NameInput { name: &s, country: c.as_deref(), kind: None });
    }

    #[test]
    fn never_panics_on_any_chars(s in prop::collection::vec(any::<char>(), 0..40)) {
        let s: String = s.into_iter().collect();
        let _ = STD.standardize(&s);
    }

    #[test]
    fn idempotent_and_nonempty_on_name_like_input(s in name_like(), c in country()) {
        check(&s, c.as_deref())?;
    }

    #[test]
    fn idempotent_on_arbitrary_text(s in "\\PC{1,30}") {
        check(&s, None)?;
    }
}
