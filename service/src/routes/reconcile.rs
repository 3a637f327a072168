//! W3C Reconciliation Service API 0.2 at `/reconcile`, as OpenRefine speaks it: the
//! manifest on a plain GET, query batches as form POST `queries=` or GET `?queries=`,
//! entity suggest (`prefix`, `cursor`) and an HTML preview for an iframe; JSONP
//! (`callback=`) on `GET /reconcile` for clients whose CORS attempt failed.
//!
//! Each query's `query` is looked up like `/v1/applicants/lookup`; its `type`
//! (`organization` / `person`) filters by kind; properties `countryCode` (also
//! `residenceCountryCode`, `nationalityCode`) and `partyIdentifier` (also `identifier`)
//! become the country and identifier. Every candidate has `id`, `name`, `type`, `score`
//! (0..100), `match` (the lookup's match rule) and `features`. An applicant id used as
//! the query comes first with score 100 and `match: true`.

use super::applicants::Validated;
use super::json::score100;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::state::{AppState, LoadedIndex};
use actix_web::{web, HttpRequest, HttpResponse};
use namestd::lookup::Query;
use namestd::model::{Kind, KindHint};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Candidates per query when the query gives no limit.
pub const DEFAULT_LIMIT: usize = 5;

fn base_url(state: &AppState, req: &HttpRequest) -> String {
    match &state.settings.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let ci = req.connection_info();
            format!("{}://{}", ci.scheme(), ci.host())
        }
    }
}

/// The service manifest.
pub fn manifest(state: &AppState, req: &HttpRequest) -> Value {
    let base = base_url(state, req);
    let mut m = json!({
        "versions": ["0.2"],
        "name": "namestd applicant registry",
        "identifierSpace": format!("{base}/v1/applicants/"),
        "schemaSpace": "http://www.wipo.int/standards/XMLSchema/ST96/Common#Applicant",
        "defaultTypes": [{"id": "organization", "name": "Organization"}, {"id": "person", "name": "Natural person"}],
        "view": {"url": format!("{base}/v1/applicants/{{{{id}}}}")},
        "preview": {"url": format!("{base}/reconcile/preview?id={{{{id}}}}"), "width": 420, "height": 220},
        "suggest": {"entity": {"service_url": base, "service_path": "/reconcile/suggest/entity"}},
        "batchSize": state.settings.max_batch,
        "documentation": format!("{base}/docs"),
        "serviceVersion": env!("CARGO_PKG_VERSION"),
    });
    if !state.settings.api_keys.is_empty() {
        // An OpenAPI security scheme, as the 0.2 manifest's `authentication` field asks.
        m["authentication"] = json!({"type": "apiKey", "name": "X-API-Key", "in": "header"});
    }
    m
}

/// One reconciliation query (0.2).
#[derive(Debug, Deserialize)]
pub struct ReconQuery {
    /// The text to reconcile.
    pub query: Option<String>,
    /// A type id or a list of them.
    #[serde(rename = "type")]
    pub kind: Option<Value>,
    /// Candidates wanted.
    pub limit: Option<Value>,
    /// Property constraints.
    pub properties: Option<Vec<Property>>,
    /// `should`, `all` or `any` (accepted, not used).
    pub type_strict: Option<String>,
}

/// A property constraint.
#[derive(Debug, Deserialize)]
pub struct Property {
    /// Property id.
    pub pid: String,
    /// Value: string, number, bool, `{id, name}` or a list of these.
    pub v: Value,
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get("id").or_else(|| o.get("name")).and_then(text_of),
        Value::Array(a) => a.iter().find_map(text_of),
        _ => None,
    }
}

fn kind_of_type(t: &Value) -> Option<KindHint> {
    let one = |s: &str| match s.to_ascii_lowercase().as_str() {
        "person" => Some(KindHint::Person),
        "organization" => Some(KindHint::Organization),
        _ => None,
    };
    match t {
        Value::String(s) => one(s),
        Value::Array(a) => {
            let kinds: Vec<KindHint> = a.iter().filter_map(|x| x.as_str().and_then(one)).collect();
            (kinds.len() == 1).then(|| kinds[0])
        }
        _ => None,
    }
}

