//! Hostile input: what a careless or malicious client sends gets the right status and the
//! one error body, never a 5xx, and the server keeps answering afterwards.

use crate::helpers::*;
use namestd_service::Settings;
use serde_json::json;
use std::time::Duration;

/// Every GET route (with a harmless query where it needs one).
const GET_ROUTES: &[&str] = &[
    "/v1/names/standardize?name=Acme",
    "/v1/applicants/lookup?name=Acme",
    "/v1/applicants/assess?name=Acme",
    "/v1/applicants/AIRCAST%20INC",
    "/v1/legalForms?countryCode=DE",
    "/v1/index",
    "/reconcile",
    "/reconcile/suggest/entity?prefix=gen",
    "/reconcile/preview?id=AIRCAST%20INC",
    "/health/live",
    "/health/ready",
    "/metrics",
    "/openapi.json",
    "/docs",
    "/",
];

/// Every POST route that reads a body, with its content type.
const POST_ROUTES: &[(&str, &str)] = &[
    ("/v1/names/standardize", "application/json"),
    ("/v1/applicants/lookup", "application/json"),
    ("/v1/applicants/assess", "application/json"),
    ("/reconcile", "application/x-www-form-urlencoded"),
];

fn still_up(p: u16) {
    assert_eq!(get(p, "/health/live").status, 200, "the server stopped answering");
    let r = get(p, "/v1/names/standardize?name=Siemens%20AG&countryCode=DE");
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn oversized_bodies_are_413_on_every_post_route() {
    let app = spawn(Settings { max_body_bytes: 4096, ..settings() }, Some(Some(loaded("id,name\nA,Acme GmbH\n"))));
    let p = app.port;
    let big = vec![b'a'; 64 * 1024];
    for (path, ct) in POST_ROUTES {
        // Announced by Content-Length.
        request(p, "POST", path, &[("Content-Type", ct)], &big).error(413, "payload_too_large");
        // Chunked, no length announced: the limit holds while reading.
        let mut req = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ct}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        .into_bytes();
        for _ in 0..16 {
            req.extend_from_slice(b"1000\r\n");
            req.extend_from_slice(&[b'a'; 0x1000]);
            req.extend_from_slice(b"\r\n");
        }
        req.extend_from_slice(b"0\r\n\r\n");
        let r = raw(p, &req, Duration::ZERO, b"", Duration::from_secs(30)).expect("an answer");
        r.error(413, "payload_too_large");
    }
    // A Content-Length far beyond memory is refused before any of it is read.
    let r = raw(
        p,
        b"POST /v1/names/standardize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{",
        Duration::ZERO,
        b"",
        Duration::from_secs(30),
    )
    .expect("an answer");
    r.error(413, "payload_too_large");
    still_up(p);
    stop(app);
}

#[test]
fn oversized_batches_are_413() {
    let p = shared(); // max_batch 20
    let names: Vec<_> = (0..21).map(|i| json!({"name": format!("Name {i}")})).collect();
    post_json(p, "/v1/names/standardize", &json!({"names": names})).error(413, "batch_too_large");
    let apps: Vec<_> = (0..21).map(|i| json!({"name": format!("Name {i}")})).collect();
    post_json(p, "/v1/applicants/assess", &json!({"applicants": apps})).error(413, "batch_too_large");
    let queries: serde_json::Map<String, serde_json::Value> =
        (0..21).map(|i| (format!("q{i}"), json!({"query": format!("Name {i}")}))).collect();
    let q = serde_json::Value::Object(queries).to_string();
    post_form(p, "/reconcile", &[("queries", &q)]).error(413, "batch_too_large");
    get(p, &format!("/reconcile?queries={}", enc(&q))).error(413, "batch_too_large");
    // Many tiny names, just under the body limit: refused by count, not by memory.
    let body = format!("{{\"names\": [{}{{}}]}}", "{},".repeat(200_000));
    request(p, "POST", "/v1/names/standardize", &[("Content-Type", "application/json")], body.as_bytes())
        .error(413, "batch_too_large");
    still_up(p);
}

