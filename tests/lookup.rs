//! Lookup index on real names: the NBER/PatentsView assignee benchmark (data/eval).

use namestd::lookup::{registry, LookupIndex, Query};
use std::sync::LazyLock;

const NBER: &str = include_str!("../data/eval/nber-subset-assignees-benchmark-distinct-names.csv");

static INDEX: LazyLock<LookupIndex> = LazyLock::new(|| LookupIndex::from_csv(NBER).expect("registry reads"));

#[test]
fn registry_reads_the_benchmark() {
    let reg = registry::from_csv(NBER).unwrap();
    assert_eq!(reg.len(), 6_176);
    assert_eq!(reg.iter().map(|a| a.variants.len()).sum::<usize>(), 12_367);
}

/// Every 7th registry spelling, looked up as typed, finds its own applicant first.
#[test]
fn variants_find_their_applicant() {
    let idx = &*INDEX;
    let (mut total, mut top1) = (0, 0);
    let mut misses = Vec::new();
    for a in idx.applicants().iter().step_by(7) {
        for v in &a.variants {
            total += 1;
            let r = idx.query(&Query::new(&v.name));
            if r.candidates.first().is_some_and(|c| c.applicant.id == a.id) {
                top1 += 1;
            } else if misses.len() < 10 {
                misses.push((v.name.clone(), r.candidates.first().map(|c| c.applicant.id.clone())));
            }
        }
    }
    // Measured 1608/1667 (96.5%); the misses are label noise: the same spelling filed
    // under several entities (`General Electric Company` also under `JOHNSHOPKINS UNIV`).
    assert!(top1 * 100 >= total * 95, "top-1 {top1}/{total}; e.g. {misses:?}");
}

/// Golden-ish: real spellings with typos, case and legal-form changes.
#[test]
fn real_names_golden() {
    let idx = &*INDEX;
    let cases: &[(&str, &str)] = &[
        ("Alps Motorola Inc", "ALPS MOTOROLA INC"),
        ("ALPS MOTORLA, INC.", "ALPS MOTOROLA INC"),
        ("Motorola Canada Ltd.", "MOTOROLA CANADA LTD"),
        ("Genencor International", "GENENCOR INT INDIANA INC"),
        ("GENENCOR INTL INC", "GENENCOR INT INDIANA INC"),
        ("Genencorr International Inc", "GENENCOR INT INDIANA INC"),
        ("Aircast Incorporated", "AIRCAST INC"),
        ("AIRCELL, INC", "AIRCELL INC"),
    ];
    for (q, id) in cases {
        let r = idx.query(&Query::new(q));
        let got: Vec<(&str, f64)> = r.candidates.iter().map(|c| (c.applicant.id.as_str(), c.score)).collect();
        assert_eq!(got.first().map(|g| g.0), Some(*id), "{q}: {got:?}");
    }
}

#[test]
fn near_miss_negatives_do_not_match() {
    let idx = &*INDEX;
    // Not in the registry: must not be a match to something else.
    for q in ["Motorola Aerospace Holdings Ltd", "American Genetics Institute of Ohio", "Solutions Unlimited Zeta GmbH"]
    {
        let r = idx.query(&Query::new(q));
        assert!(r.candidates.iter().all(|c| !c.is_match), "{q}: {:?}", r.candidates.first().map(|c| &c.applicant.id));
    }
}
