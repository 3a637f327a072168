use crate::helpers::*;
use serde_json::json;

#[test]
fn health_metrics_openapi_docs() {
    let p = shared();
    let r = get(p, "/health/live");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "live");
    let r = get(p, "/health/ready");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["index"]["applicants"], 6176);
    assert_eq!(r.json()["index"]["source"], "embedded");
    let r = get(p, "/metrics");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    let t = r.text();
    assert!(t.contains("namestd_http_requests_total{route=\"/health/live\",method=\"GET\",status=\"200\"}"), "{t}");
    assert!(t.contains("namestd_http_request_duration_seconds_bucket"));
    assert!(t.contains("namestd_index_applicants 6176"));
    let r = get(p, "/openapi.json");
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for (method, path) in namestd_service::routes::docs::documented() {
        assert!(doc["paths"][path][method]["responses"]["200"].is_object(), "{method} {path}");
    }
    assert!(doc["components"]["schemas"]["Error"]["properties"]["requestId"].is_object());
    let r = get(p, "/docs");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().contains("/openapi.json"));
    let r = get(p, "/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    // The filing-assist page renders names with textContent only.
    let page = r.text();
    assert!(page.contains("/v1/applicants/assess"), "the page reads issues, standard form and candidates from assess");
    assert!(!page.contains("innerHTML"));
}

#[test]
fn every_documented_route_is_routed() {
    let p = shared();
    for (method, path) in namestd_service::routes::docs::documented() {
        let path = path.replace("{id}", "X");
        let r = request(p, &method.to_uppercase(), &path, &[("Content-Type", "application/json")], b"{}");
        assert!(r.status != 404 || path.contains("/v1/applicants/X"), "{method} {path}: {}", r.status);
        assert_ne!(r.status, 405, "{method} {path}");
    }
}

#[test]
fn standardize_one_get_and_post() {
    let p = shared();
    let r =
        get(p, &format!("/v1/names/standardize?name={}&countryCode=nl", enc("Koninklijke Philips Electronics N.V.")));
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["name"]["organizationName"]["organizationStandardName"], "KONINKLIJKE PHILIPS ELECTRONICS NV");
    assert_eq!(b["residenceCountryCode"], "NL");
    assert_eq!(b["nameAnalysis"]["legalForm"]["canonical"], "NV");
    assert_eq!(b["nameAnalysis"]["core"], "Koninklijke Philips Electronics");
    let r = post_json(p, "/v1/names/standardize", &json!({"name": "SMITH, John A.", "kind": "person"}));
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    let s = &b["name"]["personName"]["personStructuredName"];
    assert_eq!(s["lastName"], "SMITH");
    assert_eq!(s["firstName"], "John A.");
}

#[test]
fn standardize_batch() {
    let p = shared();
    let r = post_json(
        p,
        "/v1/names/standardize",
        &json!({"names": [{"name": "Siemens Aktiengesellschaft", "countryCode": "DE"}, {"name": "トヨタ自動車株式会社"}]}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let b = r.json();
    assert_eq!(b["names"].as_array().unwrap().len(), 2);
    assert_eq!(b["names"][0]["nameAnalysis"]["legalForm"]["canonical"], "AG");
    assert_eq!(b["names"][1]["nameAnalysis"]["legalForm"]["canonical"], "株式会社");
}

#[test]
fn legal_forms_by_country_and_name() {
    let p = shared();
    let r = get(p, "/v1/legalForms?countryCode=DE&limit=1000");
    assert_eq!(r.status, 200);
    let b = r.json();
    assert!(b["total"].as_u64().unwrap() > 5);
    let forms = b["legalForms"].as_array().unwrap();
    assert!(forms.iter().any(|f| f["canonical"] == "GMBH"), "{b}");
    assert!(forms.iter().all(|f| {
        let c = f["countryCodes"].as_array().unwrap();
        c.is_empty() || c.iter().any(|x| x == "DE")
    }));
    let r = get(p, "/v1/legalForms?name=g.m.b.h.");
    let b = r.json();
    assert!(
        b["legalForms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["canonical"] == "GMBH" || f["form"].as_str().unwrap().to_lowercase().replace('.', "") == "gmbh"),
        "{b}"
    );
    assert!(b["total"].as_u64().unwrap() >= 1);
}

#[test]
fn request_id_in_and_out_and_cors() {
    let p = shared();
    let r = request(
        p,
        "GET",
        "/v1/applicants/nope%20nope",
        &[("x-request-id", "req-123"), ("Origin", "http://example.org")],
        b"",
    );
    let b = r.error(404, "applicant_not_found");
    assert_eq!(b["requestId"], "req-123");
    assert_eq!(r.header("x-request-id"), Some("req-123"));
    assert!(r.header("access-control-allow-origin").is_some(), "{:?}", r.headers);
    let r = get(p, "/health/live");
    assert!(r.header("x-request-id").is_some_and(|v| !v.is_empty()));
    // Preflight from a browser page on another origin.
    let r = request(
        p,
        "OPTIONS",
        "/v1/applicants/lookup",
        &[
            ("Origin", "http://example.org"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{:?}", r.headers);
    assert!(r.header("access-control-allow-methods").is_some_and(|m| m.contains("POST")));
    for path in ["/reconcile", "/reconcile/suggest/entity?prefix=gen", "/metrics", "/openapi.json", "/nope"] {
        let r = request(p, "GET", path, &[("Origin", "http://openrefine.local")], b"");
        assert!(r.header("access-control-allow-origin").is_some(), "{path}");
    }
}
