//! Shared by the service fuzz targets: the real application (routes, middleware, error
//! handlers) in-process over the embedded registry, one request at a time, and the checks
//! every answer must pass.

use actix_web::body::MessageBody;
use actix_web::http::Method;
use actix_web::rt::System;
use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::web;
use namestd_service::state::{load_index, AppState};
use namestd_service::{IndexSource, Settings};
use std::sync::LazyLock;

/// The state every fuzzed request runs against: the embedded registry, no request logs,
/// small batches (the limits are what is checked, not throughput).
pub static STATE: LazyLock<web::Data<AppState>> = LazyLock::new(|| {
    let settings = Settings { log_requests: false, max_batch: 20, ..Settings::default() };
    let index = load_index(&IndexSource::Embedded).expect("embedded registry loads");
    web::Data::new(AppState::new(settings, Some(index)))
});

thread_local! {
    static SYSTEM: actix_web::rt::SystemRunner = System::new();
}

/// Percent-encodes bytes for a query string or a form value.
pub fn enc(data: &[u8]) -> String {
    let mut o = String::with_capacity(data.len() * 3);
    for &b in data {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// Keeps the bytes a request target may carry unencoded (RFC 3986 unreserved, sub-delims,
/// `:@/?` and `%`, so `&`, `=`, `+` and broken escapes reach the query parser as sent),
/// percent-encoding the rest (which the HTTP layer refuses before any route sees it).
pub fn raw_query(data: &[u8]) -> String {
    let mut o = String::with_capacity(data.len());
    for &b in data {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// Sends one request to the application and checks the answer: never a 5xx; every
/// error answer has the one error body (status and code agreeing, a message, details, a
/// request id equal to the `x-request-id` header); a JSON answer parses.
pub fn check(method: Method, uri: &str, content_type: Option<&str>, body: Vec<u8>) {
    let state = STATE.clone();
    let uri = uri.to_string();
    let content_type = content_type.map(str::to_string);
    SYSTEM.with(|sys| {
        sys.block_on(async move {
            let app = init_service(namestd_service::startup::app(state)).await;
            let mut req = TestRequest::default().method(method).uri(&uri);
            if let Some(ct) = content_type {
                req = req.insert_header(("content-type", ct));
            }
            let res = call_service(&app, req.set_payload(body).to_request()).await;
            let status = res.status().as_u16();
            let rid = res.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
            let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            let bytes = actix_web::body::to_bytes(res.into_body()).await.unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            assert!(status < 500, "{uri}: {status} {text}");
            assert!(rid.is_some(), "{uri}: no x-request-id");
            if status >= 400 {
                let b: serde_json::Value = serde_json::from_slice(&bytes)
                    .unwrap_or_else(|e| panic!("{uri}: {status} body not JSON ({e}): {text}"));
                assert_eq!(b["status"], status, "{uri}: {b}");
                let code = b["code"].as_str().unwrap_or_else(|| panic!("{uri}: no code: {b}"));
                let known = namestd_service::ErrorCode::ALL.iter().find(|c| c.as_str() == code);
                assert!(known.is_some_and(|c| c.status().as_u16() == status), "{uri}: code {code} for {status}");
                assert!(b["message"].as_str().is_some_and(|m| !m.is_empty()), "{uri}: {b}");
                assert!(b["details"].is_array(), "{uri}: {b}");
                assert_eq!(b["requestId"].as_str(), rid.as_deref(), "{uri}: {b}");
            } else if ct.starts_with("application/json") {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{uri}: 200 body not JSON ({e}): {text}"));
            }
            let _ = bytes.size();
        })
    })
}
