//! `/v1/applicants/...`: lookup (type-ahead GET, POST), one applicant, the index.

use super::json::{applicant, kind_of, score100, valid_country, valid_kind, valid_name};
use crate::error::{ApiError, ErrorCode};
use crate::state::{AppState, LoadedIndex};
use actix_web::{web, HttpResponse};
use namestd::cluster::Similarity;
use namestd::lookup::{Features, Query};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;

/// Most candidates per lookup.
pub const MAX_LIMIT: usize = 50;

/// A lookup: query string (GET) or JSON body (POST).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LookupRequest {
    /// The name as typed.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 country.
    pub country_code: Option<String>,
    /// `organization` or `person`.
    pub kind: Option<String>,
    /// An office identifier.
    pub identifier: Option<String>,
    /// Candidates wanted, 1..=50 (default 5).
    pub limit: Option<usize>,
}

/// The answer to a lookup, serialized straight to the response (no JSON tree in between:
/// the breakdowns of five candidates are most of the bytes).
#[derive(Debug, Serialize)]
pub struct LookupBody {
    query: QueryEcho,
    candidates: Vec<CandidateBody>,
}

/// The query as understood.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryEcho {
    name: String,
    country_code: Option<String>,
    kind: Option<&'static str>,
    folded: String,
}

/// One candidate of a lookup answer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CandidateBody {
    applicant: Value,
    score: f64,
    #[serde(rename = "match")]
    is_match: bool,
    match_reason: String,
    matched_variant: String,
    features: Features,
    similarity: Similarity,
}

/// Runs a lookup on an index (blocking).
pub fn lookup_body(state: &AppState, idx: &LoadedIndex, r: &Validated) -> LookupBody {
    let mut q = Query::new(&r.name).limit(r.limit);
    q.country = r.country.as_deref();
    q.kind = kind_of(r.kind);
    q.identifier = r.identifier.as_deref();
    let found = idx.index.query(&q);
    let candidates = found
        .candidates
        .into_iter()
        .map(|c| CandidateBody {
            applicant: applicant(&state.standardizer, &c.applicant, false),
            score: score100(c.score),
            is_match: c.is_match,
            match_reason: c.reason,
            matched_variant: c.matched_variant,
            features: c.features,
            similarity: c.similarity,
        })
        .collect();
    LookupBody {
        query: QueryEcho {
            name: r.name.clone(),
            country_code: r.country.clone(),
            kind: kind_of(r.kind).map(|k| k.as_str()),
            folded: found.folded,
        },
        candidates,
    }
}

/// Runs a lookup on an index (blocking), as a JSON tree.
pub fn lookup_json(state: &AppState, idx: &LoadedIndex, r: &Validated) -> Value {
    serde_json::to_value(lookup_body(state, idx, r)).unwrap_or(Value::Null)
}

/// A validated lookup.
#[derive(Debug, Clone)]
pub struct Validated {
    /// Name.
    pub name: String,
    /// Country.
    pub country: Option<String>,
    /// Kind.
    pub kind: Option<namestd::KindHint>,
    /// Identifier.
    pub identifier: Option<String>,
    /// Limit.
    pub limit: usize,
}

fn validate(r: &LookupRequest) -> Result<Validated, ApiError> {
    let limit = r.limit.unwrap_or(5);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field("limit", format!("{limit} is not within 1..={MAX_LIMIT}")));
    }
    Ok(Validated {
        name: valid_name("name", r.name.as_deref())?,
        country: valid_country("countryCode", r.country_code.as_deref())?,
        kind: valid_kind("kind", r.kind.as_deref())?,
        identifier: r.identifier.clone().filter(|s| !s.trim().is_empty()),
        limit,
    })
}

fn blocked(_: actix_web::error::BlockingError) -> ApiError {
    ApiError::new(ErrorCode::Unavailable, "the service is shutting down")
}

async fn run(state: web::Data<AppState>, r: &LookupRequest) -> Result<HttpResponse, ApiError> {
    let v = validate(r)?;
    let idx = state.ready_index()?;
    let out = web::block(move || lookup_body(&state, &idx, &v)).await.map_err(blocked)?;
    Ok(HttpResponse::Ok().json(out))
}

/// `GET /v1/applicants/lookup?name=&countryCode=&kind=&identifier=&limit=` (type-ahead).
pub async fn lookup_get(state: web::Data<AppState>, q: web::Query<LookupRequest>) -> Result<HttpResponse, ApiError> {
    run(state, &q).await
}

/// `POST /v1/applicants/lookup` with a JSON body.
pub async fn lookup_post(state: web::Data<AppState>, b: web::Json<LookupRequest>) -> Result<HttpResponse, ApiError> {
    run(state, &b).await
}

/// `GET /v1/applicants/{id}`: the applicant with all its variants.
pub async fn get_one(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let idx = state.ready_index()?;
    let id = id.into_inner();
    let st = state.clone();
    let out = web::block(move || idx.index.applicant(&id).map(|a| applicant(&st.standardizer, &a, true)).ok_or(id))
        .await
        .map_err(blocked)?;
    match out {
        Ok(v) => Ok(HttpResponse::Ok().json(v)),
        Err(id) => Err(ApiError::new(ErrorCode::ApplicantNotFound, format!("no applicant with id `{id}`"))),
    }
}

/// The index description.
pub fn index_info(i: &Arc<LoadedIndex>) -> Value {
    json!({
        "source": i.source,
        "applicants": i.index.applicant_count(),
        "names": i.index.names(),
        "loadedAt": i.loaded_at,
        "loadMs": i.load_ms,
    })
}

/// `GET /v1/index`: what is loaded.
pub async fn index_get(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(index_info(&state.ready_index()?)))
}

/// `POST /v1/index/reload`: rebuilds the index from the configured source and swaps it
/// in; requests in flight finish on the old one. On failure the old index stays. With an
/// admin token configured, the request must carry it (401 otherwise). One reload at a
/// time: another one meanwhile gets 503 `unavailable` + `Retry-After`. Reload is outside
/// the in-flight limit, so that an overloaded server can still be reloaded.
pub async fn index_reload(state: web::Data<AppState>, req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(token) = &state.settings.admin_token {
        let given = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if !crate::middleware::key_matches(given, [token]) {
            return Err(ApiError::new(ErrorCode::Unauthorized, "reload needs `Authorization: Bearer <admin token>`"));
        }
    }
    let r = web::block(move || state.try_reload()).await.map_err(blocked)?;
    match r {
        None => Err(ApiError::new(ErrorCode::Unavailable, "a reload is already running; retry when it has ended")),
        Some(Ok(i)) => Ok(HttpResponse::Ok().json(index_info(&i))),
        Some(Err(e)) => {
            // The cause names files and parse positions: logged, not returned.
            let _ = ApiError::internal(format!("index reload failed: {e}"));
            Err(ApiError::new(ErrorCode::Internal, "reload failed, the previous index stays (the cause is logged)"))
        }
    }
}
