use super::*;

fn registry() -> Vec<Applicant> {
    vec![
        Applicant::new("A1", "Motorola, Inc.").variant("MOTOROLA INC").variant("Motorola Inc").country("US"),
        Applicant::new("A2", "Motorola Solutions, Inc.").country("US"),
        Applicant::new("A3", "Bank of the West"),
        Applicant::new("A4", "Bank of the East"),
        Applicant::new("A5", "International Business Machines Corporation").variant("IBM Corp").identifier("C-42"),
        Applicant::new("A6", "Koninklijke Philips Electronics N.V.").variant("PHILIPS ELECTRONICS NV").country("NL"),
        Applicant::new("A7", "11447 Second Street LLC"),
        Applicant::new("A8", "11449 Second Street LLC"),
        Applicant::new("P1", "SMITH, John A.").kind(Kind::Person),
    ]
}

fn index() -> LookupIndex {
    LookupIndex::build(registry())
}

#[test]
fn exact_name_is_found_and_matches() {
    let idx = index();
    let r = idx.query(&Query::new("MOTOROLA, INC.").country("US"));
    let top = &r.candidates[0];
    assert_eq!(top.applicant.id, "A1");
    assert!(top.features.exact_name);
    assert!(top.is_match, "{}", top.reason);
    assert!(r.candidates.iter().skip(1).all(|c| !c.is_match));
}

#[test]
fn typo_finds_the_applicant() {
    let idx = index();
    let r = idx.query(&Query::new("Motorolla Inc"));
    assert_eq!(r.candidates[0].applicant.id, "A1");
    assert!(r.candidates[0].similarity.matches.iter().any(|m| m.kind == crate::cluster::similarity::MatchKind::Fuzzy));
}

#[test]
fn distinctive_tokens_and_numbers_veto() {
    let idx = index();
    let r = idx.query(&Query::new("Bank of the West"));
    assert_eq!(r.candidates[0].applicant.id, "A3");
    assert!(r.candidates[0].is_match);
    let east = r.candidates.iter().find(|c| c.applicant.id == "A4").unwrap();
    assert!(east.features.vetoed);
    assert_eq!(east.score, 0.0);
    let r = idx.query(&Query::new("11447 Second Street LLC"));
    assert_eq!(r.candidates[0].applicant.id, "A7");
    assert!(r.candidates[0].is_match);
}

#[test]
fn country_conflict_is_no_match() {
    let idx = index();
    let r = idx.query(&Query::new("Koninklijke Philips Electronics N.V.").country("NL"));
    assert_eq!(r.candidates[0].applicant.id, "A6");
    assert!(r.candidates[0].is_match);
    let r = idx.query(&Query::new("Koninklijke Philips Electronics Inc.").country("US"));
    assert_eq!(r.candidates[0].applicant.id, "A6");
    assert!(!r.candidates[0].is_match);
    assert!(!r.candidates[0].features.country_agree);
}

#[test]
fn close_candidates_without_margin_do_not_match() {
    let reg = vec![Applicant::new("X1", "Acme Widgets GmbH"), Applicant::new("X2", "Acme Widget GmbH")];
    let idx = LookupIndex::build(reg);
    let r = idx.query(&Query::new("Acme Widgets GmbH"));
    assert_eq!(r.candidates.len(), 2);
    assert!(!r.candidates[0].is_match, "{}", r.candidates[0].reason);
}

#[test]
fn identifier_wins_and_acronym_is_a_candidate() {
    let idx = index();
    let r = idx.query(&Query::new("Big Blue").identifier("C-42"));
    assert_eq!(r.candidates[0].applicant.id, "A5");
    assert!(r.candidates[0].is_match);
    assert!(r.candidates[0].features.identifier_exact);
    let r = idx.query(&Query::new("IBM"));
    assert_eq!(r.candidates[0].applicant.id, "A5");
}

#[test]
fn kind_filter_and_limit() {
    let idx = index();
    let r = idx.query(&Query::new("John Smith").kind(Kind::Organization));
    assert!(r.candidates.iter().all(|c| c.applicant.id != "P1"));
    let r = idx.query(&Query::new("John A. Smith").kind(Kind::Person));
    assert_eq!(r.candidates[0].applicant.id, "P1");
    let r = idx.query(&Query::new("Motorola").limit(1));
    assert_eq!(r.candidates.len(), 1);
}

