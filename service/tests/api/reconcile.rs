//! Reconciliation API 0.2 with the request shapes OpenRefine sends (standards.md 4.4).

use crate::helpers::*;
use serde_json::Value;

#[test]
fn manifest_on_plain_get() {
    let p = shared();
    let r = request(p, "GET", "/reconcile", &[("Origin", "http://127.0.0.1:3333")], b"");
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_some());
    let m = r.json();
    assert_eq!(m["versions"], serde_json::json!(["0.2"]));
    for k in ["name", "identifierSpace", "schemaSpace"] {
        assert!(m[k].is_string(), "{k}");
    }
    assert!(m["view"]["url"].as_str().unwrap().contains("{{id}}"));
    assert!(m["preview"]["url"].as_str().unwrap().contains("{{id}}"));
    assert!(m["preview"]["width"].is_number());
    assert_eq!(m["suggest"]["entity"]["service_path"], "/reconcile/suggest/entity");
    assert!(m["suggest"]["entity"]["service_url"].as_str().unwrap().starts_with("http://127.0.0.1:"));
    assert_eq!(m["batchSize"], 20);
    assert_eq!(m["defaultTypes"][0]["id"], "organization");
    assert!(m.get("queries").is_none());
    // JSONP fallback.
    let r = get(p, "/reconcile?callback=jQuery123_456");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("application/javascript"));
    assert!(r.text().starts_with("jQuery123_456({") && r.text().ends_with("});"));
    get(p, "/reconcile?callback=alert(1)").error(422, "invalid_field");
}

fn check_candidates(result: &Value) {
    let list = result["result"].as_array().expect("result array");
    for c in list {
        for k in ["id", "name"] {
            assert!(c[k].is_string(), "{c}");
        }
        assert!(c["score"].is_number());
        assert!(c["match"].is_boolean());
        assert!(!c["type"].as_array().unwrap().is_empty(), "a type on every candidate");
        assert!(c["type"][0]["id"].is_string());
        assert!(c["features"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["id"].is_string() && (f["value"].is_number() || f["value"].is_boolean())));
    }
    assert!(list.windows(2).all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()));
}

#[test]
fn openrefine_form_post_batch() {
    let p = shared();
    // StandardReconConfig: query, type (single string), type_strict only with a type,
    // properties [{pid, v}] with v a string or {id, name}, limit only when set.
    let queries = r#"{"q0":{"query":"Aircast Incorporated","type":"organization","type_strict":"should"},"q1":{"query":"GENENCOR INTL INC","type":"organization","type_strict":"should","properties":[{"pid":"countryCode","v":"US"}],"limit":3},"q2":{"query":"Genencorr International Inc","properties":[{"pid":"countryCode","v":{"id":"US","name":"United States"}}]},"q3":{"query":"Zzyzx Quantum Widgets Holdings"}}"#;
    let r = post_form(p, "/reconcile", &[("queries", queries)]);
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    for k in ["q0", "q1", "q2", "q3"] {
        check_candidates(&b[k]);
    }
    assert_eq!(b["q0"]["result"][0]["id"], "AIRCAST INC");
    assert_eq!(b["q0"]["result"][0]["match"], true);
    assert!(b["q1"]["result"].as_array().unwrap().len() <= 3);
    assert_eq!(b["q1"]["result"][0]["id"], "GENENCOR INT INDIANA INC");
    assert!(b["q3"]["result"].as_array().unwrap().iter().all(|c| c["match"] == false));
}

#[test]
fn openrefine_type_guessing_request() {
    // GuessTypesOfColumnCommand: the first distinct cell values, limit 3, no type.
    let p = shared();
    let queries = r#"{"q0":{"query":"Aircell, Inc.","limit":3},"q1":{"query":"Genencor International","limit":3},"q2":{"query":"Alps Motorola","limit":3}}"#;
    let r = post_form(p, "/reconcile", &[("queries", queries)]);
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    for k in ["q0", "q1", "q2"] {
        check_candidates(&b[k]);
        assert!(!b[k]["result"].as_array().unwrap().is_empty(), "{k}");
        assert_eq!(b[k]["result"][0]["type"][0]["id"], "organization");
    }
}

#[test]
fn id_as_query_returns_that_entity() {
    let p = shared();
    let r = post_form(p, "/reconcile", &[("queries", r#"{"q0":{"query":"AIRCAST INC","limit":3}}"#)]);
    let b = r.json();
    check_candidates(&b["q0"]);
    assert_eq!(b["q0"]["result"][0]["id"], "AIRCAST INC");
    assert_eq!(b["q0"]["result"][0]["score"], 100.0);
    assert_eq!(b["q0"]["result"][0]["match"], true);
    assert!(b["q0"]["result"].as_array().unwrap().iter().skip(1).all(|c| c["match"] == false));
}

#[test]
fn queries_by_get_and_errors() {
    let p = shared();
    let r = get(p, &format!("/reconcile?queries={}", enc(r#"{"q0":{"query":"Aircast Inc"}}"#)));
    assert_eq!(r.status, 200, "{}", r.text());
    check_candidates(&r.json()["q0"]);
    get(p, &format!("/reconcile?queries={}", enc("{not json"))).error(400, "bad_request");
    post_form(p, "/reconcile", &[("queries", r#"{"q0":{"limit":3}}"#)]).error(422, "invalid_field");
    post_form(p, "/reconcile", &[("other", "1")]).error(422, "invalid_field");
    let many: Vec<String> = (0..21).map(|i| format!("\"q{i}\":{{\"query\":\"A{i}\"}}")).collect();
    post_form(p, "/reconcile", &[("queries", &format!("{{{}}}", many.join(",")))]).error(413, "batch_too_large");
}

#[test]
fn suggest_and_preview() {
    let p = shared();
    let r = get(p, "/reconcile/suggest/entity?prefix=genencor");
    assert_eq!(r.status, 200);
    let res = r.json()["result"].as_array().unwrap().clone();
    assert!(res.iter().any(|x| x["id"] == "GENENCOR INT INDIANA INC"), "{res:?}");
    assert!(res.iter().all(|x| x["id"].is_string() && x["name"].is_string()));
    let r = get(p, &format!("/reconcile/suggest/entity?prefix={}", enc("AIRCAST I")));
    assert_eq!(r.json()["result"][0]["id"], "AIRCAST INC");
    let r = get(p, &format!("/reconcile/preview?id={}", enc("AIRCAST INC")));
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().contains("Aircast"));
    get(p, "/reconcile/preview?id=NOPE").error(404, "applicant_not_found");
}

#[test]
fn preview_escapes_names() {
    let app = spawn(settings(), Some(Some(loaded("id,name\nX1,\"<script>alert(1)</script> & Co\"\n"))));
    let r = get(app.port, "/reconcile/preview?id=X1");
    assert_eq!(r.status, 200);
    let t = r.text();
    assert!(!t.contains("<script>alert"), "{t}");
    assert!(t.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    stop(app);
}
