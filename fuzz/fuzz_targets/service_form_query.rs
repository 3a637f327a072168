//! The service's form bodies and query strings: reconciliation batches (`queries=` as a
//! form POST and as `GET ?queries=`, the JSON inside arbitrary), raw form bodies, and raw
//! query strings on every GET endpoint that reads one; also an arbitrary applicant id in
//! the path. The first byte picks the request.
//!
//! Checks (`namestd_fuzz::check`): no 5xx, no panic, the one error body on every error.
#![no_main]

use actix_web::http::Method;
use libfuzzer_sys::fuzz_target;
use namestd_fuzz::{check, enc, raw_query};

const FORM: &str = "application/x-www-form-urlencoded";

const GETS: [&str; 8] = [
    "/v1/names/standardize",
    "/v1/applicants/lookup",
    "/v1/applicants/assess",
    "/v1/legalForms",
    "/reconcile",
    "/reconcile/suggest/entity",
    "/reconcile/preview",
    "/",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    match pick % 12 {
        0 => check(Method::POST, "/reconcile", Some(FORM), format!("queries={}", enc(rest)).into_bytes()),
        1 => check(Method::GET, &format!("/reconcile?queries={}", enc(rest)), None, Vec::new()),
        2 => check(Method::POST, "/reconcile", Some(FORM), rest.to_vec()),
        3 => check(Method::GET, &format!("/v1/applicants/{}", enc(rest)), None, Vec::new()),
        n => {
            let path = GETS[(n - 4) as usize];
            check(Method::GET, &format!("{path}?{}", raw_query(rest)), None, Vec::new())
        }
    }
});
