//! `/v1/applicants/assess`: the data-quality rules (`namestd::quality`) on one applicant
//! record or a batch, plus the registry's best matches; a match (the lookup `match` flag)
//! is reported as the finding `registry.nearDuplicate`.

use super::applicants::{lookup_json, Validated, MAX_LIMIT};
use super::json::{standardized, valid_country, valid_kind, MAX_NAME_CHARS};
use crate::error::{ApiError, ErrorCode};
use crate::state::{AppState, LoadedIndex};
use actix_web::{web, HttpResponse};
use namestd::quality::{ApplicantRecord, QualityChecker};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, LazyLock};

/// The code of the registry finding.
pub const NEAR_DUPLICATE: &str = "registry.nearDuplicate";

/// Longest value accepted in the other text fields, in characters.
pub const MAX_FIELD_CHARS: usize = 1_000;

/// One applicant record, ST.96-style field names.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssessRequest {
    /// The name as received (required; may be blank: that is a finding, `name.empty`).
    pub name: Option<String>,
    /// Country code as received; an invalid one is a finding (`country.invalid`), not a 422.
    pub country_code: Option<String>,
    /// `organization` or `person`.
    pub kind: Option<String>,
    /// Person: given names (ST.96 `FirstName`).
    pub first_name: Option<String>,
    /// Person: family name (ST.96 `LastName`).
    pub last_name: Option<String>,
    /// The name in its original script.
    pub original_script_name: Option<String>,
    /// The office's party identifier.
    pub identifier: Option<String>,
    /// Postal address, one line.
    pub address: Option<String>,
    /// Registry candidates wanted, 1..=50 (default 3).
    pub limit: Option<usize>,
}

/// The body: one record (the [`AssessRequest`] fields) or a batch (`applicants`).
/// (Spelled out rather than flattened: serde cannot deny unknown fields through a flatten.)
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssessBody {
    /// Single form: see [`AssessRequest::name`].
    pub name: Option<String>,
    /// Single form.
    pub country_code: Option<String>,
    /// Single form.
    pub kind: Option<String>,
    /// Single form.
    pub first_name: Option<String>,
    /// Single form.
    pub last_name: Option<String>,
    /// Single form.
    pub original_script_name: Option<String>,
    /// Single form.
    pub identifier: Option<String>,
    /// Single form.
    pub address: Option<String>,
    /// Single form.
    pub limit: Option<usize>,
    /// The batch form.
    pub applicants: Option<Vec<AssessRequest>>,
}

impl AssessBody {
    fn split(self) -> (AssessRequest, Option<Vec<AssessRequest>>) {
        let one = AssessRequest {
            name: self.name,
            country_code: self.country_code,
            kind: self.kind,
            first_name: self.first_name,
            last_name: self.last_name,
            original_script_name: self.original_script_name,
            identifier: self.identifier,
            address: self.address,
            limit: self.limit,
        };
        (one, self.applicants)
    }
}

struct Valid {
    record: ApplicantRecord,
    lookup_country: Option<String>,
    limit: usize,
}

fn text(field: &str, v: Option<&str>) -> Result<Option<String>, ApiError> {
    match v {
        None => Ok(None),
        Some(s) if s.chars().count() > MAX_FIELD_CHARS => {
            Err(ApiError::field(field, format!("is longer than {MAX_FIELD_CHARS} characters")))
        }
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => Ok(Some(s.to_string())),
    }
}

fn validate(prefix: &str, r: &AssessRequest) -> Result<Valid, ApiError> {
    let f = |n: &str| format!("{prefix}{n}");
    let Some(name) = r.name.as_deref() else { return Err(ApiError::field(f("name"), "is required")) };
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::field(f("name"), format!("is longer than {MAX_NAME_CHARS} characters")));
    }
    let limit = r.limit.unwrap_or(3);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field(f("limit"), format!("{limit} is not within 1..={MAX_LIMIT}")));
    }
    let country = text(&f("countryCode"), r.country_code.as_deref())?;
    // Only a well-formed code narrows the lookup; a bad one is reported by the rules.
    let lookup_country = valid_country("countryCode", country.as_deref()).ok().flatten();
    let record = ApplicantRecord {
        name: name.to_string(),
        country,
        kind: valid_kind(&f("kind"), r.kind.as_deref())?,
        family: text(&f("lastName"), r.last_name.as_deref())?,
        given: text(&f("firstName"), r.first_name.as_deref())?,
        original_script_name: text(&f("originalScriptName"), r.original_script_name.as_deref())?,
        identifier: text(&f("identifier"), r.identifier.as_deref())?,
        address: text(&f("address"), r.address.as_deref())?,
    };
    Ok(Valid { record, lookup_country, limit })
}

static CHECKER: LazyLock<QualityChecker> = LazyLock::new(QualityChecker::default);

