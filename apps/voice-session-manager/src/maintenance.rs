//! The maintenance task: renews this instance's leases, expires stale slots
//! and queue places, promotes the queue, and reports the load.
//!
//! It runs every second, and at once when a slot is freed (`promote_now`).
//! Each pass is safe to run on every instance at the same time: the capacity
//! scripts hand each expired or promoted session to exactly one instance.

use std::time::Duration;

use voice_types::{LiveEvent, SessionId, SessionStatus};

use crate::{
    clock::now_ms,
    error::ApiError,
    events::{STAFF_STREAM, session_stream},
    sessions::{queue_exit_reason, queue_info, transition_inner},
    state::AppState,
};

const TICK: Duration = Duration::from_secs(1);

pub async fn run(state: AppState) {
    // Leases are renewed three times per lifetime of the shortest one.
    let shortest = state
        .config
        .capacity_lease
        .min(state.config.queue_disconnect_grace);
    let renew_every = (shortest / 3).max(Duration::from_millis(50));
    let mut tick = tokio::time::interval(TICK.min(renew_every));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_renew = tokio::time::Instant::now();
    let mut last_load = None;
    let mut last_forget = tokio::time::Instant::now();
    let mut last_reconcile = tokio::time::Instant::now();
    let reconcile_every = state
        .config
        .voice
        .reconcile_after
        .clamp(Duration::from_millis(100), Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = state.kick.notified() => {}
            _ = state.shutdown.cancelled() => return,
        }
        if last_renew.elapsed() >= renew_every {
            last_renew = tokio::time::Instant::now();
            if let Err(err) = renew(&state).await {
                tracing::warn!(error = %err, "could not renew capacity leases");
            }
        }
        if let Err(err) = pass(&state, false).await {
            tracing::warn!(error = %err, "maintenance pass failed");
        }
        match report_load(&state, last_load).await {
            Ok(load) => last_load = Some(load),
            Err(err) => tracing::warn!(error = %err, "could not read the load"),
        }
        if last_reconcile.elapsed() >= reconcile_every {
            last_reconcile = tokio::time::Instant::now();
            if let Err(err) = crate::voice::reconcile::sweep(&state).await {
                tracing::warn!(error = %err, "could not sweep for overdue calls");
            }
        }
        if last_forget.elapsed() >= Duration::from_secs(60) {
            last_forget = tokio::time::Instant::now();
            forget_expired(&state).await;
        }
    }
}

/// Promotes the queue now and tells every waiting caller their place (a
/// slot or a queue place was just given back).
pub async fn promote_now(state: &AppState) {
    if let Err(err) = pass(state, true).await {
        tracing::warn!(error = %err, "promotion after a freed slot failed; the next pass retries");
    }
}

async fn renew(state: &AppState) -> Result<(), ApiError> {
    let connected = state.local.connected_ids();
    let mut slots = state.local.slot_ids();
    slots.extend(connected.iter().cloned());
    state.capacity.renew(&slots, &connected, now_ms()).await?;
    Ok(())
}

/// One sweep: expire, promote, tell the queue (always when `tell_queue`).
async fn pass(state: &AppState, tell_queue: bool) -> Result<(), ApiError> {
    // Right after a slot was freed only promotion is urgent; expiry is the
    // periodic pass's job (it scans every lease).
    let sweep = if tell_queue {
        state
            .capacity
            .promote(now_ms(), state.config.max_concurrent_calls)
            .await?
    } else {
        state
            .capacity
            .sweep(now_ms(), state.config.max_concurrent_calls)
            .await?
    };
    for id in &sweep.expired_slots {
        let reason = "the call slot's lease expired: the instance serving this call stopped";
        tracing::warn!(session_id = %id, "{reason}");
        settle(state, id, SessionStatus::Failed, Some(reason.to_owned())).await;
    }
    for (id, why) in &sweep.expired_queue {
        tracing::info!(session_id = %id, reason = queue_exit_reason(*why), "caller left the queue");
        settle(
            state,
            id,
            SessionStatus::Ended,
            Some(queue_exit_reason(*why).to_owned()),
        )
        .await;
    }
    for id in &sweep.promoted {
        tracing::info!(session_id = %id, "queued caller promoted to a call slot");
        if !settle(state, id, SessionStatus::Ready, None).await {
            // The session vanished or ended meanwhile: give the slot back.
            state.capacity.release(id).await?;
            state.kick.notify_one();
        }
    }
    if tell_queue || !sweep.expired_queue.is_empty() || !sweep.promoted.is_empty() {
        publish_positions(state).await?;
    }
    Ok(())
}

/// Applies a move decided by the sweep; false when it could not be applied.
async fn settle(state: &AppState, id: &str, to: SessionStatus, reason: Option<String>) -> bool {
    match transition_inner(state, &SessionId(id.to_owned()), to, reason).await {
        Ok(_) => true,
        Err(err) => {
            tracing::debug!(session_id = %id, error = %err, "sweep move not applied");
            false
        }
    }
}

/// Tells every waiting caller their place.
pub async fn publish_positions(state: &AppState) -> Result<(), ApiError> {
    let queue = state.capacity.queue().await?;
    for (i, id) in queue.iter().enumerate() {
        let info = queue_info(state, i as u32 + 1).await?;
        let session_id = SessionId(id.clone());
        let event = LiveEvent::QueuePosition {
            session_id: session_id.clone(),
            position: info.position,
            estimated_wait_seconds: info.estimated_wait_seconds,
        };
        state
            .bus
            .publish(&state.hub, &session_stream(&session_id), &event)
            .await?;
    }
    Ok(())
}

async fn report_load(state: &AppState, last: Option<(u32, u32)>) -> Result<(u32, u32), ApiError> {
    let load = state.capacity.counts().await?;
    if last != Some(load) {
        let event = LiveEvent::SystemLoad {
            active_calls: load.0,
            queued: load.1,
            capacity: state.config.max_concurrent_calls,
        };
        state.bus.publish(&state.hub, STAFF_STREAM, &event).await?;
    }
    Ok(load)
}

/// Memory mode: drops records and replay buffers of expired sessions.
async fn forget_expired(state: &AppState) {
    state.store.purge_expired(now_ms());
    for stream in state.hub.session_streams() {
        let Some(id) = stream.strip_prefix("session:") else {
            continue;
        };
        if let Ok(None) = state.store.get(&SessionId(id.to_owned())).await {
            state.hub.forget(&stream);
        }
    }
}
