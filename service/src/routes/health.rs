//! `/health/live`, `/health/ready`, `/metrics`.

use super::applicants::index_info;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// `GET /health/live`: the process answers.
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "live"}))
}

/// `GET /health/ready`: an index is loaded (503 `index_not_ready` otherwise).
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let i = state.ready_index()?;
    Ok(HttpResponse::Ok().json(json!({"status": "ready", "index": index_info(&i)})))
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(state.metrics.render(&state))
}
