//! Test controls over HTTP under `/_local/` (outside the real API, behind
//! the same API key): join, say and end a call, force duplicate or failed
//! webhook deliveries, and read the request, delivery and tool logs. Each
//! route does exactly what the `LocalProvider` method of the same name does.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::api::{ApiError, parse_json};
use crate::{LocalError, LocalProvider};

pub fn routes() -> Router<LocalProvider> {
    Router::new()
        .route("/_local/calls/{id}/join", post(join))
        .route("/_local/calls/{id}/say", post(say))
        .route("/_local/calls/{id}/end", post(end))
        .route("/_local/deliveries/duplicate", post(duplicate))
        .route("/_local/deliveries/fail", post(fail))
        .route("/_local/requests", get(requests))
        .route("/_local/deliveries", get(deliveries))
        .route("/_local/tool-requests", get(tool_requests))
}

impl From<LocalError> for ApiError {
    fn from(e: LocalError) -> Self {
        match e {
            LocalError::UnknownCall(_) => ApiError::NotFound,
            LocalError::Ended(_) => ApiError::NotLive(e.to_string()),
            LocalError::BadReason(_) => ApiError::BadRequest(e.to_string()),
        }
    }
}

async fn join(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    p.join_call(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn say(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let text = string_field(&body, "text")?;
    let lines = p.say_in_call(&id, &text).await?;
    Ok(Json(json!({"agent": lines})))
}

async fn end(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let reason = string_field(&body, "reason")?;
    p.end_call(&id, &reason)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn duplicate(State(p): State<LocalProvider>, body: Bytes) -> Result<StatusCode, ApiError> {
    p.duplicate_next_deliveries(count_field(&body)?);
    Ok(StatusCode::NO_CONTENT)
}

async fn fail(State(p): State<LocalProvider>, body: Bytes) -> Result<StatusCode, ApiError> {
    p.fail_deliveries(count_field(&body)?);
    Ok(StatusCode::NO_CONTENT)
}

async fn requests(State(p): State<LocalProvider>) -> Json<Value> {
    Json(json!(p.create_requests()))
}

async fn deliveries(State(p): State<LocalProvider>) -> Json<Value> {
    Json(json!(p.deliveries()))
}

async fn tool_requests(State(p): State<LocalProvider>) -> Json<Value> {
    Json(json!(p.tool_requests()))
}

fn string_field(body: &[u8], key: &str) -> Result<String, ApiError> {
    parse_json(body)?
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| required(key))
}

fn count_field(body: &[u8]) -> Result<u32, ApiError> {
    parse_json(body)?
        .get("n")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| required("n"))
}

fn required(key: &str) -> ApiError {
    ApiError::Invalid(std::collections::BTreeMap::from([(
        key.to_owned(),
        vec!["this field is required".to_owned()],
    )]))
}