#[test]
fn deeply_nested_and_huge_json_is_refused() {
    let p = shared();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_obj = format!("{{\"name\": {}\"x\"{}}}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    for (path, _) in POST_ROUTES.iter().filter(|(_, ct)| ct.contains("json")) {
        for body in [&deep, &deep_obj] {
            // Refused as malformed (nesting limit) or as the wrong shape: never a crash.
            let r = request(p, "POST", path, &[("Content-Type", "application/json")], body.as_bytes());
            assert!(matches!(r.status, 400 | 422), "{path}: {} {}", r.status, r.text());
            r.error(r.status, if r.status == 400 { "bad_request" } else { "invalid_field" });
        }
    }
    // Nested where any JSON value is accepted: the nesting limit answers.
    let q = format!("{{\"q0\":{{\"query\":\"Acme\",\"type\":{}1{}}}}}", "[".repeat(100_000), "]".repeat(100_000));
    post_form(p, "/reconcile", &[("queries", &q)]).error(400, "bad_request");
    // Nested inside a reconciliation batch (the free-form property value).
    let q = format!(
        "{{\"q0\":{{\"query\":\"Acme\",\"properties\":[{{\"pid\":\"countryCode\",\"v\":{}1{}}}]}}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    post_form(p, "/reconcile", &[("queries", &q)]).error(400, "bad_request");
    // A name of 900 kB: refused as a field, not read into the pipeline.
    let huge = json!({"name": "x".repeat(900_000)});
    let b = post_json(p, "/v1/names/standardize", &huge).error(422, "invalid_field");
    assert_eq!(b["details"][0]["field"], "name");
    // 20 names of 40 kB each.
    let names: Vec<_> = (0..20).map(|_| json!({"name": "y ".repeat(20_000)})).collect();
    post_json(p, "/v1/names/standardize", &json!({"names": names})).error(422, "invalid_field");
    // Numbers out of any range.
    post_json(p, "/v1/applicants/lookup", &json!({"name": "Acme", "limit": 1e300})).error(422, "invalid_field");
    request(
        p,
        "POST",
        "/v1/applicants/lookup",
        &[("Content-Type", "application/json")],
        b"{\"name\":\"Acme\",\"limit\":1e999}",
    )
    .error(400, "bad_request");
    // Not an object at all.
    for body in [&b"null"[..], b"[]", b"\"Acme\"", b"12", b"", b"{\"name\":\"a\"} trailing"] {
        let r = request(p, "POST", "/v1/names/standardize", &[("Content-Type", "application/json")], body);
        assert!(matches!(r.status, 400 | 422), "{:?}: {} {}", String::from_utf8_lossy(body), r.status, r.text());
        r.error(r.status, if r.status == 400 { "bad_request" } else { "invalid_field" });
    }
    still_up(p);
}

#[test]
fn invalid_utf8_is_a_client_error() {
    let p = shared();
    for (path, _) in POST_ROUTES.iter().filter(|(_, ct)| ct.contains("json")) {
        let r =
            request(p, "POST", path, &[("Content-Type", "application/json")], b"{\"name\": \"Acme \xff\xfe GmbH\"}");
        r.error(400, "bad_request");
    }
    // In a form body and in query strings (percent-encoded bytes that are not UTF-8).
    let r = request(
        p,
        "POST",
        "/reconcile",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"queries=%7B%22q0%22%3A%7B%22query%22%3A%22Acme%20%FF%22%7D%7D",
    );
    assert!(r.status == 200 || r.status == 400, "{} {}", r.status, r.text());
    if r.status == 400 {
        r.error(400, "bad_request");
    }
    for path in [
        "/v1/names/standardize?name=Acme%FF%FE",
        "/v1/applicants/lookup?name=%C3%28",
        "/v1/applicants/assess?name=%ED%A0%80",
        "/v1/legalForms?name=%FF",
        "/reconcile?queries=%FF",
        "/reconcile/suggest/entity?prefix=%FF",
        "/reconcile/preview?id=%FF",
        "/v1/applicants/%FF%FE",
    ] {
        let r = get(p, path);
        assert!((400..500).contains(&r.status), "{path}: {} {}", r.status, r.text());
        r.error(r.status, r.json()["code"].as_str().unwrap());
    }
    // Raw non-UTF-8 bytes in the request line and in a header value.
    let r = raw(
        p,
        b"GET /v1/names/standardize?name=Acme\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::ZERO,
        b"",
        Duration::from_secs(10),
    );
    if let Some(r) = r {
        assert!((400..500).contains(&r.status), "{} {}", r.status, r.text());
    }
    let r = request(p, "GET", "/v1/names/standardize?name=Acme", &[("x-request-id", "r\u{e9}q")], b"");
    assert_eq!(r.status, 200);
    assert_ne!(r.header("x-request-id"), Some("r\u{e9}q"));
    still_up(p);
}

#[test]
fn wrong_content_types_are_415() {
    let p = shared();
    for (path, ct) in POST_ROUTES {
        for wrong in ["text/plain", "multipart/form-data; boundary=x", "application/xml", "application/octet-stream"] {
            request(p, "POST", path, &[("Content-Type", wrong)], b"name=Acme").error(415, "unsupported_media_type");
        }
        // No content type at all.
        request(p, "POST", path, &[], b"{\"name\":\"Acme\"}").error(415, "unsupported_media_type");
        // The other body type.
        let other = if ct.contains("json") { "application/x-www-form-urlencoded" } else { "application/json" };
        request(p, "POST", path, &[("Content-Type", other)], b"name=Acme").error(415, "unsupported_media_type");
    }
    still_up(p);
}

#[test]
fn slow_clients_time_out() {
    let s = Settings { request_timeout_secs: 1, header_timeout_secs: 1, ..settings() };
    let app = spawn(s, Some(Some(loaded("id,name\nA,Acme GmbH\n"))));
    let p = app.port;
    // A body that never finishes: 408 in the error body, then the connection closes.
    let head = b"POST /v1/names/standardize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":";
    let r = raw(p, head, Duration::ZERO, b"", Duration::from_secs(20)).expect("an answer");
    r.error(408, "request_timeout");
    // The same on a form body.
    let head = b"POST /reconcile HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nqueries=";
    raw(p, head, Duration::ZERO, b"", Duration::from_secs(20)).expect("an answer").error(408, "request_timeout");
    // A head that never finishes: the HTTP layer answers 408 (no request yet, so no
    // error body) and closes.
    let r = raw(
        p,
        b"GET /v1/names/standardize?name=Acme HTTP/1.1\r\nHost: x\r\n",
        Duration::ZERO,
        b"",
        Duration::from_secs(20),
    );
    if let Some(r) = r {
        assert_eq!(r.status, 408, "{}", r.text());
    }
    // Ten slow clients at once do not stop others from being served.
    let slow: Vec<_> = (0..10)
        .map(|_| {
            std::thread::spawn(move || {
                raw(p, b"POST /v1/names/standardize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{", Duration::ZERO, b"", Duration::from_secs(20))
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    still_up(p);
    for t in slow {
        t.join().unwrap().expect("an answer").error(408, "request_timeout");
    }
    still_up(p);
    stop(app);
}

#[test]
fn path_traversal_finds_nothing() {
    let p = shared();
    let attempts = [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/../Cargo.toml",
        "/static/index.html",
        "/docs/../../Cargo.toml",
        "/v1/../../etc/passwd",
        "/v1/applicants/..%2F..%2F..%2Fetc%2Fpasswd",
        "/v1/applicants/../../../etc/passwd",
        "/v1/applicants/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/reconcile/preview?id=../../../../etc/passwd",
        "/reconcile/../../etc/passwd",
        "/v1/legalForms?countryCode=../../etc",
        "/openapi.json/../../../etc/passwd",
        "/health/live/..%5c..%5cwindows%5cwin.ini",
        "//etc/passwd",
    ];
    for path in attempts {
        let r = get(p, path);
        assert!((400..500).contains(&r.status), "{path}: {} {}", r.status, r.text());
        let code = r.json()["code"].as_str().unwrap().to_string();
        r.error(r.status, &code);
        let t = r.text();
        assert!(!t.contains("root:") && !t.contains("[package]") && !t.contains("<!doctype"), "{path}: {t}");
    }
    still_up(p);
}

#[test]
fn header_injection_does_not_reach_the_answer() {
    let p = shared();
    let hostile: &[(&str, &str)] = &[
        ("X-Request-Id", "abc def\"<x>"),
        ("X-Forwarded-For", "1.2.3.4\"}, {\"injected\": true"),
        ("Accept-Language", "<script>alert(1)</script>"),
        ("User-Agent", "() { :; }; echo vulnerable"),
        ("Referer", "javascript:alert(1)"),
        ("Cookie", "session=x; admin=true"),
    ];
    for path in GET_ROUTES {
        let r = request(p, "GET", path, hostile, b"");
        assert!(r.status < 500, "{path}: {} {}", r.status, r.text());
        let rid = r.header("x-request-id").expect("a request id");
        assert!(!rid.contains("abc"), "{path}: {rid}");
        assert!(r.header("set-cookie").is_none(), "{path}");
        assert!(!r.headers.iter().any(|(k, _)| k == "injected"), "{path}");
    }
    // Control bytes in a header value are refused by the HTTP layer (a bare 400, no
    // request reaches the service), and the connection is closed.
    let r = raw(
        p,
        b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\x7fb\x01c\r\n\r\n",
        Duration::ZERO,
        b"",
        Duration::from_secs(10),
    );
    if let Some(r) = r {
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(r.header("x-request-id").is_none_or(|v| !v.contains('\u{7f}')));
    }
    // A raw CR LF smuggled into a request id makes a second request header, never a
    // response header; a too-long id is replaced.
    let r = raw(
        p,
        b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\r\nSet-Cookie: evil=1\r\nConnection: close\r\n\r\n",
        Duration::ZERO,
        b"",
        Duration::from_secs(10),
    )
    .expect("an answer");
    assert!(r.header("set-cookie").is_none());
    let long = "a".repeat(500);
    let r = request(p, "GET", "/health/live", &[("X-Request-Id", &long)], b"");
    assert_ne!(r.header("x-request-id"), Some(long.as_str()));
    // A Host header cannot point the manifest at markup.
    let r = request(p, "GET", "/reconcile", &[("Host", "evil.example\"><script>")], b"");
    if r.status == 200 {
        let b = r.json();
        assert!(b["view"]["url"].is_string());
    }
    // JSONP callbacks must be plain identifiers.
    for cb in ["alert(1);//", "a b", "x\"", "</script>", &"a".repeat(200)] {
        get(p, &format!("/reconcile?callback={}", enc(cb))).error(422, "invalid_field");
    }
    still_up(p);
}

#[test]
fn markup_in_names_stays_text() {
    let csv = "id,name,country\n\"<b>X1</b>\",\"<script>alert('x')</script> Evil & Sons Ltd\",GB\nX2,\"Plain \"\"Quoted\"\" Co\",US\n";
    let app = spawn(settings(), Some(Some(loaded(csv))));
    let p = app.port;
    let r = get(p, &format!("/reconcile/preview?id={}", enc("<b>X1</b>")));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    let t = r.text();
    assert!(!t.contains("<script>alert") && !t.contains("<b>X1"), "{t}");
    assert!(t.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "{t}");
    assert!(t.contains("&amp; Sons"), "{t}");
    assert!(r.header("content-security-policy").is_some_and(|c| c.contains("script-src 'none'")), "{:?}", r.headers);
    // JSON answers are JSON, never sniffed as HTML.
    for path in [
        format!("/v1/names/standardize?name={}", enc("<img src=x onerror=alert(1)>")),
        format!("/v1/applicants/lookup?name={}", enc("<script>alert('x')</script>")),
        format!("/reconcile/suggest/entity?prefix={}", enc("<script>")),
    ] {
        let r = get(p, &path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert!(r.header("content-type").is_some_and(|c| c.starts_with("application/json")), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
    }
    // The filing page is static: a pre-filled name is read by its script as text, never
    // written into the page by the server.
    let r = get(p, &format!("/?name={}", enc("<script>alert(1)</script>")));
    assert_eq!(r.status, 200);
    assert!(!r.text().contains("alert(1)"));
    // An error message quoting the input is JSON too.
    let r = get(p, &format!("/v1/applicants/{}", enc("<script>alert(1)</script>")));
    r.error(404, "applicant_not_found");
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("application/json")));
    stop(app);
}

#[test]
fn malformed_queries_are_client_errors() {
    let p = shared();
    let cases: &[(&str, u16)] = &[
        ("", 400),
        ("[]", 400),
        ("null", 400),
        ("{", 400),
        ("{\"q0\": 5}", 400),
        ("{\"q0\": \"Acme\"}", 400),
        ("{\"q0\": {\"query\": 12}}", 400),
        ("{\"q0\": {\"query\": null}}", 422),
        ("{\"q0\": {}}", 422),
        ("{\"q0\": {\"query\": \"   \"}}", 422),
        ("{\"q0\": {\"query\": \"Acme\", \"limit\": -1}}", 422),
        ("{\"q0\": {\"query\": \"Acme\", \"limit\": \"many\"}}", 422),
        ("{\"q0\": {\"query\": \"Acme\", \"properties\": \"US\"}}", 400),
        ("{\"q0\": {\"query\": \"Acme\", \"properties\": [{\"pid\": \"countryCode\", \"v\": \"USA\"}]}}", 422),
        ("{\"q0\": {\"query\": \"Acme\", \"properties\": [{\"v\": \"US\"}]}}", 400),
    ];
    for (q, status) in cases {
        let code = if *status == 400 { "bad_request" } else { "invalid_field" };
        post_form(p, "/reconcile", &[("queries", q)]).error(*status, code);
        get(p, &format!("/reconcile?queries={}", enc(q))).error(*status, code);
    }
    // A very long query text and a key of 100 kB.
    let long = format!("{{\"q0\": {{\"query\": \"{}\"}}}}", "a".repeat(5000));
    post_form(p, "/reconcile", &[("queries", &long)]).error(422, "invalid_field");
    let key = format!("{{\"{}\": {{\"query\": \"Acme\"}}}}", "k".repeat(100_000));
    let r = post_form(p, "/reconcile", &[("queries", &key)]);
    assert_eq!(r.status, 200, "{}", r.text());
    // Broken form encodings.
    for body in [&b"queries=%"[..], b"queries=%zz", b"&&&==&", b"queries"] {
        let r = request(p, "POST", "/reconcile", &[("Content-Type", "application/x-www-form-urlencoded")], body);
        assert!(matches!(r.status, 400 | 422), "{:?}: {} {}", String::from_utf8_lossy(body), r.status, r.text());
        let code = r.json()["code"].as_str().unwrap().to_string();
        r.error(r.status, &code);
    }
    still_up(p);
}

#[test]
fn made_up_methods_do_not_grow_the_metrics() {
    let p = shared();
    for i in 0..20 {
        let r = request(p, &format!("BREW{i}"), "/v1/index", &[], b"");
        r.error(405, "method_not_allowed");
    }
    let m = get(p, "/metrics").text();
    assert!(!m.contains("BREW"), "{m}");
    assert!(m.contains("method=\"OTHER\""), "{m}");
}
