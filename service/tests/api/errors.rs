use crate::helpers::*;
use namestd_service::Settings;
use serde_json::json;

#[test]
fn client_errors_have_the_one_body() {
    let p = shared();
    // 400 malformed JSON
    request(p, "POST", "/v1/names/standardize", &[("Content-Type", "application/json")], b"{\"name\":")
        .error(400, "bad_request");
    // 404 unknown path, any method
    get(p, "/v2/nothing").error(404, "not_found");
    request(p, "DELETE", "/nothing", &[], b"").error(404, "not_found");
    // 405 wrong method, with Allow
    let r = request(p, "DELETE", "/v1/applicants/lookup", &[], b"");
    r.error(405, "method_not_allowed");
    assert!(r.header("allow").is_some_and(|a| a.contains("GET") && a.contains("POST")), "{:?}", r.headers);
    request(p, "PUT", "/health/live", &[], b"").error(405, "method_not_allowed");
    // 406 not acceptable
    request(p, "GET", "/v1/legalForms?countryCode=DE", &[("Accept", "text/html")], b"").error(406, "not_acceptable");
    let r = request(p, "GET", "/v1/legalForms?countryCode=DE", &[("Accept", "text/html, application/json;q=0.5")], b"");
    assert_eq!(r.status, 200);
    // 415 wrong content type
    request(p, "POST", "/v1/applicants/lookup", &[("Content-Type", "text/plain")], b"name=x")
        .error(415, "unsupported_media_type");
    post_form(p, "/v1/names/standardize", &[("name", "x")]).error(415, "unsupported_media_type");
    request(p, "POST", "/reconcile", &[("Content-Type", "application/json")], b"{}")
        .error(415, "unsupported_media_type");
    // 422 invalid fields
    let b = post_json(p, "/v1/names/standardize", &json!({"names": [{"name": "ok"}, {"name": ""}]}))
        .error(422, "invalid_field");
    assert_eq!(b["details"][0]["field"], "names[1].name");
    post_json(p, "/v1/names/standardize", &json!({"name": "a", "names": []})).error(422, "invalid_field");
    post_json(p, "/v1/names/standardize", &json!({"name": "a", "unknownField": 1})).error(422, "invalid_field");
    post_json(p, "/v1/names/standardize", &json!({"name": "x".repeat(1001)})).error(422, "invalid_field");
    // 413 batch too large (shared server: max_batch 20)
    let names: Vec<_> = (0..21).map(|i| json!({"name": format!("Name {i}")})).collect();
    post_json(p, "/v1/names/standardize", &json!({"names": names})).error(413, "batch_too_large");
}

#[test]
fn body_limit_is_413() {
    let app = spawn(Settings { max_body_bytes: 2048, ..settings() }, Some(Some(loaded("id,name\nA,Acme GmbH\n"))));
    let big = json!({"name": "x".repeat(5000)});
    post_json(app.port, "/v1/names/standardize", &big).error(413, "payload_too_large");
    post_form(app.port, "/reconcile", &[("queries", &"y".repeat(5000))]).error(413, "payload_too_large");
    let r = post_json(app.port, "/v1/names/standardize", &json!({"name": "Acme GmbH"}));
    assert_eq!(r.status, 200);
    stop(app);
}

#[test]
fn no_index_is_503_until_reload() {
    let path = temp_path("ready.csv");
    std::fs::write(&path, "id,name,country\nA1,Acme Widgets GmbH,DE\n").unwrap();
    let app = spawn(with_registry(&path), Some(None));
    let p = app.port;
    let r = get(p, "/health/ready");
    r.error(503, "index_not_ready");
    assert_eq!(r.header("retry-after"), Some("1"));
    get(p, "/v1/applicants/lookup?name=Acme").error(503, "index_not_ready");
    post_form(p, "/reconcile", &[("queries", r#"{"q0":{"query":"Acme"}}"#)]).error(503, "index_not_ready");
    assert_eq!(get(p, "/health/live").status, 200);
    let r = request(p, "POST", "/v1/index/reload", &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["applicants"], 1);
    assert_eq!(get(p, "/health/ready").status, 200);
    let r = get(p, "/v1/applicants/lookup?name=Acme%20Widgets%20GmbH&countryCode=DE");
    assert_eq!(r.json()["candidates"][0]["applicant"]["id"], "A1");
    // 500: the source is gone; the old index stays and still answers.
    std::fs::remove_file(&path).unwrap();
    request(p, "POST", "/v1/index/reload", &[], b"").error(500, "internal");
    assert_eq!(get(p, "/v1/applicants/lookup?name=Acme").status, 200);
    assert!(get(p, "/metrics").text().contains("namestd_index_reload_failures_total 1"));
    stop(app);
}

#[test]
fn reload_is_outside_the_in_flight_limit() {
    // One request at a time, and a request whose body is still coming holds the slot.
    let s = Settings { max_in_flight: 1, ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA,Acme GmbH\n"))));
    let p = app.port;
    let held = Held::open(p);
    wait_in_flight(p, 1);
    let r = get(p, "/v1/index");
    r.error(429, "too_many_requests");
    assert_eq!(r.header("retry-after"), Some("1"));
    // Health and reload stay reachable.
    assert_eq!(get(p, "/health/live").status, 200);
    let r = request(p, "POST", "/v1/index/reload", &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["applicants"], 6176);
    assert_eq!(held.finish(), 200);
    assert_eq!(get(p, "/v1/index").json()["applicants"], 6176);
    stop(app);
}
