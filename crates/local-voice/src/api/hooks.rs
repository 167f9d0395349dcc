//! Ultravox's webhook registry: `POST/GET/PATCH/PUT/DELETE /api/webhooks`.
//! A webhook registered without secrets gets a generated one, returned in
//! the body. Delivery itself is `crate::webhooks`.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::LocalProvider;
use crate::api::calls::url;
use crate::api::{ApiError, pages, parse_json};
use crate::state::lock;
use crate::validate::is_http_url;
use crate::webhooks::{EVENTS, WebhookRecord, generate_secret};

/// `POST /api/webhooks`.
pub async fn create(
    State(p): State<LocalProvider>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = object(&body)?;
    let fields = fields(&body, true)?;
    let record = WebhookRecord::new(
        fields.url.unwrap_or_default(),
        fields.events.unwrap_or_default(),
        fields
            .secrets
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| vec![generate_secret()]),
        fields.agent_id.flatten(),
    );
    tracing::info!(webhook_id = %record.id, url = %record.url, events = ?record.events, "webhook registered");
    let json = record.to_json();
    lock(&p.shared.webhooks).push(record);
    Ok((StatusCode::CREATED, Json(json)))
}

/// `GET /api/webhooks`.
pub async fn list(
    State(p): State<LocalProvider>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let items: Vec<Value> = lock(&p.shared.webhooks)
        .iter()
        .map(WebhookRecord::to_json)
        .collect();
    let page = pages::page(
        items,
        &query,
        p.shared.config.default_page_size,
        url(&p, "api/webhooks")?,
    )?;
    Ok(Json(page))
}

/// `GET /api/webhooks/{id}`.
pub async fn get(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    lock(&p.shared.webhooks)
        .iter()
        .find(|w| w.id == id)
        .map(|w| Json(w.to_json()))
        .ok_or(ApiError::NotFound)
}

/// `PATCH /api/webhooks/{id}`: changes the fields given.
pub async fn patch(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    update(&p, &id, &object(&body)?, false)
}

/// `PUT /api/webhooks/{id}`: replaces the webhook's fields.
pub async fn put(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    update(&p, &id, &object(&body)?, true)
}

/// `DELETE /api/webhooks/{id}`.
pub async fn delete(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let mut hooks = lock(&p.shared.webhooks);
    let before = hooks.len();
    hooks.retain(|w| w.id != id);
    if hooks.len() == before {
        return Err(ApiError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

fn update(
    p: &LocalProvider,
    id: &str,
    body: &Map<String, Value>,
    full: bool,
) -> Result<Json<Value>, ApiError> {
    let fields = fields(body, full)?;
    let mut hooks = lock(&p.shared.webhooks);
    let hook = hooks
        .iter_mut()
        .find(|w| w.id == id)
        .ok_or(ApiError::NotFound)?;
    if let Some(url) = fields.url {
        hook.url = url;
    }
    if let Some(events) = fields.events {
        hook.events = events;
    }
    if let Some(secrets) = fields.secrets {
        hook.secrets = if secrets.is_empty() {
            vec![generate_secret()]
        } else {
            secrets
        };
    }
    if let Some(agent_id) = fields.agent_id {
        hook.agent_id = agent_id;
    }
    tracing::info!(webhook_id = %id, "webhook updated");
    Ok(Json(hook.to_json()))
}

#[derive(Default)]
struct Fields {
    url: Option<String>,
    events: Option<Vec<String>>,
    secrets: Option<Vec<String>>,
    agent_id: Option<Option<String>>,
}

fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match parse_json(body)? {
        Value::Object(map) => Ok(map),
        _ => Err(invalid("non_field_errors", "expected a JSON object")),
    }
}

/// Checks the webhook fields given; `required` when url and events must
/// be. Other keys are ignored, as DRF does (read-only fields sent back).
fn fields(body: &Map<String, Value>, required: bool) -> Result<Fields, ApiError> {
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut err = |k: &str, m: &str| errors.entry(k.to_owned()).or_default().push(m.to_owned());
    let mut f = Fields::default();
    match body.get("url") {
        Some(Value::String(u)) if u.len() <= 200 && is_http_url(u) => f.url = Some(u.clone()),
        Some(_) => err(
            "url",
            "must be an absolute http(s) URL of at most 200 characters",
        ),
        None if required => err("url", "this field is required"),
        None => {}
    }
    match body.get("events") {
        Some(Value::Array(list)) => {
            let events: Vec<String> = list
                .iter()
                .filter_map(|e| e.as_str().map(str::to_owned))
                .collect();
            if events.len() != list.len()
                || events.is_empty()
                || events.iter().any(|e| !EVENTS.contains(&e.as_str()))
            {
                err(
                    "events",
                    &format!("must be a non-empty list of {}", EVENTS.join(", ")),
                );
            } else {
                f.events = Some(events);
            }
        }
        Some(_) => err("events", "must be a list"),
        None if required => err("events", "this field is required"),
        None => {}
    }
    match body.get("secrets") {
        Some(Value::Array(list)) => {
            let secrets: Vec<String> = list
                .iter()
                .filter_map(|e| e.as_str().map(str::to_owned))
                .collect();
            if secrets.len() != list.len()
                || secrets
                    .iter()
                    .any(|s| s.is_empty() || s.chars().count() > 120)
            {
                err(
                    "secrets",
                    "must be a list of strings of 1 to 120 characters",
                );
            } else {
                f.secrets = Some(secrets);
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => err("secrets", "must be a list"),
    }
    match body.get("agentId") {
        Some(Value::String(a)) if uuid::Uuid::parse_str(a).is_ok() => {
            f.agent_id = Some(Some(a.clone()))
        }
        Some(Value::Null) => f.agent_id = Some(None),
        Some(_) => err("agentId", "must be a valid uuid"),
        None => {}
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(ApiError::Invalid(errors))
    }
}

fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::Invalid(BTreeMap::from([(
        field.to_owned(),
        vec![message.to_owned()],
    )]))
}
