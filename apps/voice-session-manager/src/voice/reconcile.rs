//! Calls whose `call.ended` webhook never arrived.
//!
//! The provider retries its webhooks, but a delivery can still be lost (our
//! endpoint down for longer than its retries, a misconfigured secret). Then
//! the session would stay live and its call would never be recorded. Two
//! paths close that gap by reading the call from the provider's REST API
//! (`GET /api/calls/{id}`) and, once it has ended, applying exactly what
//! `call.ended` would have: the end (ended or failed, with the reason) and
//! the record with its transcript.
//!
//! - After we hang up a call (the session ended on our side), we check back
//!   after `VOICE_RECONCILE_AFTER`, then with doubling waits.
//! - The maintenance task sweeps live sessions whose call should have ended
//!   by now (joined: `VOICE_MAX_DURATION`; not joined: `VOICE_JOIN_TIMEOUT`;
//!   each plus `VOICE_RECONCILE_AFTER`).
//!
//! Both are idempotent with the webhook: the end is a compare-and-set, the
//! record an upsert by session id.

use std::sync::Arc;

use voice_types::{SessionId, SessionStatus, SessionView};

use crate::{
    clock::now_ms,
    error::ApiError,
    sessions::{Cause, transition_by},
    state::AppState,
    voice::{VoiceService, finish, hang_up},
};

/// Checks after a hang-up before giving up (the waits double each time).
const SETTLE_TRIES: u32 = 5;
/// Overdue calls reconciled per sweep, oldest first (the next sweep takes
/// the rest).
const SWEEP_LIMIT: usize = 500;

/// Where a call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// It had ended: now ended here too and recorded.
    Recorded,
    /// Its record was already written (the webhook came after all).
    AlreadyRecorded,
    /// Still going at the provider.
    StillLive,
}

/// Reads the call; if it has ended, applies the end and records it.
pub async fn reconcile(
    state: &AppState,
    voice: &VoiceService,
    session_id: &SessionId,
    call_id: &str,
) -> Result<Settled, ApiError> {
    if state
        .business
        .session_transcript(session_id.0.clone())
        .await?
        .is_some()
    {
        return Ok(Settled::AlreadyRecorded);
    }
    let call = voice
        .client
        .get_call(call_id)
        .await
        .map_err(|e| ApiError::Upstream(format!("reading call {call_id}: {e}")))?;
    if call.ended.is_none() {
        return Ok(Settled::StillLive);
    }
    let (status, reason) = finish::end_outcome(call.end_reason.as_ref());
    match transition_by(
        state,
        session_id,
        status,
        Some(reason.to_owned()),
        Cause::Provider,
    )
    .await
    {
        // Moved now, or already ended (by us, or by a late webhook).
        Ok(_) | Err(ApiError::IllegalTransition(_)) => {}
        Err(ApiError::NotFound(_)) => {
            tracing::info!(%session_id, call_id, "session expired before its call could be reconciled");
            return Ok(Settled::AlreadyRecorded);
        }
        Err(err) => return Err(err),
    }
    finish::record_call(state, voice, session_id, &call).await?;
    metrics::counter!("vsm_voice_calls_reconciled_total").increment(1);
    tracing::warn!(%session_id, call_id, "call.ended never arrived: the call was read from the provider and recorded");
    Ok(Settled::Recorded)
}

/// We ended the session: hang up, then make sure the call gets recorded
/// even if its `call.ended` webhook is lost.
pub fn spawn_hang_up_and_settle(state: &AppState, session_id: SessionId, call_id: String) {
    let Some(voice) = state.voice.clone() else {
        return;
    };
    let state = state.clone();
    tokio::spawn(async move {
        hang_up(&voice, &call_id).await;
        settle(&state, &voice, &session_id, &call_id).await;
    });
}

async fn settle(
    state: &AppState,
    voice: &Arc<VoiceService>,
    session_id: &SessionId,
    call_id: &str,
) {
    let mut wait = state.config.voice.reconcile_after;
    for _ in 0..SETTLE_TRIES {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.shutdown.cancelled() => return,
        }
        match reconcile(state, voice, session_id, call_id).await {
            Ok(Settled::Recorded | Settled::AlreadyRecorded) => return,
            Ok(Settled::StillLive) => {}
            Err(err) => {
                tracing::warn!(%session_id, call_id, error = %err, "could not reconcile the call yet")
            }
        }
        wait *= 2;
    }
    tracing::error!(%session_id, call_id, "the call never ended at the provider after we hung up; not recorded");
}

/// When a live session's call should have ended by (its webhook is late
/// after that).
fn overdue_at(state: &AppState, view: &SessionView) -> Option<u64> {
    let voice = &state.config.voice;
    let grace = voice.reconcile_after.as_millis() as u64;
    match view.status {
        SessionStatus::Active => Some(
            view.started_at_ms.unwrap_or(view.updated_at_ms)
                + voice.voice_max_duration.as_millis() as u64
                + grace,
        ),
        SessionStatus::Ready => {
            Some(view.updated_at_ms + voice.voice_join_timeout.as_millis() as u64 + grace)
        }
        _ => None,
    }
}

/// One sweep over live sessions with a call that should have ended.
pub async fn sweep(state: &AppState) -> Result<usize, ApiError> {
    let Some(voice) = state.voice.clone() else {
        return Ok(0);
    };
    let now = now_ms();
    // Only the overdue ones are read out, however many live sessions there
    // are; a sweep handles at most SWEEP_LIMIT and the next takes the rest.
    let overdue = state
        .store
        .select(
            |view| view.call_id.is_some() && overdue_at(state, view).is_some_and(|due| now >= due),
            SWEEP_LIMIT,
        )
        .await?;
    let mut recorded = 0;
    for view in overdue {
        let Some(call_id) = view.call_id.as_deref() else {
            continue;
        };
        match reconcile(state, &voice, &view.session_id, call_id).await {
            Ok(Settled::Recorded) => recorded += 1,
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(session_id = %view.session_id, call_id, error = %err, "could not reconcile an overdue call");
            }
        }
    }
    Ok(recorded)
}
