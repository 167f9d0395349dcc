//! `ApiError`: the one error type of the HTTP surface, and its JSON shape.
//!
//! Caller mistakes map to 4xx with a message naming the field; store and
//! upstream faults map to 5xx with a generic message, and the cause is kept
//! in the response extensions for the logging middleware. Converting an error
//! into a response logs nothing itself.

use std::sync::Arc;

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use voice_domain::lifecycle::TransitionError;
use voice_types::ErrorBody;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON at all.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// Wrong content type.
    #[error("expected a JSON body with `Content-Type: application/json`")]
    UnsupportedMediaType,
    /// JSON that does not fit the expected shape, or a value out of range.
    #[error("{message}")]
    InvalidField { field: String, message: String },
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("missing or malformed credentials: {0}")]
    Unauthorized(&'static str),
    #[error("these credentials do not give access to {0}")]
    Forbidden(&'static str),
    #[error("{0} not found")]
    NotFound(String),
    #[error(transparent)]
    IllegalTransition(#[from] TransitionError),
    #[error("{0}")]
    Conflict(String),
    #[error("too many requests: retry after {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: u64 },
    #[error("store unavailable")]
    Store(#[from] StoreError),
    #[error("business store failed")]
    Business(#[source] crate::business::BackendError),
    /// The voice provider failed or refused.
    #[error("voice provider: {0}")]
    Upstream(String),
    /// The webhook's signature or timestamp is not acceptable.
    #[error("webhook refused: {0}")]
    BadSignature(String),
}

impl From<crate::business::BackendError> for ApiError {
    fn from(err: crate::business::BackendError) -> Self {
        use crate::business::BackendError as B;
        match err {
            B::Invalid { field, message } => Self::InvalidField { field, message },
            B::NotFound(what) => Self::NotFound(what),
            B::Conflict(why) => Self::Conflict(why),
            other => Self::Business(other),
        }
    }
}

impl ApiError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::InvalidField {
            field: field.into(),
            message: message.into(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            Self::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            Self::InvalidField { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
            Self::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::IllegalTransition(_) => (StatusCode::CONFLICT, "illegal_transition"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::Store(_) => (StatusCode::SERVICE_UNAVAILABLE, "store_unavailable"),
            Self::Business(crate::business::BackendError::Shared(_)) => {
                (StatusCode::SERVICE_UNAVAILABLE, "store_unavailable")
            }
            Self::Business(_) => (StatusCode::INTERNAL_SERVER_ERROR, "business_store_failed"),
            Self::Upstream(_) => (StatusCode::BAD_GATEWAY, "voice_provider_failed"),
            Self::BadSignature(_) => (StatusCode::UNAUTHORIZED, "bad_signature"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let field = match &self {
            Self::InvalidField { field, .. } => Some(field.clone()),
            _ => None,
        };
        let public = if status.is_server_error() {
            "the service could not complete this request; try again shortly".to_owned()
        } else {
            self.to_string()
        };
        let mut res = (status, Json(ErrorBody::new(code, public, field))).into_response();
        if let Self::RateLimited {
            retry_after_seconds,
        } = &self
            && let Ok(v) = HeaderValue::from_str(&retry_after_seconds.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if let Self::Unauthorized(_) = &self {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if status.is_server_error() {
            res.extensions_mut().insert(Arc::new(self));
        }
        res
    }
}