fn validate(key: &str, q: &ReconQuery) -> Result<Option<Validated>, ApiError> {
    let field = |f: &str| format!("queries.{key}.{f}");
    let limit = match &q.limit {
        None | Some(Value::Null) => DEFAULT_LIMIT,
        Some(v) => match v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())) {
            Some(n @ 1..=50) => n as usize,
            _ => return Err(ApiError::field(field("limit"), "must be a whole number within 1..=50")),
        },
    };
    let mut country = None;
    let mut identifier = None;
    for p in q.properties.iter().flatten() {
        match p.pid.as_str() {
            "countryCode" | "residenceCountryCode" | "nationalityCode" | "country" => {
                country = super::json::valid_country(&field("properties.countryCode"), text_of(&p.v).as_deref())?
            }
            "partyIdentifier" | "identifier" => identifier = text_of(&p.v),
            _ => {}
        }
    }
    let name = match q.query.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => n.to_string(),
        _ if identifier.is_some() => String::new(),
        _ if q.properties.is_some() => return Ok(None),
        _ => return Err(ApiError::field(field("query"), "give `query` or `properties`")),
    };
    if name.chars().count() > super::json::MAX_NAME_CHARS {
        return Err(ApiError::field(field("query"), "is too long"));
    }
    Ok(Some(Validated { name, country, kind: q.kind.as_ref().and_then(kind_of_type), identifier, limit }))
}

fn candidates(idx: &LoadedIndex, v: &Validated) -> Vec<Value> {
    if v.name.is_empty() {
        // Identifier only.
        let mut q = Query::new("").limit(v.limit);
        q.identifier = v.identifier.as_deref();
        let r = idx.index.query(&q);
        return r
            .candidates
            .iter()
            .filter(|c| c.features.identifier_exact)
            .map(|c| cand_json(c, "identifier"))
            .collect();
    }
    let r = idx.index.query(&{
        let mut q = Query::new(&v.name).limit(v.limit);
        q.country = v.country.as_deref();
        q.kind = super::json::kind_of(v.kind);
        q.identifier = v.identifier.as_deref();
        q
    });
    let mut out: Vec<Value> = r.candidates.iter().map(|c| cand_json(c, &c.matched_variant)).collect();
    // An applicant id used as the query returns that applicant first, as a match.
    if let Some(a) = idx.index.applicant(v.name.trim()) {
        out.retain(|c| c["id"] != a.id.as_str());
        for c in &mut out {
            c["match"] = json!(false);
        }
        let kind =
            if a.kind == Some(Kind::Person) { ("person", "Natural person") } else { ("organization", "Organization") };
        out.insert(
            0,
            json!({
                "id": a.id, "name": a.name, "description": "matched: applicant id",
                "type": [{"id": kind.0, "name": kind.1}], "score": 100.0, "match": true,
                "features": [{"id": "id_exact", "value": true}],
            }),
        );
        out.truncate(v.limit);
    }
    out
}

fn cand_json(c: &namestd::lookup::Candidate, matched: &str) -> Value {
    let kind = match c.applicant.kind {
        Some(Kind::Person) => ("person", "Natural person"),
        _ => ("organization", "Organization"),
    };
    let mut desc = format!("matched: {matched}");
    if let Some(cc) = &c.applicant.country {
        desc.push_str(&format!(" ({cc})"));
    }
    json!({
        "id": c.applicant.id,
        "name": c.applicant.name,
        "description": desc,
        "type": [{"id": kind.0, "name": kind.1}],
        "score": score100(c.score),
        "match": c.is_match,
        "features": [
            {"id": "name_sim", "value": c.features.name_similarity},
            {"id": "exact_name", "value": c.features.exact_name},
            {"id": "legal_form_agree", "value": c.features.legal_form_agree},
            {"id": "country_agree", "value": c.features.country_agree},
            {"id": "identifier_exact", "value": c.features.identifier_exact},
        ],
    })
}

async fn run_queries(state: web::Data<AppState>, text: &str) -> Result<HttpResponse, ApiError> {
    let parsed: BTreeMap<String, ReconQuery> = serde_json::from_str(text).map_err(|e| {
        ApiError::new(ErrorCode::BadRequest, format!("`queries` is not a JSON object of queries: {e}"))
            .detail(FieldError { field: "queries".into(), message: e.to_string() })
    })?;
    let max = state.settings.max_batch;
    if parsed.len() > max {
        return Err(ApiError::new(
            ErrorCode::BatchTooLarge,
            format!("{} queries in one batch; the limit is {max}", parsed.len()),
        ));
    }
    let mut valid = Vec::with_capacity(parsed.len());
    for (k, q) in &parsed {
        valid.push((k.clone(), validate(k, q)?));
    }
    let idx = state.ready_index()?;
    let out = web::block(move || {
        let mut out = Map::new();
        for (k, v) in valid {
            let result = v.map(|v| candidates(&idx, &v)).unwrap_or_default();
            out.insert(k, json!({"result": result}));
        }
        out
    })
    .await
    .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the service is shutting down"))?;
    Ok(HttpResponse::Ok().json(Value::Object(out)))
}

