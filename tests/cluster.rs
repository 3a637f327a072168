//! Clustering: behaviour on known hard pairs, the quality floor on the labelled sets in
//! `data/eval/`, and invariance to input order and thread count.

use namestd::cluster::{compare, ClusterInput, Clusterer, Evaluation, Veto};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Names, truth labels and mention counts of a labelled set in `data/eval/`.
fn labelled(file: &str) -> (Vec<ClusterInput>, Vec<String>) {
    let path = format!("{}/data/eval/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut rdr = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (mut inputs, mut truth) = (Vec::new(), Vec::new());
    for r in rdr.records() {
        let r = r.expect("record");
        let count = r.get(2).and_then(|c| c.parse().ok()).unwrap_or(1);
        inputs.push(ClusterInput::new(r.get(1).unwrap_or("")).count(count));
        truth.push(r.get(0).unwrap_or("").to_string());
    }
    (inputs, truth)
}

fn evaluate(file: &str) -> Evaluation {
    let (inputs, truth) = labelled(file);
    let truth: Vec<&str> = truth.iter().map(String::as_str).collect();
    let clustering = Clusterer::default().cluster(&inputs);
    Evaluation::new(&clustering, &inputs, &truth, 0)
}

/// The figures reached (2026-11-21: NBER P 0.852 / F1 0.780 / B-cubed 0.880 once other
/// names of cities and misspelled harmonized words (`Junion`) met; Leuven P 1 / F1 0.763 /
/// B-cubed 0.890 once seats, addresses and `, NL` after the name went aside; the targets, string-level pairwise F1 >= 0.80 with
/// precision >= 0.95 and B-cubed F1 >= 0.90, are not reached yet): a drop below them
/// fails. (The replaced-word veto, which keeps generated entities that differ in one rare
/// word apart, cost the NBER set 0.009 of F1 for +0.08 precision on generated names. NBER
/// precision went from 0.857 to 0.852 when `Etablissements` and its misspelling
/// `Establissements` got one key: Michelin, whose names NBER splits between
/// two near-identical labels, `... ESTAB MICHELIN` and `... ETAB MICHELIN`, each holding
/// both spellings (1,382 false pairs between them now).)
#[test]
fn quality_floor_on_the_nber_subset() {
    let e = evaluate("nber-subset-assignees-benchmark-distinct-names.csv");
    let s = e.strings;
    eprintln!("nber strings P {:.4} R {:.4} F1 {:.4}; b-cubed F1 {:.4}", s.precision, s.recall, s.f1, e.bcubed.f1);
    assert!(s.precision >= 0.85, "precision {}", s.precision);
    assert!(s.f1 >= 0.780, "f1 {}", s.f1);
    assert!(e.bcubed.f1 >= 0.880, "b-cubed f1 {}", e.bcubed.f1);
    assert!(s.f1 > 0.50, "must beat string_grouper's 0.50");
}

/// See [`quality_floor_on_the_nber_subset`].
#[test]
fn quality_floor_on_patstat_leuven() {
    let e = evaluate("patstat-leuven-distinct-names.csv");
    let s = e.strings;
    eprintln!("leuven strings P {:.4} R {:.4} F1 {:.4}; b-cubed F1 {:.4}", s.precision, s.recall, s.f1, e.bcubed.f1);
    assert!(s.precision >= 0.99, "precision {}", s.precision);
    assert!(s.f1 >= 0.773, "f1 {}", s.f1);
    assert!(e.bcubed.f1 >= 0.897, "b-cubed f1 {}", e.bcubed.f1);
    assert!(s.f1 > 0.52, "must beat string_grouper's 0.52");
}

fn together(names: &[&str]) -> Vec<String> {
    let inputs: Vec<ClusterInput> = names.iter().map(|n| ClusterInput::new(*n)).collect();
    let c = Clusterer::default().cluster(&inputs);
    (0..names.len()).map(|i| c.cluster_of_input(i).id.clone()).collect()
}

#[test]
fn typos_and_punctuation_variants_cluster_together() {
    let ids = together(&["Motorola, Inc.", "MOTOROLA INC", "Motorla Inc.", "Motorola Inc", "General Electric Company"]);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[0], ids[2]);
    assert_eq!(ids[0], ids[3]);
    assert_ne!(ids[0], ids[4]);
}

#[test]
fn distinctive_tokens_must_agree() {
    let names = ["Bank of the West", "Bank of the East", "Bank of America", "First Bank", "AMTECH", "IMTECH"];
    let ids = together(&names);
    assert_ne!(ids[0], ids[1]);
    assert_ne!(ids[4], ids[5]);
    let s = compare("Bank of the West", "Bank of the East", &names);
    assert_eq!(s.veto, Some(Veto::DistinctiveTokensDiffer));
}

#[test]
fn a_modifier_word_on_one_side_keeps_names_apart() {
    let names =
        ["Iowa State University", "University of Iowa", "Southern Illinois University", "University of Illinois"];
    let ids = together(&names);
    assert_ne!(ids[0], ids[1]);
    assert_ne!(ids[2], ids[3]);
    assert_eq!(compare(names[0], names[1], &names).veto, Some(Veto::ModifierDiffers));
}

