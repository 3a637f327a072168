//! `/openapi.json` (OpenAPI 3.1, built here from the route table and the error codes)
//! and `/docs`, an interactive page that reads it.

use crate::error::ErrorCode;
use actix_web::HttpResponse;
use serde_json::{json, Map, Value};

/// One documented operation.
struct Op {
    method: &'static str,
    path: &'static str,
    id: &'static str,
    summary: &'static str,
    params: &'static [(&'static str, &'static str, bool, &'static str)],
    body: Option<&'static str>,
    ok: &'static str,
    errors: &'static [u16],
}

const NAME_PARAMS: &[(&str, &str, bool, &str)] = &[
    ("name", "query", true, "The name as typed."),
    ("countryCode", "query", false, "ISO 3166-1 alpha-2 country."),
    ("kind", "query", false, "`organization` or `person`."),
];

const LOOKUP_PARAMS: &[(&str, &str, bool, &str)] = &[
    ("name", "query", true, "The name as typed."),
    ("countryCode", "query", false, "ISO 3166-1 alpha-2 country."),
    ("kind", "query", false, "`organization` or `person`."),
    ("identifier", "query", false, "Office identifier (customer number)."),
    ("limit", "query", false, "Candidates wanted, 1..=50 (default 5)."),
];

const ASSESS_PARAMS: &[(&str, &str, bool, &str)] = &[
    ("name", "query", true, "The name as received (blank: reported as `name.empty`)."),
    ("countryCode", "query", false, "Country code as received (an invalid one is reported as `country.invalid`)."),
    ("kind", "query", false, "`organization` or `person`."),
    ("firstName", "query", false, "Person: given names (ST.96 FirstName)."),
    ("lastName", "query", false, "Person: family name (ST.96 LastName)."),
    ("originalScriptName", "query", false, "The name in its original script."),
    ("identifier", "query", false, "Office identifier (customer number)."),
    ("address", "query", false, "Postal address, one line."),
    ("limit", "query", false, "Registry candidates wanted, 1..=50 (default 3)."),
];

