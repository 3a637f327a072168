//! The one error type of the service, its code table and its body.
//!
//! Every error answer, whatever produced it (a handler, an extractor, routing, a limit),
//! has the body
//! `{"status": 422, "code": "invalid_field", "message": "...", "details": [{"field", "message"}], "requestId": "..."}`
//! and a status taken from the [`ErrorCode`] table. The request id is filled in by the
//! middleware ([`crate::middleware`]), which also turns actix's own error answers (405,
//! payload errors) into this body.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

/// Stable error codes and their HTTP status. The codes are part of the API: never
/// rename one, only add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body or query string cannot be read (malformed JSON, bad parameter).
    BadRequest,
    /// 401: the API key or admin token is missing or wrong.
    Unauthorized,
    /// 404: no such path.
    NotFound,
    /// 404: no applicant with this id.
    ApplicantNotFound,
    /// 405: the path exists, not with this method.
    MethodNotAllowed,
    /// 408: the request (its body included) did not arrive and get answered in time.
    RequestTimeout,
    /// 406: the client accepts none of the types the endpoint answers with.
    NotAcceptable,
    /// 413: the body is larger than the configured limit.
    PayloadTooLarge,
    /// 413: more names or queries in one request than the configured batch limit.
    BatchTooLarge,
    /// 415: the body is not of a type the endpoint reads.
    UnsupportedMediaType,
    /// 422: the request is well-formed but a field is invalid.
    InvalidField,
    /// 429: too many requests in flight; retry after `Retry-After` seconds.
    TooManyRequests,
    /// 500: an unexpected failure (logged with its cause; the body says nothing more).
    Internal,
    /// 503: the lookup index is not loaded yet (or is being replaced for the first time).
    IndexNotReady,
    /// 503: the service is overloaded or shutting down.
    Unavailable,
}

impl ErrorCode {
    /// Every code, for documentation.
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::BadRequest,
        ErrorCode::Unauthorized,
        ErrorCode::NotFound,
        ErrorCode::ApplicantNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NotAcceptable,
        ErrorCode::RequestTimeout,
        ErrorCode::PayloadTooLarge,
        ErrorCode::BatchTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::InvalidField,
        ErrorCode::TooManyRequests,
        ErrorCode::Internal,
        ErrorCode::IndexNotReady,
        ErrorCode::Unavailable,
    ];

    /// The HTTP status of the code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::NotFound | ErrorCode::ApplicantNotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            ErrorCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::PayloadTooLarge | ErrorCode::BatchTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidField => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::IndexNotReady | ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The code as it appears in the body (`invalid_field`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::NotFound => "not_found",
            ErrorCode::ApplicantNotFound => "applicant_not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::NotAcceptable => "not_acceptable",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::BatchTooLarge => "batch_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::InvalidField => "invalid_field",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::Internal => "internal",
            ErrorCode::IndexNotReady => "index_not_ready",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    /// The generic code for an HTTP status produced outside our handlers.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status.as_u16() {
            401 => ErrorCode::Unauthorized,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            406 => ErrorCode::NotAcceptable,
            408 => ErrorCode::RequestTimeout,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            422 => ErrorCode::InvalidField,
            429 => ErrorCode::TooManyRequests,
            503 => ErrorCode::Unavailable,
            400..=499 => ErrorCode::BadRequest,
            _ => ErrorCode::Internal,
        }
    }
}

/// What is wrong with one field of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The field (`name`, `names[3].countryCode`, `queries.q0`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// The error body (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// HTTP status.
    pub status: u16,
    /// Stable code ([`ErrorCode`]).
    pub code: &'static str,
    /// What went wrong, for people.
    pub message: String,
    /// Per-field problems (may be empty).
    pub details: Vec<FieldError>,
    /// The request id (`x-request-id`), to quote when reporting a problem.
    pub request_id: String,
}

/// The service's error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The code (decides the status).
    pub code: ErrorCode,
    /// The message.
    pub message: String,
    /// Per-field problems.
    pub details: Vec<FieldError>,
    /// Seconds to wait before retrying (sent as `Retry-After` on 429 and 503).
    pub retry_after: Option<u32>,
}

impl ApiError {
    /// An error with a code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let retry_after = match code {
            ErrorCode::TooManyRequests | ErrorCode::IndexNotReady | ErrorCode::Unavailable => Some(1),
            _ => None,
        };
        ApiError { code, message: message.into(), details: Vec::new(), retry_after }
    }

    /// A 422 on one field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        let field = field.into();
        ApiError::new(ErrorCode::InvalidField, format!("invalid `{field}`: {message}"))
            .detail(FieldError { field, message })
    }

    /// Adds a field problem.
    pub fn detail(mut self, d: FieldError) -> Self {
        self.details.push(d);
        self
    }

    /// An opaque 500; the cause is logged, not returned.
    pub fn internal(cause: impl fmt::Display) -> Self {
        eprintln!(
            "{{\"level\":\"error\",\"message\":{}}}",
            serde_json::Value::String(format!("internal error: {cause}"))
        );
        ApiError::new(ErrorCode::Internal, "internal error")
    }

    /// The body for a request id.
    pub fn body(&self, request_id: &str) -> ErrorBody {
        ErrorBody {
            status: self.code.status().as_u16(),
            code: self.code.as_str(),
            message: self.message.clone(),
            details: self.details.clone(),
            request_id: request_id.to_string(),
        }
    }

    /// The full response for a request id.
    pub fn response(&self, request_id: &str) -> HttpResponse {
        let mut b = HttpResponse::build(self.code.status());
        if self.code == ErrorCode::Unauthorized {
            b.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let Some(s) = self.retry_after {
            b.insert_header((header::RETRY_AFTER, s.to_string()));
        }
        b.json(self.body(request_id))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        // The middleware rewrites the body with the request id.
        self.response("")
    }
}

fn timed_out() -> ApiError {
    ApiError::new(ErrorCode::RequestTimeout, crate::middleware::deadline::TIMED_OUT)
}

/// JSON body errors → our codes (400 syntax, 413 size, 415 type, 422 data).
pub fn json_error(err: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match err {
        E::OverflowKnownLength { length, limit } => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("body of {length} bytes is larger than the limit of {limit} bytes"),
        ),
        E::Overflow { limit } => {
            ApiError::new(ErrorCode::PayloadTooLarge, format!("body larger than the limit of {limit} bytes"))
        }
        E::ContentType => {
            ApiError::new(ErrorCode::UnsupportedMediaType, "send the body as `Content-Type: application/json`")
        }
        E::Deserialize(e) if e.is_data() => ApiError::new(ErrorCode::InvalidField, format!("invalid body: {e}"))
            .detail(FieldError { field: "body".into(), message: e.to_string() }),
        E::Deserialize(e) => ApiError::new(ErrorCode::BadRequest, format!("malformed JSON: {e}")),
        E::Payload(p) if crate::middleware::deadline::is_timeout(&p) => timed_out(),
        other => ApiError::new(ErrorCode::BadRequest, format!("cannot read the body: {other}")),
    }
}

/// Form body errors → our codes.
pub fn form_error(err: actix_web::error::UrlencodedError) -> ApiError {
    use actix_web::error::UrlencodedError as E;
    match err {
        E::Overflow { size, limit } => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("body of {size} bytes is larger than the limit of {limit} bytes"),
        ),
        E::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the body as `Content-Type: application/x-www-form-urlencoded`",
        ),
        E::Payload(p) if crate::middleware::deadline::is_timeout(&p) => timed_out(),
        other => ApiError::new(ErrorCode::BadRequest, format!("cannot read the form: {other}")),
    }
}