/// `GET /reconcile`: the manifest, or `?queries=` results.
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let resp = match q.get("queries") {
        Some(text) => run_queries(state, text).await?,
        None => HttpResponse::Ok().json(manifest(&state, &req)),
    };
    match q.get("callback") {
        None => Ok(resp),
        Some(cb) => jsonp(cb, resp).await,
    }
}

/// Whether a JSONP callback name is a plain JavaScript identifier path.
fn valid_callback(cb: &str) -> bool {
    (1..=100).contains(&cb.len())
        && cb.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && cb.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.'))
}

/// Wraps a JSON answer as JSONP (`callback(...)`), the 0.2 fallback OpenRefine uses when
/// CORS fails.
async fn jsonp(cb: &str, resp: HttpResponse) -> Result<HttpResponse, ApiError> {
    if !valid_callback(cb) {
        return Err(ApiError::field("callback", "must be a JavaScript identifier"));
    }
    let body = actix_web::body::to_bytes(resp.into_body()).await.map_err(ApiError::internal)?;
    let text = format!("{cb}({});", String::from_utf8_lossy(&body));
    Ok(HttpResponse::Ok().content_type("application/javascript; charset=utf-8").body(text))
}

/// `POST /reconcile` with form field `queries`.
pub async fn post(
    state: web::Data<AppState>,
    form: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    match form.get("queries") {
        Some(text) => run_queries(state, text).await,
        None => Err(ApiError::field("queries", "the form field `queries` is required")),
    }
}

/// Suggest parameters.
#[derive(Debug, Deserialize)]
pub struct SuggestQuery {
    /// The typed prefix.
    pub prefix: Option<String>,
    /// Offset into the results.
    pub cursor: Option<usize>,
}

/// `GET /reconcile/suggest/entity?prefix=&cursor=`.
pub async fn suggest(state: web::Data<AppState>, q: web::Query<SuggestQuery>) -> Result<HttpResponse, ApiError> {
    let prefix = q.prefix.clone().unwrap_or_default();
    let cursor = q.cursor.unwrap_or(0).min(1000);
    let idx = state.ready_index()?;
    let out = web::block(move || {
        idx.index
            .suggest(&prefix, cursor + 10)
            .into_iter()
            .skip(cursor)
            .map(|s| json!({"id": s.applicant.id, "name": s.applicant.name, "description": s.variant}))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the service is shutting down"))?;
    Ok(HttpResponse::Ok().json(json!({"result": out})))
}

/// HTML-escapes text.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// Preview parameters.
#[derive(Debug, Deserialize)]
pub struct PreviewQuery {
    /// The applicant id.
    pub id: Option<String>,
}

/// `GET /reconcile/preview?id=`: a small HTML card for OpenRefine's iframe.
pub async fn preview(state: web::Data<AppState>, q: web::Query<PreviewQuery>) -> Result<HttpResponse, ApiError> {
    let Some(id) = q.id.as_deref().filter(|s| !s.is_empty()) else {
        return Err(ApiError::field("id", "is required"));
    };
    let idx = state.ready_index()?;
    let Some(a) = idx.index.applicant(id) else {
        return Err(ApiError::new(ErrorCode::ApplicantNotFound, format!("no applicant with id `{id}`")));
    };
    let variants: String = a
        .variants
        .iter()
        .take(8)
        .map(|v| format!("<li>{} <small>({})</small></li>", escape(&v.name), v.count))
        .collect();
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><style>body{{font:13px sans-serif;margin:8px}}h1{{font-size:15px;margin:0 0 4px}}ul{{margin:4px 0;padding-left:18px}}small{{color:#666}}</style></head>\
         <body><h1>{}</h1><div><small>id {}{}{}</small></div><ul>{}</ul>{}</body></html>",
        escape(&a.name),
        escape(&a.id),
        a.country.as_deref().map(|c| format!(" · {}", escape(c))).unwrap_or_default(),
        a.kind.map(|k| format!(" · {}", k.as_str())).unwrap_or_default(),
        variants,
        if a.variants.len() > 8 { format!("<small>and {} more spellings</small>", a.variants.len() - 8) } else { String::new() },
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        // Everything from the registry is escaped; the policy is a second line: no script runs.
        .insert_header(("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'"))
        .body(html))
}