/// Assesses one validated record (blocking): the rules, the registry lookup, the finding.
fn assess_one(state: &AppState, idx: Option<&LoadedIndex>, v: &Valid) -> Value {
    let a = CHECKER.assess(&v.record);
    let mut issues: Vec<Value> = a.issues.iter().map(|i| json!(i)).collect();
    let mut candidates = Value::Null;
    if let Some(idx) = idx.filter(|_| !v.record.name.trim().is_empty()) {
        let q = Validated {
            name: v.record.name.clone(),
            country: v.lookup_country.clone(),
            kind: v.record.kind,
            identifier: v.record.identifier.clone(),
            limit: v.limit,
        };
        let found = lookup_json(state, idx, &q);
        if let Some(best) = found["candidates"].as_array().and_then(|c| c.first()).filter(|c| c["match"] == true) {
            let id = best["applicant"]["id"].as_str().unwrap_or_default();
            let canonical = best["matchedVariant"].as_str().unwrap_or_default();
            let registered = registered_name(best).unwrap_or(canonical);
            let message = if registered == v.record.name.trim() {
                format!("`{registered}` is already in the registry as applicant `{id}`: refer to it instead of creating a new applicant")
            } else {
                format!(
                    "this is most likely registry applicant `{id}` `{registered}` (score {}, {}): refer to it instead of creating a near-duplicate",
                    best["score"], best["matchReason"].as_str().unwrap_or_default()
                )
            };
            issues.push(json!({
                "code": NEAR_DUPLICATE,
                "severity": "warning",
                "weight": 0,
                "message": message,
                "suggestion": {"name": registered, "applicantId": id, "field": "applicant"},
            }));
        }
        candidates = found["candidates"].clone();
    }
    let mut out = standardized(&a.name);
    out["score"] = json!(a.score);
    out["band"] = json!(a.band);
    out["hasError"] = json!(a.has_error);
    out["issues"] = Value::Array(issues);
    out["registryChecked"] = json!(!candidates.is_null());
    out["candidates"] = if candidates.is_null() { json!([]) } else { candidates };
    out
}

/// The registry's standard name of a candidate (organizations), or its person full name.
fn registered_name(c: &Value) -> Option<&str> {
    let n = &c["applicant"]["contact"]["name"];
    n["organizationName"]["organizationStandardName"]
        .as_str()
        .or_else(|| n["personName"]["personFullName"].as_str())
        .or_else(|| n["entityName"]["value"].as_str())
}

async fn run(state: web::Data<AppState>, items: Vec<Valid>) -> Result<Vec<Value>, ApiError> {
    // No index yet: the rules still run; `registryChecked` says the registry was not.
    let idx: Option<Arc<LoadedIndex>> = state.index();
    web::block(move || items.iter().map(|v| assess_one(&state, idx.as_deref(), v)).collect())
        .await
        .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the service is shutting down"))
}

/// `POST /v1/applicants/assess`: one record, or a batch in `applicants`.
pub async fn post(state: web::Data<AppState>, body: web::Json<AssessBody>) -> Result<HttpResponse, ApiError> {
    let (one, applicants) = body.into_inner().split();
    match applicants {
        Some(list) => {
            let single_fields = one.name.is_some()
                || one.country_code.is_some()
                || one.kind.is_some()
                || one.first_name.is_some()
                || one.last_name.is_some()
                || one.original_script_name.is_some()
                || one.identifier.is_some()
                || one.address.is_some()
                || one.limit.is_some();
            if single_fields {
                return Err(ApiError::field("applicants", "give either one record or `applicants`, not both"));
            }
            let max = state.settings.max_batch;
            if list.len() > max {
                return Err(ApiError::new(
                    ErrorCode::BatchTooLarge,
                    format!("{} applicants in one request; the limit is {max}", list.len()),
                ));
            }
            if list.is_empty() {
                return Err(ApiError::field("applicants", "must not be empty"));
            }
            let items = list
                .iter()
                .enumerate()
                .map(|(i, r)| validate(&format!("applicants[{i}]."), r))
                .collect::<Result<Vec<_>, _>>()?;
            let out = run(state, items).await?;
            Ok(HttpResponse::Ok().json(json!({"applicants": out})))
        }
        None => {
            if one.name.is_none() {
                return Err(ApiError::field("name", "is required (or `applicants` for a batch)"));
            }
            let v = validate("", &one)?;
            let mut out = run(state, vec![v]).await?;
            Ok(HttpResponse::Ok().json(out.pop()))
        }
    }
}

/// `GET /v1/applicants/assess?name=&countryCode=&kind=&firstName=&lastName=&identifier=&address=&limit=`.
pub async fn get(state: web::Data<AppState>, q: web::Query<AssessRequest>) -> Result<HttpResponse, ApiError> {
    let v = validate("", &q)?;
    let mut out = run(state, vec![v]).await?;
    Ok(HttpResponse::Ok().json(out.pop()))
}
