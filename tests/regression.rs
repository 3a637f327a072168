//! Behaviour users rely on, one test per case, named after what it guards.

use namestd::{JurisdictionDecision, Kind, NameInput, Standardizer};

fn std() -> Standardizer {
    Standardizer::default()
}

#[test]
fn a_name_that_is_only_a_legal_form_keeps_it_as_core() {
    for n in ["GmbH", "Ltd.", "株式会社", "ООО", "Co., Ltd."] {
        let s = std().standardize(n);
        assert!(!s.core.is_empty(), "{n}");
        assert!(s.legal_form.is_none(), "{n}: {:?}", s.legal_form);
    }
}

#[test]
fn ambiguous_jurisdiction_is_said_not_guessed() {
    let s = std().standardize("Foo SA");
    let f = s.legal_form.expect("SA is a legal form");
    assert_eq!(f.decision, JurisdictionDecision::Ambiguous);
    assert!(f.jurisdictions.len() > 1);
    assert!(f.elf.is_empty());
    assert!(s.notes.iter().any(|n| n.contains("several jurisdictions")));
    let s = std().standardize_input(&NameInput::new("Foo SA").country("ES"));
    let f = s.legal_form.expect("SA");
    assert_eq!(f.decision, JurisdictionDecision::CountryHint);
    assert!(!f.elf.is_empty());
}

#[test]
fn country_tag_is_moved_aside_and_used() {
    let s = std().standardize("Philips Electronics N.V. (NL)");
    assert_eq!(s.country.as_deref(), Some("NL"));
    assert!(s.aside.iter().any(|a| a.text == "(NL)"));
    assert_eq!(s.core, "Philips Electronics");
}

#[test]
fn person_orders_agree_in_keys() {
    let a = std().standardize("SMITH, John A.");
    let b = std().standardize("John A. Smith");
    assert_eq!(a.kind, Kind::Person);
    assert_eq!(b.kind, Kind::Person);
    assert_eq!(a.keys.folded, b.keys.folded);
}

#[test]
fn cjk_forms_without_spaces() {
    let s = std().standardize("トヨタ自動車株式会社");
    assert_eq!(s.core, "トヨタ自動車");
    assert_eq!(s.legal_form.unwrap().canonical, "株式会社");
    let s = std().standardize("㈱東芝");
    assert_eq!(s.core, "東芝");
    assert_eq!(s.standard, "株式会社東芝");
}

#[test]
fn extra_tables_load_at_run_time_and_report_lines() {
    let bad = "form\tcanonical\tsource\nFoo\t\tx\n";
    let e = namestd::Dictionaries::embedded().with_extra_legal_forms("office.tsv", bad).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.to_string().contains("office.tsv:2"));
}

#[test]
fn a_given_name_counts_only_where_given_names_stand() {
    let s = std().standardize("LVMH Moet-Hennessy Louis Vuitton");
    assert_ne!(s.kind, Kind::Person);
    let s = std().standardize("John A. Smith");
    assert_eq!(s.kind, Kind::Person);
}

#[test]
fn a_misspelled_organization_word_outweighs_a_given_name() {
    let s = std().standardize("Thomas Jefferson Univeristy");
    assert_eq!(s.kind, Kind::Organization);
}

#[test]
fn danish_a_s_as_prefix() {
    let s = std().standardize_input(&NameInput::new("A/S Steamship Company Torm").country("DK"));
    assert_eq!(s.legal_form.expect("A/S").canonical, "A/S");
    assert_eq!(s.core, "Steamship Company Torm");
}

#[test]
fn a_legal_form_before_a_trailing_place_is_found_and_the_place_kept_aside() {
    let s = std().standardize("GIST BROCADES NV, DELFT");
    let f = s.legal_form.expect("NV");
    assert_eq!(f.canonical, "NV");
    assert_eq!(f.position, namestd::Position::Inside);
    assert_eq!(s.core, "GIST BROCADES");
    assert!(s.aside.iter().any(|a| a.kind == "afterLegalForm" && a.text == "DELFT"));
    // Not when the words after the comma are a legal form themselves.
    let s = std().standardize("Foo Co., Ltd.");
    assert_eq!(s.legal_form.unwrap().canonical, "CO LTD");
}

#[test]
fn letters_joined_by_periods_or_a_dotted_word_are_not_split_into_forms() {
    let s = std().standardize("Ebookers.com plc");
    assert_eq!(s.core, "Ebookers.com");
    let s = std().standardize("D S M N.V.");
    assert_eq!(s.core, "D S M");
    assert_eq!(s.legal_form.unwrap().canonical, "NV");
}

#[test]
fn country_codes_serialize_as_two_letters_and_compare_with_strings() {
    let s = std().standardize_input(&NameInput::new("Foo GmbH").country("DE"));
    let f = s.legal_form.expect("GmbH");
    assert_eq!(f.jurisdictions, ["DE"]);
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["jurisdictions"], serde_json::json!(["DE"]));
    let back: namestd::LegalForm = serde_json::from_value(json).unwrap();
    assert_eq!(back, f);
    assert!(serde_json::from_value::<namestd::CountryCode>(serde_json::json!("DEU")).is_err());
}

/// Found by the idempotence property (`Dr. FÃ¶rderung Ii 東芝`, US): a suffix between the
/// given names and the family name stayed in the given names, `東芝, FÖRDERUNG II`, and
/// the next pass read it as a suffix, `東芝, FÖRDERUNG`.
#[test]
fn a_suffix_before_the_family_name_is_a_suffix_at_once() {
    let s = std();
    for (name, country) in
        [("Dr. FÃ¶rderung Ii 東芝", Some("US")), ("John Jr SMITH", None), ("Hans Peter Ii Schmidt", Some("DE"))]
    {
        let first = s.standardize_input(&NameInput { name, country, kind: None });
        let again =
            s.standardize_input(&NameInput { name: &first.standard, country: first.country.as_deref(), kind: None });
        assert_eq!(again.standard, first.standard, "{name}");
    }
}

/// Found by the idempotence property (`Siemens ALF 東芝`): the standard form in capitals,
/// `SIEMENS ALF 東芝`, read as a family name in capitals before the given name `ALF`,
/// became a person (`SIEMENS ALF, 東芝`) on the next pass; `Acme John Paul` likewise
/// became `PAUL, ACME JOHN`. Capitals mark a family name only beside lower-case words.
#[test]
fn capitals_mark_a_family_name_only_beside_lower_case() {
    let s = std();
    for name in ["Siemens ALF 東芝", "Acme John Paul", "SMITH John Paul", "Hans MÜLLER"] {
        let first = s.standardize_input(&NameInput { name, country: None, kind: None });
        let again = s.standardize_input(&NameInput { name: &first.standard, country: None, kind: None });
        assert_eq!((again.kind, &again.standard), (first.kind, &first.standard), "{name}");
    }
    let caps = |name| s.standardize_input(&NameInput { name, country: None, kind: None });
    assert_eq!(caps("ACME JOHN PAUL").kind.as_str(), "unknown");
    let smith = caps("SMITH John Paul");
    assert_eq!((smith.kind.as_str(), smith.standard.as_str()), ("person", "SMITH, JOHN PAUL"));
}