#[test]
fn the_represented_body_must_agree() {
    let names = [
        "The United States of America as represented by the Secretary of Commerce",
        "The United States of America as represented by the Secretary of Agriculture",
        "United States of America, as represented by the Secretary of Commerce",
        "The United States of America",
        "State of Utopia acting by and through the Board of Education on behalf of Utopia State University",
        "State of Utopia acting by and through the Board of Education on behalf of Springfield State University",
    ];
    let ids = together(&names);
    assert_ne!(ids[0], ids[1]);
    assert_eq!(ids[0], ids[2]);
    assert_ne!(ids[0], ids[3]);
    assert_ne!(ids[4], ids[5]);
    assert_eq!(compare(names[0], names[1], &names).veto, Some(Veto::RepresentedBodyDiffers));
}

#[test]
fn seats_split_words_apostrophes_and_honorifics_do_not_split_a_company() {
    let ids = together(&[
        "Acme Gloeilampen N.V.",
        "ACME GLOEILAMPEN N.V., DELFT, NL",
        "ACME GLOEILAMPEN N.V., ARNHEIM/ARNHEM",
        "Acme Research Maatschappij B.V.",
        "ACME RESEARCH MAATS CHAPPIJ B.V.",
        "Orwells Instruments N.V.",
        "ORWELL'S INSTRUMENTS N.V.",
        "Koninklijke Orbital Labs N.V.",
        "Orbital Labs N.V.",
    ]);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[0], ids[2]);
    assert_eq!(ids[3], ids[4]);
    assert_eq!(ids[5], ids[6]);
    assert_eq!(ids[7], ids[8]);
}

#[test]
fn cut_short_forms_compounds_and_acronyms_do_not_split_a_company() {
    let ids = together(&[
        "Orwell Widgets N.V.",
        "ORWELL WIDGETS N",
        "Acme Research Maatschappij B.V.",
        "ACME RESEARCHMAATSCHAPPIJ B.V.",
        "Orbital Labs Electronics N.V. (OLENV)",
        "Orbital Labs Electronics N.V.",
        // Roman numerals and initials at the end are words of the name.
        "Universite de Paris V",
        "Universite de Paris I",
        "Universite de Paris",
    ]);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[2], ids[3]);
    assert_eq!(ids[4], ids[5]);
    assert_ne!(ids[6], ids[7]);
    assert_ne!(ids[6], ids[8]);
}

#[test]
fn numbers_that_differ_keep_names_apart() {
    let ids = together(&["11447 Second Street LLC", "11449 Second Street LLC", "11447 Second Street L.L.C."]);
    assert_ne!(ids[0], ids[1]);
    assert_eq!(ids[0], ids[2]);
    let s = compare("11447 Second Street LLC", "11449 Second Street LLC", &[]);
    assert_eq!(s.veto, Some(Veto::DigitsDiffer));
}

#[test]
fn an_acronym_matches_its_expansion() {
    let s = compare("IBM", "International Business Machines", &["IBM Corp", "Intel", "Business Objects"]);
    assert!(s.acronym, "{s:?}");
    assert!(s.score >= 0.8, "{s:?}");
}

#[test]
fn every_score_is_explained() {
    let s = compare("Koninklijke Philips Electronics N.V.", "Philips Electronics", &[]);
    let json = serde_json::to_value(&s).expect("serializable");
    assert!(json.get("matches").is_some_and(|m| m.as_array().is_some_and(|a| !a.is_empty())));
    assert!(json.get("legalForm").is_some());
}

#[test]
fn cluster_ids_are_stable_when_data_is_added() {
    let base = ["Motorola, Inc.", "MOTOROLA INC", "Siemens AG", "Siemens Aktiengesellschaft"];
    let before = together(&base);
    let mut more = base.to_vec();
    more.extend(["Nokia Oyj", "Nokia Corporation", "Motorola Inc"]);
    let after = together(&more);
    assert_eq!(before[..], after[..base.len()]);
}

/// A slice of the NBER set: several prefix groups, variants and near misses.
fn sample_names() -> Vec<ClusterInput> {
    let (inputs, _) = labelled("nber-subset-assignees-benchmark-distinct-names.csv");
    inputs.into_iter().step_by(41).collect()
}

/// Cluster id and members (by name) for each name.
fn partition(inputs: &[ClusterInput]) -> BTreeMap<String, (String, Vec<String>)> {
    let c = Clusterer::default().cluster(inputs);
    let mut out = BTreeMap::new();
    for (i, inp) in inputs.iter().enumerate() {
        let cl = c.cluster_of_input(i);
        let mut members: Vec<String> = cl.members.iter().map(|&m| c.entry_name(m).to_string()).collect();
        members.sort();
        out.insert(inp.name.clone(), (cl.id.clone(), members));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn clusters_do_not_depend_on_input_order_or_thread_count(
        shuffled in Just(sample_names()).prop_shuffle(),
        threads in 1usize..=4,
    ) {
        let reference = partition(&sample_names());
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        let got = pool.install(|| partition(&shuffled));
        prop_assert_eq!(reference, got);
    }
}
