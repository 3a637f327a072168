//! Routes: thin handlers over the core, CPU work in `web::block`.

pub mod applicants;
pub mod assess;
pub mod docs;
pub mod health;
pub mod json;
pub mod legal_forms;
pub mod names;
pub mod reconcile;

use crate::error::{form_error, json_error, ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::web;

/// Registers every route and the extractor error handlers on an app.
pub fn configure(cfg: &mut web::ServiceConfig, state: web::Data<AppState>) {
    let limit = state.settings.max_body_bytes;
    cfg.app_data(state)
        .app_data(web::JsonConfig::default().limit(limit).error_handler(|e, _| json_error(e).into()))
        .app_data(web::FormConfig::default().limit(limit).error_handler(|e, _| form_error(e).into()))
        .app_data(web::PayloadConfig::default().limit(limit))
        .app_data(
            web::QueryConfig::default().error_handler(|e, _| {
                ApiError::new(ErrorCode::BadRequest, format!("invalid query string: {e}")).into()
            }),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|e, _| ApiError::new(ErrorCode::BadRequest, format!("invalid path: {e}")).into()),
        )
        .service(
            web::resource("/v1/names/standardize").route(web::post().to(names::post)).route(web::get().to(names::get)),
        )
        .service(
            web::resource("/v1/applicants/lookup")
                .route(web::get().to(applicants::lookup_get))
                .route(web::post().to(applicants::lookup_post)),
        )
        .service(
            web::resource("/v1/applicants/assess")
                .route(web::post().to(assess::post))
                .route(web::get().to(assess::get)),
        )
        .service(web::resource("/v1/applicants/{id}").route(web::get().to(applicants::get_one)))
        .service(web::resource("/v1/legalForms").route(web::get().to(legal_forms::list)))
        .service(web::resource("/v1/index").route(web::get().to(applicants::index_get)))
        .service(web::resource("/v1/index/reload").route(web::post().to(applicants::index_reload)))
        .service(
            web::resource("/reconcile").route(web::get().to(reconcile::get)).route(web::post().to(reconcile::post)),
        )
        .service(web::resource("/reconcile/suggest/entity").route(web::get().to(reconcile::suggest)))
        .service(web::resource("/reconcile/preview").route(web::get().to(reconcile::preview)))
        .service(web::resource("/health/live").route(web::get().to(health::live)))
        .service(web::resource("/health/ready").route(web::get().to(health::ready)))
        .service(web::resource("/metrics").route(web::get().to(health::metrics)))
        .service(web::resource("/openapi.json").route(web::get().to(docs::openapi_json)))
        .service(web::resource("/docs").route(web::get().to(docs::docs_page)))
        .service(web::resource("/").route(web::get().to(docs::index_page)));
}

/// The default service: 404 in our error body.
pub async fn not_found(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, format!("no resource at {}", req.path())))
}
