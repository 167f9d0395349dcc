//! The session service: create, read, move and end sessions, and keep the
//! queue moving. Handlers and the maintenance task call these functions;
//! they are the only code that changes a session's status.
//!
//! Every move goes through `voice_domain::lifecycle::check_transition` and a
//! compare-and-set in the store, then frees or takes capacity and publishes
//! the events, in that order.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use voice_domain::{lifecycle::check_transition, queue::estimated_wait_seconds};
use voice_types::{
    Channel, CreateSessionRequest, LiveEvent, QueueInfo, SessionId, SessionStatus, SessionView,
};

use crate::{
    capacity::{Admission, QueueExit},
    clock::now_ms,
    error::ApiError,
    events::{STAFF_STREAM, session_stream},
    state::AppState,
    store::{Cas, SessionRecord},
};

const MAX_NAME_CHARS: usize = 200;
const MAX_PHONE_CHARS: usize = 40;
const MAX_METADATA_BYTES: usize = 4096;

/// A new session and the customer's token (shown once).
pub struct Created {
    pub view: SessionView,
    pub token: String,
}

/// Checks the parts of a create request that serde cannot.
pub fn validate(req: &CreateSessionRequest) -> Result<(), ApiError> {
    if let Some(name) = &req.customer_name {
        if name.trim().is_empty() {
            return Err(ApiError::invalid(
                "customerName",
                "customerName: must not be blank when given",
            ));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(ApiError::invalid(
                "customerName",
                format!("customerName: at most {MAX_NAME_CHARS} characters"),
            ));
        }
    }
    if let Some(phone) = &req.customer_phone {
        let ok_chars = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if phone.chars().count() > MAX_PHONE_CHARS || !ok_chars || !(7..=15).contains(&digits) {
            return Err(ApiError::invalid(
                "customerPhone",
                "customerPhone: a phone number of 7 to 15 digits (spaces, +, -, parentheses allowed)",
            ));
        }
    }
    if let Some(metadata) = &req.metadata {
        let size = serde_json::to_vec(metadata)
            .map(|v| v.len())
            .unwrap_or(usize::MAX);
        if size > MAX_METADATA_BYTES {
            return Err(ApiError::invalid(
                "metadata",
                format!("metadata: at most {MAX_METADATA_BYTES} bytes of JSON, got {size}"),
            ));
        }
    }
    Ok(())
}

/// Creates a session, reserving a call slot or joining the queue.
pub async fn create(state: &AppState, req: CreateSessionRequest) -> Result<Created, ApiError> {
    validate(&req)?;
    let now = now_ms();
    let token = new_token();
    let mut view = SessionView {
        session_id: SessionId(uuid::Uuid::new_v4().to_string()),
        business_type: req.business_type,
        channel: req.channel.unwrap_or(Channel::Web),
        status: SessionStatus::Queued,
        customer_name: req.customer_name.map(|n| n.trim().to_owned()),
        customer_phone: req.customer_phone.map(|p| p.trim().to_owned()),
        metadata: req.metadata,
        queue: None,
        join_url: None,
        call_id: None,
        voice_provider: None,
        end_reason: None,
        created_at_ms: now,
        updated_at_ms: now,
        started_at_ms: None,
        ended_at_ms: None,
    };
    let mut record = SessionRecord {
        view: view.clone(),
        token_sha256: token_digest(&token),
    };
    // The record exists (as queued) before the session can be seen in the
    // queue, so whichever instance promotes it always finds it. Where the
    // store runs commands in the order sent (memory; Redis on one
    // connection), both are sent at once: one round trip instead of two.
    let ttl = state.config.session_ttl;
    let id = view.session_id.0.clone();
    let max = state.config.max_concurrent_calls;
    let in_order = state.store.keeps_command_order();
    let admission = if in_order {
        let (inserted, admission) = tokio::join!(
            state.store.insert(&record, ttl),
            state.capacity.acquire(&id, now, max)
        );
        inserted?;
        admission?
    } else {
        state.store.insert(&record, ttl).await?;
        state.capacity.acquire(&id, now, max).await?
    };
    match admission {
        Admission::Ready => {
            view.status = SessionStatus::Ready;
            record.view = view.clone();
            let created = LiveEvent::SessionCreated {
                session: view.clone(),
            };
            // The ready record is written before the staff hear of it.
            if in_order {
                let (inserted, published) = tokio::join!(
                    state.store.insert(&record, ttl),
                    state.bus.publish(&state.hub, STAFF_STREAM, &created)
                );
                inserted?;
                published?;
            } else {
                state.store.insert(&record, ttl).await?;
                state
                    .bus
                    .publish(&state.hub, STAFF_STREAM, &created)
                    .await?;
            }
            state.local.serve(&id);
            crate::voice::spawn_call(state, &view);
        }
        Admission::Queued { position } => {
            let q = queue_info(state, position).await?;
            view.queue = Some(q);
            let created = LiveEvent::SessionCreated {
                session: view.clone(),
            };
            let position = LiveEvent::QueuePosition {
                session_id: view.session_id.clone(),
                position: q.position,
                estimated_wait_seconds: q.estimated_wait_seconds,
            };
            let stream = session_stream(&view.session_id);
            let (staff, own) = tokio::join!(
                state.bus.publish(&state.hub, STAFF_STREAM, &created),
                state.bus.publish(&state.hub, &stream, &position)
            );
            staff?;
            own?;
        }
    }
    metrics::counter!("vsm_sessions_created_total", "status" => view.status.as_str()).increment(1);
    Ok(Created { view, token })
}