#[test]
fn suggest_by_prefix_and_id() {
    let idx = index();
    let s = idx.suggest("motorola sol", 5);
    assert_eq!(s[0].applicant.id, "A2");
    let s = idx.suggest("A5", 5);
    assert_eq!(s[0].applicant.id, "A5");
    assert!(idx.suggest("", 5).is_empty());
}

#[test]
fn empty_and_junk_queries_do_not_panic() {
    let idx = index();
    for q in ["", " ", "---", "株式会社", "ＡＢＣ", "\u{0}"] {
        let r = idx.query(&Query::new(q));
        assert!(r.candidates.len() <= 5);
    }
}

#[test]
fn bytes_round_trip_gives_same_answers() {
    let idx = index();
    let bytes = idx.to_bytes();
    let back = LookupIndex::from_bytes(&bytes).unwrap();
    for q in ["Motorla Inc", "IBM", "Bank of the East", "Philips Electronics"] {
        let a = idx.query(&Query::new(q));
        let b = back.query(&Query::new(q));
        assert_eq!(a, b, "{q}");
    }
    assert!(LookupIndex::from_bytes(b"nonsense").is_err());
    let mut bad = bytes.clone();
    bad.truncate(bytes.len() / 2);
    assert!(LookupIndex::from_bytes(&bad).is_err());
}

