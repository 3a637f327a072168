//! The request middleware: request ids (`x-request-id` in and out), the `Accept` check
//! (406), API keys (401), the in-flight limit (429), the request time limit (408), one
//! error body for every error answer, a JSON log line per request and the metrics.

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub mod deadline;

/// The request id of a request (in its extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The request-id header.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn new_id() -> String {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or(0);
    format!("{t:x}-{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn valid_id(s: &str) -> bool {
    (1..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic())
}

/// Whether an `Accept` header allows a JSON answer (absent: yes).
pub fn accepts_json(headers: &header::HeaderMap) -> bool {
    let values: Vec<&str> = headers.get_all(header::ACCEPT).filter_map(|v| v.to_str().ok()).collect();
    if values.is_empty() {
        return true;
    }
    values.iter().flat_map(|v| v.split(',')).any(|m| {
        let m = m.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        m.is_empty() || m == "*/*" || m == "application/*" || m == "application/json" || m.ends_with("+json")
    })
}

/// Whether a request may go without an API key: the pages, the OpenAPI document, the
/// health checks, and the reconciliation manifest (a plain `GET /reconcile`, which is how
/// a client learns that keys are needed).
pub fn is_public(method: &actix_web::http::Method, path: &str, query: &str) -> bool {
    matches!(path, "/" | "/docs" | "/openapi.json" | "/health/live" | "/health/ready")
        || (path == "/reconcile"
            && method == actix_web::http::Method::GET
            && !query.split('&').any(|p| p.starts_with("queries=") || p == "queries"))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The credential a request carries: `X-API-Key`, else `Authorization: Bearer`.
pub fn credential(headers: &header::HeaderMap) -> Option<&str> {
    headers.get("x-api-key").and_then(|v| v.to_str().ok()).or_else(|| {
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
    })
}

/// Whether a credential is one of the keys (compared in constant time per key).
pub fn key_matches<'a>(given: Option<&str>, keys: impl IntoIterator<Item = &'a String>) -> bool {
    let Some(g) = given else { return false };
    keys.into_iter().fold(false, |ok, k| ok | constant_time_eq(g.as_bytes(), k.as_bytes()))
}

/// The method as a metrics label: the standard ones, anything else `OTHER` (so that
/// made-up methods cannot grow the metrics without bound).
fn method_label(m: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method as M;
    match *m {
        M::GET => "GET",
        M::POST => "POST",
        M::PUT => "PUT",
        M::DELETE => "DELETE",
        M::HEAD => "HEAD",
        M::OPTIONS => "OPTIONS",
        M::PATCH => "PATCH",
        M::TRACE => "TRACE",
        M::CONNECT => "CONNECT",
        _ => "OTHER",
    }
}

/// Whether a path or query string is UTF-8 once percent-decoded (broken escapes are
/// left for the query parser to refuse).
pub fn decodes_to_utf8(s: &str) -> bool {
    if !s.contains('%') {
        return true;
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&out).is_ok()
}

struct InFlight<'a>(&'a AppState);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The middleware (see the module docs).
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let start = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned().expect("state registered");
    let rid = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|s| valid_id(s))
        .map(str::to_string)
        .unwrap_or_else(new_id);
    req.extensions_mut().insert(RequestId(rid.clone()));
    let method = method_label(req.method());
    let path = req.path().to_string();
    // Health, metrics and the (one-at-a-time) reload stay reachable under overload.
    let limited = !path.starts_with("/health") && path != "/metrics" && path != "/v1/index/reload";
    let keys = &state.settings.api_keys;
    let mut guard = None;
    let early = if path.starts_with("/v1/") && !accepts_json(req.headers()) {
        Some(ApiError::new(ErrorCode::NotAcceptable, "this endpoint answers with application/json only"))
    } else if !decodes_to_utf8(req.uri().path()) || !decodes_to_utf8(req.query_string()) {
        Some(ApiError::new(ErrorCode::BadRequest, "the path or query string is not UTF-8 once percent-decoded"))
    } else if !keys.is_empty()
        && !is_public(req.method(), &path, req.query_string())
        && !key_matches(credential(req.headers()), keys.iter().chain(&state.settings.admin_token))
    {
        Some(ApiError::new(
            ErrorCode::Unauthorized,
            "this route needs an API key: `X-API-Key: <key>` or `Authorization: Bearer <key>`",
        ))
    } else if limited {
        let n = state.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        guard = Some(InFlight(&state));
        (n > state.settings.max_in_flight).then(|| {
            ApiError::new(
                ErrorCode::TooManyRequests,
                format!("more than {} requests in flight", state.settings.max_in_flight),
            )
        })
    } else {
        None
    };
    let mut res = match early {
        Some(e) => req.into_response(e.response(&rid)),
        None => {
            let mut req = req;
            let body = req.take_payload();
            req.set_payload(deadline::within(body, Duration::from_secs(state.settings.request_timeout_secs)));
            next.call(req).await?.map_into_boxed_body()
        }
    };
    drop(guard);
    let status = res.status();
    if status.is_client_error() || status.is_server_error() {
        let is_json = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let api = match res.response().error() {
            Some(e) => Some(e.as_error::<ApiError>().cloned().unwrap_or_else(|| {
                let code = ErrorCode::for_status(status);
                if code == ErrorCode::Internal {
                    ApiError::internal(e)
                } else {
                    ApiError::new(code, e.to_string())
                }
            })),
            None if !is_json => Some(match status.as_u16() {
                405 => ApiError::new(ErrorCode::MethodNotAllowed, format!("method {method} is not allowed on {path}")),
                404 => ApiError::new(ErrorCode::NotFound, format!("no resource at {path}")),
                _ => ApiError::new(ErrorCode::for_status(status), status.canonical_reason().unwrap_or("error")),
            }),
            None => None,
        };
        if let Some(api) = api {
            let allow = res.headers().get(header::ALLOW).cloned();
            let (http_req, _) = res.into_parts();
            let mut new = api.response(&rid);
            if let Some(a) = allow {
                new.headers_mut().insert(header::ALLOW, a);
            }
            res = ServiceResponse::new(http_req, new);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&rid) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    // Answers are what their content type says: never sniffed as HTML by a browser.
    res.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let secs = start.elapsed().as_secs_f64();
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_string());
    state.metrics.observe(&route, method, res.status().as_u16(), secs);
    if state.settings.log_requests {
        let line = serde_json::json!({
            "level": if res.status().is_server_error() { "error" } else { "info" },
            "requestId": rid,
            "method": method,
            "path": path,
            "route": route,
            "status": res.status().as_u16(),
            "durationMs": (secs * 1e6).round() / 1e3,
        });
        eprintln!("{line}");
    }
    Ok(res)
}
