//! `POST /webhooks/ultravox`: the voice provider's call lifecycle.
//!
//! Verification follows Ultravox exactly (`voice_ultravox::signature`):
//! HMAC-SHA256 over the raw body followed by the timestamp header, any of
//! several comma-separated signatures, constant-time comparison, stale or
//! future timestamps refused. Each `(event, callId)` is handled once: a
//! replayed or duplicated delivery is acknowledged as a duplicate. Moves that
//! arrive out of order (a `call.joined` after `call.ended`) are refused by
//! the state machine and acknowledged as stale, so nothing changes twice.
//!
//! `call.joined` → active; `call.ended` → ended (or failed for connection and
//! system errors), the slot is freed, the queue promoted, and the transcript
//! fetched and recorded; `call.started` and `call.billed` are noted.

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
};
use serde_json::{Value, json};
use voice_types::{SessionId, SessionStatus};
use voice_ultravox::{
    signature::{self, SIGNATURE_HEADER, TIMESTAMP_HEADER},
    types::{WebhookDelivery, WebhookEvent},
};

use crate::{
    error::ApiError,
    json::parse_json,
    sessions::{Cause, transition_by},
    state::AppState,
    voice::{VoiceService, call_key, finish},
};

/// The voice provider's call lifecycle webhooks (Ultravox's format and signature).
#[utoipa::path(post, path = "/webhooks/ultravox", tag = "voice",
    params(("X-Ultravox-Webhook-Timestamp" = String, Header, description = "RFC 3339, signed verbatim"),
        ("X-Ultravox-Webhook-Signature" = String, Header, description = "Comma-separated lower-hex HMAC-SHA256 of body + timestamp")),
    request_body(content = Object, description = "`{\"event\": \"call.joined\"|\"call.ended\"|..., \"call\": <Call>}`"),
    responses((status = 200, description = "`{status: applied|stale|duplicate|noted|ignored, event}`", body = Object),
        (status = 400, description = "Not JSON", body = voice_types::ErrorBody),
        (status = 401, description = "Bad, missing or stale signature", body = voice_types::ErrorBody),
        (status = 502, description = "The provider's transcript could not be read; retry", body = voice_types::ErrorBody)))]
pub async fn ultravox(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Some(voice) = state.voice.clone() else {
        return Err(ApiError::NotFound(
            "the Ultravox webhook (voice calls are off: VOICE_PROVIDER=off)".into(),
        ));
    };
    verify(&state, &voice, &headers, &body)?;
    let delivery: WebhookDelivery = parse_json(&body)?;
    let event = delivery.event.as_str();
    if delivery.call.call_id.is_empty() {
        return Err(ApiError::invalid("call.callId", "call.callId: required"));
    }
    if event == "unknown" {
        tracing::info!(call_id = %delivery.call.call_id, "ignoring an unknown webhook event");
        return Ok(answer("ignored", "unknown event"));
    }
    let claim = format!("uvev:{event}:{}", delivery.call.call_id);
    if !state
        .store
        .first_time(&claim, state.config.ended_session_ttl)
        .await?
    {
        metrics::counter!("vsm_voice_webhooks_total", "outcome" => "duplicate").increment(1);
        return Ok(answer("duplicate", event));
    }
    match handle(&state, &voice, &delivery).await {
        Ok(outcome) => {
            metrics::counter!("vsm_voice_webhooks_total", "outcome" => outcome).increment(1);
            Ok(answer(outcome, event))
        }
        Err(err) => {
            // Let the provider's retry run it again.
            let release = state
                .store
                .put_value(&claim, "released", std::time::Duration::from_millis(1))
                .await;
            if let Err(e) = release {
                tracing::warn!(error = %e, "could not release a webhook claim");
            }
            Err(err)
        }
    }
}

fn verify(
    state: &AppState,
    voice: &VoiceService,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ApiError> {
    let timestamp = headers.get(TIMESTAMP_HEADER).and_then(|v| v.to_str().ok());
    let signatures = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    signature::verify(
        &voice.webhook_secrets,
        body,
        timestamp,
        signatures,
        jiff::Timestamp::now(),
        state.config.voice.webhook_max_age,
    )
    .map_err(|e| {
        metrics::counter!("vsm_voice_webhooks_total", "outcome" => "refused").increment(1);
        ApiError::BadSignature(e.to_string())
    })
}

fn answer(status: &str, event: &str) -> (StatusCode, Json<Value>) {
    (
        StatusCode::OK,
        Json(json!({"status": status, "event": event})),
    )
}

/// Applies one event; answers `applied`, `stale` (out of order), `noted` or `ignored`.
async fn handle(
    state: &AppState,
    voice: &VoiceService,
    delivery: &WebhookDelivery,
) -> Result<&'static str, ApiError> {
    let call = &delivery.call;
    let session_id = match call.metadata.get("sessionId") {
        Some(id) => SessionId(id.clone()),
        None => match state.store.get_value(&call_key(&call.call_id)).await? {
            Some(id) => SessionId(id),
            None => {
                tracing::info!(call_id = %call.call_id, "webhook for a call that is not ours");
                return Ok("ignored");
            }
        },
    };
    match delivery.event {
        WebhookEvent::Joined => {
            let moved = transition_by(
                state,
                &session_id,
                SessionStatus::Active,
                None,
                Cause::Provider,
            )
            .await;
            settled(moved, &session_id, "call.joined")
        }
        WebhookEvent::Ended => {
            let (status, reason) = finish::end_outcome(call.end_reason.as_ref());
            let moved = transition_by(
                state,
                &session_id,
                status,
                Some(reason.to_owned()),
                Cause::Provider,
            )
            .await;
            let outcome = settled(moved, &session_id, "call.ended")?;
            finish::record_call(state, voice, &session_id, call).await?;
            Ok(outcome)
        }
        WebhookEvent::Billed => {
            tracing::info!(%session_id, call_id = %call.call_id,
                billed = ?call.billed_duration, "call billed");
            Ok("noted")
        }
        _ => Ok("noted"),
    }
}

/// A move the state machine refused is a stale delivery, not an error.
fn settled(
    moved: Result<voice_types::SessionView, ApiError>,
    session_id: &SessionId,
    event: &str,
) -> Result<&'static str, ApiError> {
    match moved {
        Ok(_) => Ok("applied"),
        Err(ApiError::IllegalTransition(why)) => {
            tracing::info!(%session_id, event, reason = %why, "out-of-order webhook changes nothing");
            Ok("stale")
        }
        Err(ApiError::NotFound(_)) => {
            tracing::info!(%session_id, event, "webhook for an expired session");
            Ok("ignored")
        }
        Err(err) => Err(err),
    }
}