/// A session's current view, with its live queue position when queued.
pub async fn get(state: &AppState, id: &SessionId) -> Result<SessionRecord, ApiError> {
    let mut record = state
        .store
        .get(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("session {id}")))?;
    if record.view.status == SessionStatus::Queued
        && let Some(position) = state.capacity.position(id.as_str()).await?
    {
        record.view.queue = Some(queue_info(state, position).await?);
    }
    Ok(record)
}

/// Moves a session to `to`, frees or takes capacity, publishes events, and
/// promotes the queue when a place opened.
pub async fn transition(
    state: &AppState,
    id: &SessionId,
    to: SessionStatus,
    reason: Option<String>,
) -> Result<SessionView, ApiError> {
    transition_by(state, id, to, reason, Cause::Us).await
}

/// Who moved a session: us (a caller, staff, the maintenance task), or the
/// voice provider telling us about its call (then the call needs no hang-up,
/// and the webhook records the finished session with its transcript).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Us,
    Provider,
}

/// [`transition`], saying who moved the session.
pub async fn transition_by(
    state: &AppState,
    id: &SessionId,
    to: SessionStatus,
    reason: Option<String>,
    cause: Cause,
) -> Result<SessionView, ApiError> {
    let (view, capacity_changed) = transition_inner_by(state, id, to, reason, cause).await?;
    if capacity_changed {
        crate::maintenance::promote_now(state).await;
    }
    Ok(view)
}

/// [`transition`] without the promotion step (the maintenance pass calls this).
pub async fn transition_inner(
    state: &AppState,
    id: &SessionId,
    to: SessionStatus,
    reason: Option<String>,
) -> Result<(SessionView, bool), ApiError> {
    transition_inner_by(state, id, to, reason, Cause::Us).await
}

async fn transition_inner_by(
    state: &AppState,
    id: &SessionId,
    to: SessionStatus,
    reason: Option<String>,
    cause: Cause,
) -> Result<(SessionView, bool), ApiError> {
    for _ in 0..4 {
        let record = state
            .store
            .get(id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("session {id}")))?;
        let from = record.view.status;
        check_transition(from, to)?;
        let now = now_ms();
        let mut view = record.view;
        view.status = to;
        view.updated_at_ms = now;
        view.queue = None;
        if to == SessionStatus::Active {
            view.started_at_ms = Some(now);
        }
        if to.is_terminal() {
            view.ended_at_ms = Some(now);
            view.end_reason = reason.clone();
        }
        let ttl = if to.is_terminal() {
            state.config.ended_session_ttl
        } else {
            state.config.session_ttl
        };
        match state.store.compare_and_set(from, &view, ttl).await? {
            Cas::Updated => {
                let changed = after_transition(state, from, &view, reason, cause).await?;
                return Ok((view, changed));
            }
            Cas::Missing => return Err(ApiError::NotFound(format!("session {id}"))),
            Cas::Raced(_) => continue,
        }
    }
    Err(ApiError::Conflict(format!(
        "session {id} kept changing while moving it to {to}; retry"
    )))
}

