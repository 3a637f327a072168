//! The request middleware: request ids (`x-request-id` in and out), the `Accept` check
//! (406), the in-flight limit (429), one error body for every error answer, a JSON log
//! line per request and the metrics.

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

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
    let method = req.method().to_string();
    let path = req.path().to_string();
    let limited = !path.starts_with("/health") && path != "/metrics";
    let mut guard = None;
    let early = if path.starts_with("/v1/") && !accepts_json(req.headers()) {
        Some(ApiError::new(ErrorCode::NotAcceptable, "this endpoint answers with application/json only"))
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
        None => next.call(req).await?.map_into_boxed_body(),
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
    let secs = start.elapsed().as_secs_f64();
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_string());
    state.metrics.observe(&route, &method, res.status().as_u16(), secs);
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
