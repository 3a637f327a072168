//! `/v1/legalForms`: the legal-form dictionary, by country and by name.

use super::json::valid_country;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use namestd::dictionary::loose_key;
use serde::Deserialize;
use serde_json::json;

/// Filters and paging.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegalFormQuery {
    /// Only forms of this jurisdiction (ISO 3166-1 alpha-2); generic forms included.
    pub country_code: Option<String>,
    /// Only forms written or abbreviated like this (`GmbH`, `g.m.b.h.`, `Kabushiki Kaisha`).
    pub name: Option<String>,
    /// Page size, 1..=1000 (default 100).
    pub limit: Option<usize>,
    /// Rows to skip (default 0).
    pub offset: Option<usize>,
}

/// `GET /v1/legalForms?countryCode=&name=&limit=&offset=`.
pub async fn list(state: web::Data<AppState>, q: web::Query<LegalFormQuery>) -> Result<HttpResponse, ApiError> {
    let country = valid_country("countryCode", q.country_code.as_deref())?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::field("limit", format!("{limit} is not within 1..=1000")));
    }
    let offset = q.offset.unwrap_or(0);
    let key = match q.name.as_deref().map(str::trim) {
        Some("") => return Err(ApiError::field("name", "must not be empty")),
        Some(n) => Some(loose_key(n)),
        None => None,
    };
    let recs = state.standardizer.dictionaries().records();
    let matching: Vec<_> = recs
        .iter()
        .filter(|r| country.as_ref().is_none_or(|c| r.countries.is_empty() || r.countries.contains(c)))
        .filter(|r| key.as_ref().is_none_or(|k| loose_key(&r.form) == *k || loose_key(&r.canonical) == *k))
        .collect();
    let page: Vec<_> = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|r| {
            json!({
                "form": r.form,
                "canonical": r.canonical,
                "genericClass": r.generic,
                "elfCodes": r.elf,
                "countryCodes": r.countries,
                "languageCode": r.language,
                "position": r.position,
                "inactive": r.inactive,
                "sources": r.source,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({"total": matching.len(), "offset": offset, "limit": limit, "legalForms": page})))
}
