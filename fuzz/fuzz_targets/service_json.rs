//! The service's JSON request bodies: arbitrary bytes POSTed as `application/json` to
//! every endpoint that reads JSON (standardize, lookup, assess), through the real
//! routes, extractors and middleware. The first byte picks the endpoint.
//!
//! Checks (`namestd_fuzz::check`): no 5xx, no panic, the one error body on every error.
#![no_main]

use actix_web::http::Method;
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 3] = ["/v1/names/standardize", "/v1/applicants/lookup", "/v1/applicants/assess"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let path = PATHS[pick as usize % PATHS.len()];
    namestd_fuzz::check(Method::POST, path, Some("application/json"), body.to_vec());
});