/// Capacity and events after a stored move. Returns true when a slot or a
/// queue place was given back.
async fn after_transition(
    state: &AppState,
    from: SessionStatus,
    view: &SessionView,
    reason: Option<String>,
    cause: Cause,
) -> Result<bool, ApiError> {
    let id = &view.session_id;
    let to = view.status;
    let mut freed = false;
    if (from.holds_slot() && !to.holds_slot())
        || (from == SessionStatus::Queued && to.is_terminal())
    {
        state.capacity.release(id.as_str()).await?;
        state.local.forget(id.as_str());
        freed = true;
    }
    if to.holds_slot() {
        state.local.serve(id.as_str());
    }
    if let (Some(start), Some(end)) = (view.started_at_ms, view.ended_at_ms) {
        state
            .capacity
            .record_call_seconds(end.saturating_sub(start) / 1000)
            .await?;
    }
    metrics::counter!("vsm_session_transitions_total", "to" => to.as_str()).increment(1);
    let stream = session_stream(id);
    let status = LiveEvent::SessionStatus {
        session_id: id.clone(),
        business_type: view.business_type,
        previous: from,
        status: to,
        reason: reason.clone(),
    };
    publish_both(state, &stream, &status).await?;
    if to == SessionStatus::Ready {
        let ready = LiveEvent::CallReady {
            session_id: id.clone(),
            join_url: view.join_url.clone(),
            provider: view.voice_provider.clone(),
        };
        publish_both(state, &stream, &ready).await?;
        crate::voice::spawn_call(state, view);
    }
    if to.is_terminal() {
        let start = view.started_at_ms.unwrap_or(view.created_at_ms);
        let ended = LiveEvent::SessionEnded {
            session_id: id.clone(),
            status: to,
            reason,
            duration_seconds: view.ended_at_ms.unwrap_or(start).saturating_sub(start) / 1000,
        };
        publish_both(state, &stream, &ended).await?;
        match (&view.call_id, cause) {
            // The provider's call.ended webhook records it, with the transcript.
            (Some(_), Cause::Provider) => {}
            // We ended it first: hang up; the call.ended webhook that follows
            // records it (or, if it never comes, the check-back does).
            (Some(call_id), Cause::Us) => crate::voice::reconcile::spawn_hang_up_and_settle(
                state,
                id.clone(),
                call_id.clone(),
            ),
            (None, _) => {
                // The record feeds the analytics; failing to write it never undoes the end.
                let finished = crate::business::FinishedSession::without_call(view.clone());
                if let Err(err) = state.business.record_session(finished).await {
                    tracing::warn!(session_id = %id, error = %err, "could not record the finished session");
                }
            }
        }
    }
    Ok(freed)
}

async fn publish_both(state: &AppState, stream: &str, event: &LiveEvent) -> Result<(), ApiError> {
    state
        .bus
        .publish_all(&state.hub, &[stream, STAFF_STREAM], event)
        .await?;
    Ok(())
}

/// What to tell a caller at `position`.
pub async fn queue_info(state: &AppState, position: u32) -> Result<QueueInfo, ApiError> {
    let average = state.capacity.average_call_seconds().await?;
    Ok(QueueInfo {
        position,
        estimated_wait_seconds: estimated_wait_seconds(
            position,
            average,
            state.config.max_concurrent_calls,
        ),
    })
}

/// The reason recorded when a queue place is lost.
pub fn queue_exit_reason(why: QueueExit) -> &'static str {
    match why {
        QueueExit::Disconnected => "left the queue: the caller disconnected",
        QueueExit::TimedOut => "left the queue: waited longer than the maximum wait",
    }
}

/// A fresh customer token: 256 random bits, URL-safe.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256 of a token, as stored.
pub fn token_digest(token: &str) -> String {
    hex_lower(&Sha256::digest(token.as_bytes()))
}

/// Lower-case hex of `bytes` (one encoder for token digests and signatures).
pub use voice_ultravox::signature::hex_lower;

/// How long a session's conversation context lives without an update.
pub const CONTEXT_TTL: std::time::Duration = std::time::Duration::from_secs(3600);

/// A session's conversation context, or a fresh one when none is stored.
/// An unreadable stored context is a `409`.
pub async fn load_context(
    state: &AppState,
    id: &SessionId,
    business: voice_types::BusinessType,
) -> Result<voice_domain::extract::ConversationContext, ApiError> {
    match state.store.get_context(id).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| ApiError::Conflict(format!("stored context unreadable: {e}"))),
        None => Ok(voice_domain::extract::ConversationContext::new(business)),
    }
}

/// Stores a session's context and pushes the form it fills to the caller's
/// page (`form_update`); returns that form.
pub async fn save_context_and_push_form(
    state: &AppState,
    id: &SessionId,
    business: voice_types::BusinessType,
    context: &voice_domain::extract::ConversationContext,
) -> Result<voice_types::forms::DynamicForm, ApiError> {
    let json = serde_json::to_string(context).unwrap_or_default();
    state.store.put_context(id, &json, CONTEXT_TTL).await?;
    let form = voice_domain::forms::dynamic_form(
        business,
        Some(&context.snapshot()),
        &state.rules.catalog,
    );
    if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&form) {
        push_form(state, id, map).await?;
    }
    Ok(form)
}

/// Publishes a form update to a live session's customer stream (and staff).
pub async fn push_form(
    state: &AppState,
    id: &SessionId,
    form: serde_json::Map<String, serde_json::Value>,
) -> Result<u64, ApiError> {
    let record = get(state, id).await?;
    if record.view.status.is_terminal() {
        return Err(ApiError::Conflict(format!(
            "session {id} is over; the page no longer takes updates"
        )));
    }
    let event = LiveEvent::FormUpdate {
        session_id: id.clone(),
        form: serde_json::Value::Object(form),
    };
    let seq = state
        .bus
        .publish_all(&state.hub, &[&session_stream(id), STAFF_STREAM], &event)
        .await?;
    Ok(seq)
}
