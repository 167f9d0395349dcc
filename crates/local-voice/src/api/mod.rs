//! The HTTP surface: Ultravox's REST API under `api/`, the test controls
//! under `_local/`, and the browser join socket under `calls/`.
//!
//! Every `api/` and `_local/` route needs the API key in `X-API-Key` (or
//! `X-Unsafe-API-Key`); errors have DRF's shapes: `{"detail": "..."}`, or
//! `{"field": ["message"]}` for validation. Handlers are thin: they parse,
//! then call `calls`, `turns` or `webhooks`.

mod calls;
mod hooks;
mod pages;

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::LocalProvider;
use crate::{controls, join};

/// The provider's routes, relative (the session manager nests them).
pub fn router(provider: LocalProvider) -> Router {
    let authed = Router::new()
        .route("/api/calls", get(calls::list).post(calls::create))
        .route("/api/calls/{id}", get(calls::get).delete(calls::delete))
        .route("/api/calls/{id}/messages", get(calls::messages))
        .route("/api/calls/{id}/tools", get(calls::tools))
        .route("/api/calls/{id}/recording", get(calls::recording))
        .route(
            "/api/calls/{id}/send_data_message",
            axum::routing::post(calls::send_data_message),
        )
        .route("/api/accounts/me", get(calls::account))
        .route("/api/webhooks", get(hooks::list).post(hooks::create))
        .route(
            "/api/webhooks/{id}",
            get(hooks::get)
                .patch(hooks::patch)
                .put(hooks::put)
                .delete(hooks::delete),
        )
        .merge(controls::routes())
        .route_layer(middleware::from_fn_with_state(
            provider.clone(),
            require_key,
        ));
    Router::new()
        .merge(authed)
        .route("/calls/{id}/join", get(join::join))
        .with_state(provider)
}

/// An error answer in DRF's shape.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("Authentication credentials were not provided.")]
    MissingKey,
    #[error("Invalid API key.")]
    WrongKey,
    #[error("Not found.")]
    NotFound,
    #[error("Invalid cursor")]
    BadCursor,
    #[error("{0}")]
    BadRequest(String),
    #[error("invalid request")]
    Invalid(BTreeMap<String, Vec<String>>),
    #[error("{0}")]
    NotLive(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::MissingKey | Self::WrongKey => StatusCode::UNAUTHORIZED,
            Self::NotFound | Self::BadCursor => StatusCode::NOT_FOUND,
            Self::BadRequest(_) | Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::NotLive(_) => StatusCode::UNPROCESSABLE_ENTITY,
        };
        let body = match self {
            Self::Invalid(errors) => json!(errors),
            other => json!({"detail": other.to_string()}),
        };
        (status, axum::Json(body)).into_response()
    }
}

/// Parses a JSON body, or answers as DRF does to malformed JSON.
pub fn parse_json(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("JSON parse error - {e}")))
}

async fn require_key(
    State(provider): State<LocalProvider>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let headers = request.headers();
    let given = headers
        .get("x-api-key")
        .or_else(|| headers.get("x-unsafe-api-key"))
        .map(|v| v.to_str().unwrap_or_default());
    match given {
        None => Err(ApiError::MissingKey),
        Some(key)
            if !constant_time_eq(key.as_bytes(), provider.shared.config.api_key.as_bytes()) =>
        {
            tracing::info!(path = %request.uri().path(), "refused a request with a wrong API key");
            Err(ApiError::WrongKey)
        }
        Some(_) => Ok(next.run(request).await),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
