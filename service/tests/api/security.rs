//! API keys, configurable CORS, and no internal details in error answers.

use crate::helpers::*;
use namestd_service::Settings;

const KEY: &str = "k3y-0123456789-abcdef";
const ADMIN: &str = "adm1n-0123456789-abcdef";

#[test]
fn api_keys_guard_every_non_public_route() {
    let s = Settings { api_keys: vec![KEY.into()], admin_token: Some(ADMIN.into()), ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA1,Acme Widgets GmbH\n"))));
    let p = app.port;
    let guarded = [
        "/v1/names/standardize?name=Acme",
        "/v1/applicants/lookup?name=Acme",
        "/v1/applicants/assess?name=Acme",
        "/v1/applicants/A1",
        "/v1/legalForms?countryCode=DE",
        "/v1/index",
        "/reconcile?queries=%7B%22q0%22%3A%7B%22query%22%3A%22Acme%22%7D%7D",
        "/reconcile/suggest/entity?prefix=acme",
        "/reconcile/preview?id=A1",
        "/metrics",
    ];
    for path in guarded {
        let r = get(p, path);
        r.error(401, "unauthorized");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"), "{path}");
        request(p, "GET", path, &[("X-API-Key", "wrong-key-0123456789")], b"").error(401, "unauthorized");
        request(p, "GET", path, &[("Authorization", &format!("Basic {KEY}"))], b"").error(401, "unauthorized");
        let r = request(p, "GET", path, &[("X-API-Key", KEY)], b"");
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        let r = request(p, "GET", path, &[("Authorization", &format!("Bearer {KEY}"))], b"");
        assert_eq!(r.status, 200, "{path}: {}", r.text());
    }
    post_form(p, "/reconcile", &[("queries", r#"{"q0":{"query":"Acme"}}"#)]).error(401, "unauthorized");
    post_json(p, "/v1/names/standardize", &serde_json::json!({"name": "Acme"})).error(401, "unauthorized");
    // Public: the pages, the OpenAPI document, health, and the manifest, which says how
    // to authenticate.
    for path in ["/", "/docs", "/openapi.json", "/health/live", "/health/ready", "/reconcile"] {
        assert_eq!(get(p, path).status, 200, "{path}");
    }
    let m = get(p, "/reconcile").json();
    assert_eq!(m["authentication"]["type"], "apiKey");
    assert_eq!(m["authentication"]["in"], "header");
    assert_eq!(m["authentication"]["name"], "X-API-Key");
    // A browser's CORS preflight carries no key and is answered.
    let r = request(
        p,
        "OPTIONS",
        "/v1/applicants/lookup",
        &[("Origin", "http://example.org"), ("Access-Control-Request-Method", "POST")],
        b"",
    );
    assert_eq!(r.status, 200, "{:?}", r.headers);
    // Reload: the API key gets past the gate, the admin token is still what reload needs.
    request(p, "POST", "/v1/index/reload", &[("X-API-Key", KEY)], b"").error(401, "unauthorized");
    let r = request(p, "POST", "/v1/index/reload", &[("Authorization", &format!("Bearer {ADMIN}"))], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    stop(app);
}

#[test]
fn without_keys_the_manifest_asks_for_none() {
    let p = shared();
    let m = get(p, "/reconcile").json();
    assert!(m.get("authentication").is_none(), "{m}");
    assert_eq!(get(p, "/v1/index").status, 200);
}

#[test]
fn cors_origins_are_configurable() {
    let s = Settings { cors_origins: vec!["https://refine.example.org".into()], ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA1,Acme Widgets GmbH\n"))));
    let p = app.port;
    let r = request(p, "GET", "/v1/index", &[("Origin", "https://refine.example.org")], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://refine.example.org"));
    let r = request(p, "GET", "/v1/index", &[("Origin", "https://evil.example.com")], b"");
    assert_eq!(r.status, 200, "a request without CORS headers, for the browser to refuse");
    assert!(r.header("access-control-allow-origin").is_none(), "{:?}", r.headers);
    stop(app);
    // Off: no CORS headers at all.
    let app = spawn(Settings { cors_origins: Vec::new(), ..settings() }, Some(Some(loaded("id,name\nA1,Acme\n"))));
    let r = request(app.port, "GET", "/v1/index", &[("Origin", "https://refine.example.org")], b"");
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none(), "{:?}", r.headers);
    stop(app);
}

#[test]
fn security_settings_are_checked() {
    use clap::Parser;
    use namestd_service::configuration::Flags;
    let parse = |args: &[&str]| {
        let mut v = vec!["namestd-server"];
        v.extend_from_slice(args);
        Settings::from_flags(Flags::try_parse_from(v).unwrap())
    };
    assert_eq!(parse(&["--api-key", "short"]).unwrap_err().setting, "api_keys");
    assert_eq!(parse(&["--cors-origin", "evil.example.com"]).unwrap_err().setting, "cors_origins");
    assert_eq!(parse(&["--request-timeout-secs", "0"]).unwrap_err().setting, "request_timeout_secs");
    let s = parse(&["--api-key", KEY, "--api-key", ADMIN, "--cors-origin", "none"]).unwrap();
    assert_eq!(s.api_keys, [KEY, ADMIN]);
    assert!(s.cors_origins.is_empty());
    assert_eq!(parse(&[]).unwrap().cors_origins, ["*"]);
}

#[test]
fn internal_errors_say_nothing_of_the_cause() {
    let path = temp_path("secret-dir-registry.csv");
    std::fs::write(&path, "id,name\nA1,Acme GmbH\n").unwrap();
    let app = spawn(with_registry(&path), None);
    let p = app.port;
    // The source becomes unreadable: the answer is a 500 that names no file and no parse error.
    std::fs::write(&path, "not,a\n\"registry").unwrap();
    let r = request(p, "POST", "/v1/index/reload", &[], b"");
    let b = r.error(500, "internal");
    let t = r.text();
    assert!(!t.contains("secret-dir") && !t.contains("/tmp") && !t.contains("line"), "{t}");
    assert!(b["message"].as_str().unwrap().contains("previous index stays"));
    std::fs::remove_file(&path).unwrap();
    let t = request(p, "POST", "/v1/index/reload", &[], b"").text();
    assert!(!t.contains("secret-dir") && !t.contains("No such file"), "{t}");
    assert_eq!(get(p, "/v1/applicants/A1").status, 200, "the old index still answers");
    stop(app);
}
