//! `POST /webhooks/erpnext`: signed notices from our Frappe apps when staff
//! change an order, an appointment or a ticket in ERPNext.
//!
//! Verification follows the contract: `X-Voice-Signature` is the lower-case
//! hex HMAC-SHA256 of `X-Voice-Timestamp + "." + raw body` with the shared
//! secret, compared in constant time; a timestamp more than 300 s away is
//! refused; a repeated delivery `id` is acknowledged and handled once.

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Sha256;
use voice_types::{LiveEvent, SessionId, business::OrderStatus};

use crate::{
    clock::now_ms,
    error::ApiError,
    events::{STAFF_STREAM, session_stream},
    json::parse_json,
    state::AppState,
};

/// How far a webhook's timestamp may be from our clock.
const MAX_SKEW_SECONDS: i64 = 300;

#[derive(Debug, Deserialize)]
struct Notice {
    event: String,
    id: String,
    #[serde(default)]
    data: Value,
}

pub async fn erpnext(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Some(secret) = &state.config.erpnext_webhook_secret else {
        return Err(ApiError::NotFound(
            "webhook route (set ERPNEXT_WEBHOOK_SECRET to enable it)".into(),
        ));
    };
    verify(
        secret.expose().as_bytes(),
        &headers,
        &body,
        now_ms() as i64 / 1000,
    )?;
    let notice: Notice = parse_json(&body)?;
    if notice.id.is_empty() || notice.id.len() > 200 {
        return Err(ApiError::invalid("id", "id: 1 to 200 characters"));
    }
    let Some(store) = &state.embedded else {
        return Err(ApiError::NotFound("embedded store".into()));
    };
    if !store.first_delivery(&notice.id, &notice.event).await? {
        return Ok((
            StatusCode::OK,
            Json(json!({"status": "duplicate", "id": notice.id})),
        ));
    }
    let session_id = notice
        .data
        .get("session_id")
        .and_then(Value::as_str)
        .map(|s| SessionId(s.to_owned()));
    let event = match notice.event.as_str() {
        "order.status_changed" => order_event(store, &notice.data, session_id.clone()).await?,
        "appointment.updated" => LiveEvent::AppointmentUpdated {
            session_id: session_id.clone(),
            appointment_id: text(&notice.data, "appointment_id"),
            status: text(&notice.data, "status"),
            appointment: notice.data.clone(),
        },
        "ticket.updated" => LiveEvent::TicketUpdated {
            session_id: session_id.clone(),
            ticket_id: text(&notice.data, "ticket_id"),
            status: text(&notice.data, "status"),
            ticket: notice.data.clone(),
        },
        other => {
            tracing::info!(
                event = other,
                "ignored an ERPNext webhook of an unknown kind"
            );
            return Ok((
                StatusCode::OK,
                Json(json!({"status": "ignored", "id": notice.id})),
            ));
        }
    };
    let stream = session_id.as_ref().map(session_stream);
    let streams: &[&str] = match &stream {
        Some(stream) => &[STAFF_STREAM, stream],
        None => &[STAFF_STREAM],
    };
    state.bus.publish_all(&state.hub, streams, &event).await?;
    Ok((
        StatusCode::OK,
        Json(json!({"status": "applied", "id": notice.id})),
    ))
}

async fn order_event(
    store: &crate::business::EmbeddedBackend,
    data: &Value,
    session_id: Option<SessionId>,
) -> Result<LiveEvent, ApiError> {
    let remote_id = text(data, "order_id");
    let status: OrderStatus = serde_json::from_value(
        data.get("status").cloned().unwrap_or(Value::Null),
    )
    .map_err(|_| {
        ApiError::invalid(
            "data.status",
            "data.status: one of Pending, Preparing, Ready, Completed, Cancelled",
        )
    })?;
    let local = store.apply_remote_order_status(&remote_id, status).await?;
    Ok(match local {
        Some(view) => LiveEvent::OrderUpdated {
            session_id: view.session_id.clone().map(SessionId).or(session_id),
            order_id: view.order_id.clone(),
            status: status.as_str().to_owned(),
            order: serde_json::to_value(&view).unwrap_or(Value::Null),
        },
        None => LiveEvent::OrderUpdated {
            session_id,
            order_id: remote_id,
            status: status.as_str().to_owned(),
            order: data.clone(),
        },
    })
}

fn text(data: &Value, key: &str) -> String {
    data.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Checks the timestamp window and the signature.
pub fn verify(
    secret: &[u8],
    headers: &HeaderMap,
    body: &[u8],
    now_seconds: i64,
) -> Result<(), ApiError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let timestamp = header("x-voice-timestamp")
        .ok_or(ApiError::Unauthorized("X-Voice-Timestamp is missing"))?;
    let seconds: i64 = timestamp
        .parse()
        .map_err(|_| ApiError::Unauthorized("X-Voice-Timestamp is not seconds since the epoch"))?;
    if (now_seconds - seconds).abs() > MAX_SKEW_SECONDS {
        return Err(ApiError::Unauthorized(
            "X-Voice-Timestamp is more than 300 s away: stale or replayed",
        ));
    }
    let signature = header("x-voice-signature")
        .ok_or(ApiError::Unauthorized("X-Voice-Signature is missing"))?;
    let given =
        decode_hex(signature).ok_or(ApiError::Unauthorized("X-Voice-Signature is not hex"))?;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret).map_err(|_| ApiError::Unauthorized("bad secret"))?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given)
        .map_err(|_| ApiError::Unauthorized("X-Voice-Signature does not match the body"))
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Signs a body as ERPNext does (tests and tools).
pub fn sign(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    crate::sessions::hex_lower(&mac.finalize().into_bytes())
}
