use crate::helpers::*;
use namestd_service::Settings;
use serde_json::{json, Value};

fn codes(b: &Value) -> Vec<String> {
    b["issues"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_string()).collect()
}

fn issue<'a>(b: &'a Value, code: &str) -> &'a Value {
    b["issues"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap_or_else(|| panic!("no {code}: {b}"))
}

#[test]
fn assess_post_reports_issues_span_fix_and_score() {
    let p = shared();
    let r = post_json(p, "/v1/applicants/assess", &json!({"name": "Siemens AG AG", "countryCode": "DE"}));
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    let i = issue(&b, "legalForm.duplicated");
    assert_eq!(i["suggestion"]["name"], "Siemens AG");
    assert!(["error", "warning", "info"].contains(&i["severity"].as_str().unwrap()), "{i}");
    assert!(i["message"].as_str().is_some_and(|m| !m.is_empty()));
    let (s, e) = (i["span"]["start"].as_u64().unwrap(), i["span"]["end"].as_u64().unwrap());
    assert!(s < e && e <= 13, "{i}");
    let score = b["score"].as_u64().unwrap();
    assert!(score < 100, "{b}");
    assert!(["good", "fair", "poor", "bad"].contains(&b["band"].as_str().unwrap()));
    assert_eq!(b["hasError"], false);
    assert_eq!(b["nameAnalysis"]["core"], "Siemens");
    assert_eq!(b["name"]["organizationName"]["organizationStandardName"], "SIEMENS AG");
    assert_eq!(b["registryChecked"], true);
    assert!(b["candidates"].as_array().unwrap().len() <= 3);
}

#[test]
fn assess_get_record_fields_and_clean_name() {
    let p = shared();
    // A person with structured name parts, an invalid country: a finding, not a 422.
    let q = format!(
        "/v1/applicants/assess?name={}&kind=person&firstName=John&lastName=Smith&countryCode=USA&address={}",
        enc("SMITH, John"),
        enc("1 Main Street, Springfield")
    );
    let r = get(p, &q);
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert!(codes(&b).contains(&"country.invalid".to_string()), "{b}");
    assert!(b["name"]["personName"].is_object(), "{b}");
    // Blank name: a finding with score 0, no registry lookup.
    let b = get(p, "/v1/applicants/assess?name=%20").json();
    assert!(codes(&b).contains(&"name.empty".to_string()), "{b}");
    assert_eq!(b["score"], 0);
    assert_eq!(b["registryChecked"], false);
    // A clean name that is nobody in the registry: no issue at all.
    let b = get(p, &format!("/v1/applicants/assess?name={}&countryCode=DE", enc("Zyxwvut Quorbel GmbH"))).json();
    assert_eq!(b["score"], 100, "{b}");
    assert!(!codes(&b).contains(&"registry.nearDuplicate".to_string()), "{b}");
}

#[test]
fn assess_registry_near_duplicate_is_a_finding() {
    let p = shared();
    let r = get(p, &format!("/v1/applicants/assess?name={}&countryCode=US&limit=5", enc("Aircast Incorporated")));
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    let c = &b["candidates"][0];
    assert_eq!(c["applicant"]["id"], "AIRCAST INC");
    assert_eq!(c["match"], true);
    assert!(c["similarity"]["matches"].is_array() && c["matchReason"].is_string(), "same shape as lookup: {c}");
    let i = issue(&b, "registry.nearDuplicate");
    assert_eq!(i["severity"], "warning");
    assert_eq!(i["weight"], 0);
    assert_eq!(i["suggestion"]["applicantId"], "AIRCAST INC");
    assert!(i["message"].as_str().unwrap().contains("AIRCAST INC"));
    // The registry finding does not change the rules' score.
    assert_eq!(b["score"], 100, "{b}");
    // No match flag, no finding.
    let b = get(p, &format!("/v1/applicants/assess?name={}", enc("Genencorr International"))).json();
    assert!(b["candidates"].as_array().unwrap().iter().all(|c| c["match"] == false), "{b}");
    assert!(!codes(&b).contains(&"registry.nearDuplicate".to_string()));
}