/// The route table (kept next to `routes::configure`; a test checks every path answers).
const OPS: &[Op] = &[
    Op {
        method: "post",
        path: "/v1/names/standardize",
        id: "standardizeNames",
        summary: "Standardize one name (`name`) or a batch (`names`)",
        params: &[],
        body: Some("StandardizeRequest"),
        ok: "Standardized name, or {names: [...]}",
        errors: &[400, 406, 413, 415, 422, 429],
    },
    Op {
        method: "get",
        path: "/v1/names/standardize",
        id: "standardizeName",
        summary: "Standardize one name",
        params: NAME_PARAMS,
        body: None,
        ok: "Standardized name",
        errors: &[400, 406, 422, 429],
    },
    Op {
        method: "get",
        path: "/v1/applicants/lookup",
        id: "lookupApplicantsGet",
        summary: "Registry applicants this name most likely is (type-ahead)",
        params: LOOKUP_PARAMS,
        body: None,
        ok: "Candidates with score, match flag and explanation",
        errors: &[400, 406, 422, 429, 503],
    },
    Op {
        method: "post",
        path: "/v1/applicants/lookup",
        id: "lookupApplicants",
        summary: "Registry applicants this name most likely is",
        params: &[],
        body: Some("LookupRequest"),
        ok: "Candidates with score, match flag and explanation",
        errors: &[400, 406, 413, 415, 422, 429, 503],
    },
    Op {
        method: "post",
        path: "/v1/applicants/assess",
        id: "assessApplicants",
        summary: "Data-quality issues and 0-100 score of one applicant record, or a batch (`applicants`); registry near-duplicates as `registry.nearDuplicate`",
        params: &[],
        body: Some("AssessRequest"),
        ok: "{score, band, hasError, issues: [{code, severity, weight, message, span, suggestion}], name, nameAnalysis, registryChecked, candidates}, or {applicants: [...]}",
        errors: &[400, 406, 413, 415, 422, 429],
    },
    Op {
        method: "get",
        path: "/v1/applicants/assess",
        id: "assessApplicant",
        summary: "Data-quality issues and score of one applicant record",
        params: ASSESS_PARAMS,
        body: None,
        ok: "{score, band, hasError, issues, name, nameAnalysis, registryChecked, candidates}",
        errors: &[400, 406, 422, 429],
    },
    Op {
        method: "get",
        path: "/v1/applicants/{id}",
        id: "getApplicant",
        summary: "One applicant with its variant names",
        params: &[("id", "path", true, "Applicant id.")],
        body: None,
        ok: "The applicant",
        errors: &[404, 406, 429, 503],
    },
    Op {
        method: "get",
        path: "/v1/legalForms",
        id: "listLegalForms",
        summary: "Legal forms by country, or looked up by name",
        params: &[
            ("countryCode", "query", false, "Jurisdiction (generic forms included)."),
            ("name", "query", false, "A form as written (`GmbH`)."),
            ("limit", "query", false, "1..=1000, default 100."),
            ("offset", "query", false, "Rows to skip."),
        ],
        body: None,
        ok: "{total, offset, limit, legalForms}",
        errors: &[400, 406, 422, 429],
    },
    Op {
        method: "get",
        path: "/v1/index",
        id: "getIndex",
        summary: "The loaded lookup index",
        params: &[],
        body: None,
        ok: "{source, applicants, names, loadedAt, loadMs}",
        errors: &[503],
    },
    Op {
        method: "post",
        path: "/v1/index/reload",
        id: "reloadIndex",
        summary: "Rebuild the index from its source and swap it in without downtime",
        params: &[],
        body: None,
        ok: "The new index",
        errors: &[429, 500],
    },
    Op {
        method: "get",
        path: "/reconcile",
        id: "reconcileGet",
        summary: "Reconciliation API 0.2: manifest, or results for `?queries=`",
        params: &[("queries", "query", false, "JSON object of queries {q0: {query, type, limit, properties}}.")],
        body: None,
        ok: "Manifest or {q0: {result: [...]}}",
        errors: &[400, 413, 422, 503],
    },
    Op {
        method: "post",
        path: "/reconcile",
        id: "reconcilePost",
        summary: "Reconciliation API 0.2: form field `queries`",
        params: &[],
        body: Some("ReconcileForm"),
        ok: "{q0: {result: [...]}}",
        errors: &[400, 413, 415, 422, 503],
    },
    Op {
        method: "get",
        path: "/reconcile/suggest/entity",
        id: "suggestEntity",
        summary: "Reconciliation suggest: applicants by name or id prefix",
        params: &[("prefix", "query", true, "Typed prefix."), ("cursor", "query", false, "Offset.")],
        body: None,
        ok: "{result: [{id, name, description}]}",
        errors: &[503],
    },
    Op {
        method: "get",
        path: "/reconcile/preview",
        id: "previewEntity",
        summary: "Reconciliation preview (HTML for an iframe)",
        params: &[("id", "query", true, "Applicant id.")],
        body: None,
        ok: "HTML",
        errors: &[404, 422, 503],
    },
    Op {
        method: "get",
        path: "/health/live",
        id: "live",
        summary: "Liveness",
        params: &[],
        body: None,
        ok: "{status: live}",
        errors: &[],
    },
    Op {
        method: "get",
        path: "/health/ready",
        id: "ready",
        summary: "Readiness: an index is loaded",
        params: &[],
        body: None,
        ok: "{status: ready, index}",
        errors: &[503],
    },
    Op {
        method: "get",
        path: "/metrics",
        id: "metrics",
        summary: "Prometheus metrics (text format)",
        params: &[],
        body: None,
        ok: "Metrics",
        errors: &[],
    },
    Op {
        method: "get",
        path: "/openapi.json",
        id: "openapi",
        summary: "This document",
        params: &[],
        body: None,
        ok: "OpenAPI 3.1",
        errors: &[],
    },
];

/// The paths and methods documented (for tests).
pub fn documented() -> Vec<(&'static str, &'static str)> {
    OPS.iter().map(|o| (o.method, o.path)).collect()
}