#[test]
fn stored_index_errors_are_clear() {
    let bytes = index().to_bytes();
    let err = |b: &[u8]| LookupIndex::from_bytes(b).unwrap_err().message;
    assert!(err(b"namestd-lookup-index 1\n{}").contains("version 1"));
    assert!(err(b"nonsense").contains("magic"));
    let mut v = bytes.clone();
    v[b"namestd-lookup-index\n".len()] = 9;
    assert!(err(&v).contains("version 9"), "{}", err(&v));
    let mut v = bytes.clone();
    v.push(0);
    assert!(err(&v).contains("after the last section"));
    // Every truncation is an error, none a panic.
    for cut in (0..bytes.len()).step_by(7) {
        assert!(LookupIndex::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn stored_index_loads_from_a_file() {
    let idx = index();
    let path = std::env::temp_dir().join(format!("namestd-lookup-test-{}.idx", std::process::id()));
    std::fs::write(&path, idx.to_bytes()).unwrap();
    let back = LookupIndex::from_file(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(back.to_bytes(), idx.to_bytes());
    assert_eq!(back.applicants(), idx.applicants());
    assert!(LookupIndex::from_file(&path).is_err());
}

#[test]
fn lookup_scores_as_clustering_does() {
    // Same names, same corpus: the lookup score equals clustering's explained score.
    let names = ["Motorola, Inc.", "Motorola Solutions, Inc.", "Motorla Inc"];
    let reg: Vec<Applicant> = names[..2].iter().enumerate().map(|(i, n)| Applicant::new(format!("E{i}"), *n)).collect();
    let idx = LookupIndex::build(reg);
    let r = idx.query(&Query::new(names[2]));
    let c = crate::cluster::compare(names[2], names[0], &names[..2]);
    let top = r.candidates.iter().find(|c| c.applicant.id == "E0").unwrap();
    assert_eq!(top.similarity.matches, c.matches);
    assert_eq!(top.similarity.veto, c.veto);
    assert!((top.score - c.score).abs() < 1e-9, "{} vs {}", top.score, c.score);
}

#[test]
fn registry_order_does_not_change_answers() {
    let mut reg = registry();
    let a = LookupIndex::build(reg.clone());
    reg.reverse();
    let b = LookupIndex::build(reg);
    for q in ["Motorola", "Motorla Inc", "IBM", "Bank of the", "Second Street LLC", "Philips"] {
        let ra: Vec<(String, u64, bool)> = a
            .query(&Query::new(q).limit(9))
            .candidates
            .iter()
            .map(|c| (c.applicant.id.clone(), (c.score * 1e9) as u64, c.is_match))
            .collect();
        let rb: Vec<(String, u64, bool)> = b
            .query(&Query::new(q).limit(9))
            .candidates
            .iter()
            .map(|c| (c.applicant.id.clone(), (c.score * 1e9) as u64, c.is_match))
            .collect();
        assert_eq!(ra, rb, "{q}");
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static INDEX: LazyLock<LookupIndex> = LazyLock::new(index);
    static BYTES: LazyLock<Vec<u8>> = LazyLock::new(|| INDEX.to_bytes());

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]
        /// Any text: no panic, at most `limit` candidates, sorted by score, scores in
        /// 0..=1, at most one match and only first.
        #[test]
        fn any_query_is_well_formed(name in "\\PC{0,40}", limit in 1usize..8, country in proptest::option::of("[A-Z]{2}")) {
            let mut q = Query::new(&name).limit(limit);
            q.country = country.as_deref();
            let r = INDEX.query(&q);
            prop_assert!(r.candidates.len() <= limit);
            prop_assert!(r.candidates.windows(2).all(|w| w[0].score >= w[1].score));
            prop_assert!(r.candidates.iter().all(|c| (0.0..=1.0).contains(&c.score)));
            prop_assert!(r.candidates.iter().skip(1).all(|c| !c.is_match));
            let s = INDEX.suggest(&name, limit);
            prop_assert!(s.len() <= limit);
        }

        /// Damaged stored indexes (bytes overwritten, inserted or cut) and arbitrary bytes
        /// load as an error or as an index that answers queries, never a panic.
        #[test]
        fn damaged_stored_index_never_panics(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
            junk in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let mut bytes = BYTES.clone();
            for (at, b, op) in edits {
                let i = at.index(bytes.len());
                match op {
                    0 => bytes[i] = b,
                    1 => bytes.insert(i, b),
                    _ => bytes.truncate(i),
                }
                if bytes.is_empty() {
                    break;
                }
            }
            if let Ok(idx) = LookupIndex::from_bytes(&bytes) {
                let _ = idx.query(&Query::new("Motorola Inc").identifier("C-42"));
                let _ = idx.suggest("mot", 3);
                let _ = idx.suggest("A", 3);
                let _ = idx.applicant("A1");
                let _ = idx.applicants();
            }
            let mut raw = b"namestd-lookup-index\n\x02\0\0\0".to_vec();
            raw.extend(&junk);
            prop_assert!(LookupIndex::from_bytes(&raw).is_err());
            let _ = LookupIndex::from_bytes(&junk);
        }
    }
}

/// `s` with the byte at `i` (modulo its length) removed, swapped with the next or replaced.
fn edited(s: &str, i: usize, how: usize) -> String {
    let mut b: Vec<u8> = s.bytes().collect();
    let i = i % b.len();
    match how % 4 {
        0 => {
            b.remove(i);
        }
        1 if i + 1 < b.len() => b.swap(i, i + 1),
        2 => b[i] = b'c',
        _ => b.insert(i, b'a'),
    }
    String::from_utf8(b).unwrap_or_default()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 2000, failure_persistence: None, ..proptest::prelude::ProptestConfig::default()
    })]
    /// The lookup's shortcuts to `token_similarity` never change its answer.
    #[test]
    fn fuzzy_similarity_is_token_similarity(
        a in "[abcd]{3,11}",
        b in "[abcdé1]{3,11}",
        ops in proptest::collection::vec((0usize..12, 0usize..4), 0..3),
    ) {
        let sim = crate::cluster::similarity::token_similarity;
        proptest::prop_assert_eq!(score::fuzzy_similarity(&a, &b), sim(&a, &b));
        // Near copies: one, two or no edits.
        let mut near = a.clone();
        for (i, how) in ops {
            near = edited(&near, i, how);
            if near.is_empty() {
                return Ok(());
            }
        }
        proptest::prop_assert_eq!(score::fuzzy_similarity(&a, &near), sim(&a, &near), "{} {}", a, near);
        proptest::prop_assert_eq!(score::fuzzy_similarity(&near, &a), sim(&near, &a), "{} {}", near, a);
    }
}