#[test]
fn assess_batch() {
    let p = shared();
    let body = json!({"applicants": [
        {"name": "Aircast Incorporated", "countryCode": "US"},
        {"name": "N/A"},
        {"name": "Foo Ltd info@foo.com", "countryCode": "GB"}
    ]});
    let r = post_json(p, "/v1/applicants/assess", &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let a = r.json()["applicants"].as_array().unwrap().clone();
    assert_eq!(a.len(), 3);
    assert!(codes(&a[0]).contains(&"registry.nearDuplicate".to_string()));
    assert!(codes(&a[1]).contains(&"name.placeholder".to_string()));
    assert!(codes(&a[2]).contains(&"contact.email".to_string()));
}

#[test]
fn assess_errors_have_the_one_body() {
    let p = shared();
    let path = "/v1/applicants/assess";
    // 400
    request(p, "POST", path, &[("Content-Type", "application/json")], b"{\"name\":").error(400, "bad_request");
    get(p, "/v1/applicants/assess?name=x&limit=many").error(400, "bad_request");
    // 406
    request(p, "GET", "/v1/applicants/assess?name=x", &[("Accept", "text/html")], b"").error(406, "not_acceptable");
    // 413: batch (shared server: max_batch 20)
    let many: Vec<_> = (0..21).map(|i| json!({"name": format!("Name {i}")})).collect();
    post_json(p, path, &json!({"applicants": many})).error(413, "batch_too_large");
    // 415
    request(p, "POST", path, &[("Content-Type", "text/plain")], b"name=x").error(415, "unsupported_media_type");
    // 422
    let b = post_json(p, path, &json!({})).error(422, "invalid_field");
    assert_eq!(b["details"][0]["field"], "name");
    post_json(p, path, &json!({"name": "x", "kind": "robot"})).error(422, "invalid_field");
    post_json(p, path, &json!({"name": "x", "limit": 0})).error(422, "invalid_field");
    post_json(p, path, &json!({"name": "x", "organizationName": "y"})).error(422, "invalid_field");
    post_json(p, path, &json!({"name": "x".repeat(1001)})).error(422, "invalid_field");
    post_json(p, path, &json!({"name": "x", "applicants": [{"name": "y"}]})).error(422, "invalid_field");
    post_json(p, path, &json!({"applicants": []})).error(422, "invalid_field");
    let b = post_json(p, path, &json!({"applicants": [{"name": "ok"}, {"name": "z", "kind": "robot"}]}))
        .error(422, "invalid_field");
    assert_eq!(b["details"][0]["field"], "applicants[1].kind");
    get(p, "/v1/applicants/assess").error(422, "invalid_field");
}

#[test]
fn assess_body_limit_413_and_in_flight_429() {
    let s = Settings { max_body_bytes: 2048, max_in_flight: 1, ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA,Acme GmbH\n"))));
    let p = app.port;
    post_json(p, "/v1/applicants/assess", &json!({"name": "x".repeat(5000)})).error(413, "payload_too_large");
    assert_eq!(get(p, "/v1/applicants/assess?name=Acme").status, 200);
    // One request at a time; a request whose body is still coming keeps the slot busy.
    let held = Held::open(p);
    wait_in_flight(p, 1);
    get(p, "/v1/applicants/assess?name=Acme").error(429, "too_many_requests");
    assert_eq!(held.finish(), 200);
    stop(app);
}

#[test]
fn assess_without_index_still_runs_the_rules() {
    let app = spawn(settings(), Some(None));
    let r = get(app.port, "/v1/applicants/assess?name=Siemens%20AG%20AG&countryCode=DE");
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["registryChecked"], false);
    assert!(codes(&b).contains(&"legalForm.duplicated".to_string()));
    stop(app);
}

#[test]
fn html_in_names_stays_data() {
    let p = shared();
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)> Acme GmbH";
    let r = get(p, &format!("/v1/applicants/assess?name={}", enc(evil)));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("application/json")), "{:?}", r.headers);
    let b = r.json();
    assert_eq!(b["nameAnalysis"]["original"], evil, "the name comes back as a JSON string, unchanged");
    // The page puts response text into the DOM through textContent / text nodes only.
    let page = get(p, "/").text();
    let script = &page[page.find("<script>").unwrap()..];
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
        assert!(!script.contains(sink), "the page uses {sink}");
    }
    assert!(script.contains("/v1/applicants/assess"));
}