fn schemas() -> Value {
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let table: Vec<String> =
        ErrorCode::ALL.iter().map(|c| format!("`{}` → {}", c.as_str(), c.status().as_u16())).collect();
    json!({
        "Error": {
            "type": "object",
            "description": format!("The one error body. Codes: {}.", table.join(", ")),
            "required": ["status", "code", "message", "details", "requestId"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string", "enum": codes},
                "message": {"type": "string"},
                "details": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
                "requestId": {"type": "string"}
            }
        },
        "NameRequest": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string", "maxLength": 1000}, "countryCode": {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "kind": {"type": "string", "enum": ["organization", "person"]}}
        },
        "StandardizeRequest": {
            "description": "One name, or a batch in `names` (at most the configured batch size).",
            "oneOf": [
                {"$ref": "#/components/schemas/NameRequest"},
                {"type": "object", "required": ["names"], "properties": {"names": {"type": "array", "items": {"$ref": "#/components/schemas/NameRequest"}}}}
            ]
        },
        "LookupRequest": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"}, "countryCode": {"type": "string"}, "kind": {"type": "string", "enum": ["organization", "person"]},
                "identifier": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 50}
            }
        },
        "ApplicantRecord": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "maxLength": 1000}, "countryCode": {"type": "string"},
                "kind": {"type": "string", "enum": ["organization", "person"]},
                "firstName": {"type": "string"}, "lastName": {"type": "string"}, "originalScriptName": {"type": "string"},
                "identifier": {"type": "string"}, "address": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 50}
            }
        },
        "AssessRequest": {
            "description": "One applicant record, or a batch in `applicants` (at most the configured batch size).",
            "oneOf": [
                {"$ref": "#/components/schemas/ApplicantRecord"},
                {"type": "object", "required": ["applicants"], "properties": {"applicants": {"type": "array", "items": {"$ref": "#/components/schemas/ApplicantRecord"}}}}
            ]
        },
        "ReconcileForm": {"type": "object", "required": ["queries"], "properties": {"queries": {"type": "string", "description": "JSON object of queries."}}}
    })
}

/// The OpenAPI 3.1 document.
pub fn openapi() -> Value {
    let mut paths = Map::new();
    for op in OPS {
        let mut responses = Map::new();
        responses.insert("200".into(), json!({"description": op.ok}));
        for s in op.errors {
            let codes: Vec<&str> =
                ErrorCode::ALL.iter().filter(|c| c.status().as_u16() == *s).map(|c| c.as_str()).collect();
            responses.insert(
                s.to_string(),
                json!({"description": format!("Error ({})", codes.join(", ")),
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}),
            );
        }
        let params: Vec<Value> = op
            .params
            .iter()
            .map(|(n, at, req, d)| json!({"name": n, "in": at, "required": req, "description": d, "schema": {"type": "string"}}))
            .collect();
        let mut o = json!({"operationId": op.id, "summary": op.summary, "parameters": params, "responses": responses});
        if let Some(b) = op.body {
            let ct = if b == "ReconcileForm" { "application/x-www-form-urlencoded" } else { "application/json" };
            o["requestBody"] =
                json!({"required": true, "content": {ct: {"schema": {"$ref": format!("#/components/schemas/{b}")}}}});
        }
        let entry = paths.entry(op.path.to_string()).or_insert_with(|| json!({}));
        entry[op.method] = o;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "namestd applicant name service",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Real-time applicant lookup, name standardization and W3C Reconciliation API 0.2. JSON after WIPO ST.96/ST.97 (lowerCamelCase); every error has the `Error` body; every response carries `x-request-id`.",
            "license": {"name": "MIT", "identifier": "MIT"}
        },
        "paths": paths,
        "components": {"schemas": schemas()}
    })
}

/// `GET /openapi.json`.
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(openapi())
}

/// `GET /docs`: an interactive page over `/openapi.json` (no external scripts).
pub async fn docs_page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(include_str!("../../static/docs.html"))
}

/// `GET /`: the filing-assist page.
pub async fn index_page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(include_str!("../../static/index.html"))
}
