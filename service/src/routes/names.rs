//! `/v1/names/standardize`: one name or a batch.

use super::json::{standardized, valid_country, valid_kind, valid_name};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use namestd::NameInput;
use serde::Deserialize;
use serde_json::json;

/// One name to standardize.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NameRequest {
    /// The name.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 country.
    pub country_code: Option<String>,
    /// `organization` or `person`.
    pub kind: Option<String>,
}

/// The body: one name (`name`...) or a batch (`names`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StandardizeBody {
    /// The name (single form).
    pub name: Option<String>,
    /// Country (single form).
    pub country_code: Option<String>,
    /// Kind (single form).
    pub kind: Option<String>,
    /// The batch form.
    pub names: Option<Vec<NameRequest>>,
}

struct Valid {
    name: String,
    country: Option<String>,
    kind: Option<namestd::KindHint>,
}

fn validate(prefix: &str, r: &NameRequest) -> Result<Valid, ApiError> {
    Ok(Valid {
        name: valid_name(&format!("{prefix}name"), r.name.as_deref())?,
        country: valid_country(&format!("{prefix}countryCode"), r.country_code.as_deref())?,
        kind: valid_kind(&format!("{prefix}kind"), r.kind.as_deref())?,
    })
}

fn standardize_all(state: &AppState, items: &[Valid]) -> Vec<serde_json::Value> {
    items
        .iter()
        .map(|v| {
            let mut input = NameInput::new(&v.name);
            input.country = v.country.as_deref();
            input.kind = v.kind;
            standardized(&state.standardizer.standardize_input(&input))
        })
        .collect()
}

async fn run(state: web::Data<AppState>, items: Vec<Valid>) -> Result<Vec<serde_json::Value>, ApiError> {
    // One name is a few microseconds of CPU (names are capped at `MAX_NAME_CHARS`): it runs
    // on the async worker, where handing it to the blocking pool and back would cost more
    // than the work. Batches go to the pool.
    if items.len() == 1 {
        return Ok(standardize_all(&state, &items));
    }
    web::block(move || standardize_all(&state, &items))
        .await
        .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the service is shutting down"))
}

/// `POST /v1/names/standardize`.
pub async fn post(state: web::Data<AppState>, body: web::Json<StandardizeBody>) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    match (body.name.is_some(), body.names) {
        (true, Some(_)) => Err(ApiError::field("names", "give either `name` or `names`, not both")),
        (false, None) => Err(ApiError::field("name", "is required (or `names` for a batch)")),
        (false, Some(names)) => {
            let max = state.settings.max_batch;
            if names.len() > max {
                return Err(ApiError::new(
                    ErrorCode::BatchTooLarge,
                    format!("{} names in one request; the limit is {max}", names.len()),
                ));
            }
            if names.is_empty() {
                return Err(ApiError::field("names", "must not be empty"));
            }
            let items = names
                .iter()
                .enumerate()
                .map(|(i, r)| validate(&format!("names[{i}]."), r))
                .collect::<Result<Vec<_>, _>>()?;
            let out = run(state, items).await?;
            Ok(HttpResponse::Ok().json(json!({"names": out})))
        }
        (true, None) => {
            let r = NameRequest { name: body.name, country_code: body.country_code, kind: body.kind };
            let v = validate("", &r)?;
            let mut out = run(state, vec![v]).await?;
            Ok(HttpResponse::Ok().json(out.pop()))
        }
    }
}

/// `GET /v1/names/standardize?name=&countryCode=&kind=`.
pub async fn get(state: web::Data<AppState>, q: web::Query<NameRequest>) -> Result<HttpResponse, ApiError> {
    let v = validate("", &q)?;
    let mut out = run(state, vec![v]).await?;
    Ok(HttpResponse::Ok().json(out.pop()))
}
