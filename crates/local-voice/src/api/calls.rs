//! Ultravox's call endpoints: create (validated when strict, always
//! recorded), get, list, delete, messages, tools, and data messages.
//!
//! Thin: parse and answer; the call's life is in `crate::calls`, turns in
//! `crate::turns`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::LocalProvider;
use crate::api::{ApiError, pages, parse_json};
use crate::state::{RecordedRequest, lock};
use crate::{calls, turns, validate};

type Q = Query<BTreeMap<String, String>>;

/// `POST /api/calls`.
pub async fn create(
    State(p): State<LocalProvider>,
    Query(query): Q,
    body: Bytes,
) -> Result<Response, ApiError> {
    let shared = &p.shared;
    let (value, mut errors) = match parse_json(&body) {
        Ok(v) => (v, BTreeMap::new()),
        Err(e) => (
            Value::String(String::from_utf8_lossy(&body).into_owned()),
            BTreeMap::from([("non_field_errors".to_owned(), vec![e.to_string()])]),
        ),
    };
    if errors.is_empty() && shared.config.strict {
        errors = validate::start_call(&value, &query);
    }
    let prior = query.get("priorCallId").and_then(|id| shared.call(id));
    if errors.is_empty() && query.contains_key("priorCallId") && prior.is_none() {
        errors.insert("priorCallId".into(), vec!["call not found".into()]);
    }
    let mut record = RecordedRequest {
        body: value.clone(),
        query: query.clone(),
        errors: errors.clone(),
        call_id: None,
    };
    if !errors.is_empty() {
        tracing::info!(?errors, "refused a create-call request");
        lock(&shared.requests).push(record);
        return Err(ApiError::Invalid(errors));
    }
    let mut request = value.as_object().cloned().unwrap_or_default();
    let mut history = Vec::new();
    if let Some(prior) = prior {
        // The prior call's settings and history; the body overrides.
        let mut merged: Map<String, Value> = prior.request.clone();
        merged.remove("initialMessages");
        merged.extend(request);
        request = merged;
        history = prior.lock().messages.clone();
    }
    let entry = calls::create(shared, &request, history);
    record.call_id = Some(entry.id.clone());
    lock(&shared.requests).push(record);
    let call = entry.lock().snapshot();
    Ok((StatusCode::CREATED, Json(call)).into_response())
}

/// `GET /api/calls/{id}`.
pub async fn get(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let entry = p.shared.call(&id).ok_or(ApiError::NotFound)?;
    let call = entry.lock().snapshot();
    Ok(Json(call))
}

/// `GET /api/calls`: newest first (`sort=created` for oldest first),
/// filtered by `metadata.<key>=<value>`.
pub async fn list(
    State(p): State<LocalProvider>,
    Query(query): Q,
) -> Result<Json<Value>, ApiError> {
    let filters: Vec<(&str, &str)> = query
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("metadata.")?, v.as_str())))
        .collect();
    let mut calls: Vec<(jiff::Timestamp, Value)> = p
        .shared
        .calls
        .iter()
        .map(|e| {
            let r = e.value().lock();
            (r.created, r.snapshot())
        })
        .filter(|(_, call)| {
            filters.iter().all(|(k, v)| {
                call.pointer(&format!("/metadata/{k}"))
                    .and_then(Value::as_str)
                    == Some(*v)
            })
        })
        .collect();
    calls.sort_by_key(|(created, _)| *created);
    if query.get("sort").map(String::as_str) != Some("created") {
        calls.reverse();
    }
    let items = calls.into_iter().map(|(_, c)| c).collect();
    let page = pages::page(
        items,
        &query,
        p.shared.config.default_page_size,
        url(&p, "api/calls")?,
    )?;
    Ok(Json(page))
}

/// `DELETE /api/calls/{id}`: a live call is ended first.
pub async fn delete(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let entry = p.shared.call(&id).ok_or(ApiError::NotFound)?;
    calls::end(&p.shared, &entry, "hangup");
    p.shared.calls.remove(&id);
    tracing::info!(call_id = %id, "call deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/calls/{id}/messages`.
pub async fn messages(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
    Query(query): Q,
) -> Result<Json<Value>, ApiError> {
    let entry = p.shared.call(&id).ok_or(ApiError::NotFound)?;
    let items = entry.lock().messages.clone();
    let url = url(&p, &format!("api/calls/{id}/messages"))?;
    Ok(Json(pages::page(
        items,
        &query,
        p.shared.config.default_page_size,
        url,
    )?))
}

/// `GET /api/calls/{id}/tools`.
pub async fn tools(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let entry = p.shared.call(&id).ok_or(ApiError::NotFound)?;
    Ok(Json(Value::Array(
        entry.tools.iter().map(|t| t.to_call_tool()).collect(),
    )))
}

/// `GET /api/calls/{id}/recording`: the local provider records no audio.
pub async fn recording(State(p): State<LocalProvider>, Path(id): Path<String>) -> ApiError {
    if p.shared.call(&id).is_some() {
        tracing::debug!(call_id = %id, "no recording: the local provider has no audio");
    }
    ApiError::NotFound
}

/// `GET /api/accounts/me`.
pub async fn account(State(p): State<LocalProvider>) -> Json<Value> {
    let active = p
        .shared
        .calls
        .iter()
        .filter(|e| e.value().lock().is_live())
        .count();
    Json(json!({
        "name": "local voice provider",
        "activeCalls": active,
        "allowedConcurrentCalls": null,
        "freeTimeUsed": "0s",
        "freeTimeRemaining": "1800s",
        "hasActiveSubscription": false,
    }))
}

/// `POST /api/calls/{id}/send_data_message`: `hang_up`,
/// `user_text_message` or `forced_agent_message`; 422 unless live.
pub async fn send_data_message(
    State(p): State<LocalProvider>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let message = parse_json(&body)?;
    let field = |k: &str| message.get(k).and_then(Value::as_str).map(str::to_owned);
    let required = |k: &str| {
        field(k).ok_or_else(|| {
            ApiError::Invalid(BTreeMap::from([(
                k.to_owned(),
                vec!["this field is required".to_owned()],
            )]))
        })
    };
    let kind = required("type")?;
    let entry = p.shared.call(&id).ok_or(ApiError::NotFound)?;
    if !entry.lock().is_live() {
        return Err(ApiError::NotLive("the call is not live".into()));
    }
    let shared = Arc::clone(&p.shared);
    match kind.as_str() {
        "hang_up" => {
            let words = field("message").filter(|m| !m.trim().is_empty());
            tokio::spawn(async move {
                if let Some(words) = words {
                    turns::agent_says(&shared, &entry, &words).await;
                }
                calls::end(&shared, &entry, "agent_hangup");
            });
        }
        "user_text_message" => {
            let text = required("text")?;
            tokio::spawn(async move {
                if let Err(e) = turns::caller_says(&shared, &entry, &text, "text").await {
                    tracing::info!(error = %e, "user_text_message ignored");
                }
            });
        }
        "forced_agent_message" => {
            let content = required("content")?;
            tokio::spawn(async move { turns::agent_says(&shared, &entry, &content).await });
        }
        other => {
            return Err(ApiError::Invalid(BTreeMap::from([(
                "type".to_owned(),
                vec![format!("unknown data message type \"{other}\"")],
            )])));
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

/// An absolute URL of this provider.
pub(super) fn url(p: &LocalProvider, path: &str) -> Result<url::Url, ApiError> {
    p.shared
        .config
        .base_url
        .join(path)
        .map_err(|e| ApiError::BadRequest(format!("cannot build a url for {path}: {e}")))
}
