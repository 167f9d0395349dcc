//! WebSocket streams: `/ws/sessions/{id}` (one customer, one session) and
//! `/ws/staff` (every session and business event).
//!
//! A connection subscribes first, then replays what it missed (`?since=N`),
//! then forwards live frames, skipping any number it already sent; a gap in
//! the numbers is filled from the replay buffer. Pings every heartbeat; a
//! peer silent for two heartbeats is dropped. A subscriber that falls too far
//! behind is closed with code 4008 and a reason, and resumes with `since`;
//! an unreadable or oversized client message closes with 1008 and a reason.
//! Frames with `seq: 0` (resync, error) are not part of the stream.

use axum::{
    extract::{
        Path, Query, State, WebSocketUpgrade,
        ws::{CloseFrame, Message, Utf8Bytes, WebSocket},
    },
    http::HeaderMap,
    response::Response,
};
use futures_util::SinkExt;
use serde::Deserialize;
use voice_types::{LiveEvent, SessionId};

use crate::{
    auth::{bearer, require_session_access, require_staff},
    error::ApiError,
    events::{Replay, STAFF_STREAM, session_stream},
    sessions,
    state::AppState,
};

/// Close code for a subscriber dropped for falling behind.
pub const CLOSE_SLOW_CONSUMER: u16 = 4008;
/// Close code for a peer that stopped answering pings.
pub const CLOSE_HEARTBEAT: u16 = 4009;
/// Close code for a message the server could not read (RFC 6455 "policy
/// violation": too big, not UTF-8 or a broken frame).
pub const CLOSE_UNREADABLE: u16 = 1008;

/// Frames from a client are tiny; anything bigger is refused.
const MAX_CLIENT_MESSAGE: usize = 4096;
/// A socket's first read buffer: room for any control frame (a pong is at
/// most 131 bytes); a bigger message reserves what its header announces.
/// Every idle socket keeps this much, so it is small.
const READ_BUFFER: usize = 256;

#[derive(Debug, Deserialize)]
pub struct WsQuery {
    pub token: Option<String>,
    pub since: Option<String>,
}

fn parse_since(since: &Option<String>) -> Result<Option<u64>, ApiError> {
    match since {
        None => Ok(None),
        Some(s) => s.parse::<u64>().map(Some).map_err(|_| {
            ApiError::invalid(
                "since",
                format!("since: a whole number of the last event seen, got `{s}`"),
            )
        }),
    }
}

pub async fn session_socket(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<WsQuery>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let token = bearer(&headers, q.token.as_deref()).ok_or(ApiError::Unauthorized(
        "the session token is required as ?token=",
    ))?;
    let since = parse_since(&q.since)?;
    let id = SessionId(id);
    let record = sessions::get(&state, &id).await?;
    require_session_access(&state, Some(token), &record)?;
    let over = record.view.status.is_terminal();
    Ok(tune(upgrade).on_upgrade(move |socket| async move {
        let presence = (!over).then(|| id.0.clone());
        if let Some(p) = &presence {
            state.local.connect(p);
        }
        serve(&state, socket, &session_stream(&id), since).await;
        if let Some(p) = &presence {
            state.local.disconnect(p);
        }
    }))
}

pub async fn staff_socket(
    State(state): State<AppState>,
    Query(q): Query<WsQuery>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    require_staff(&state, bearer(&headers, q.token.as_deref()))?;
    let since = parse_since(&q.since)?;
    Ok(tune(upgrade).on_upgrade(move |socket| async move {
        serve(&state, socket, STAFF_STREAM, since).await;
    }))
}

/// Small buffers: most sockets are idle, and memory per socket is a target.
fn tune(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
}

/// Why a connection ended.
enum End {
    PeerGone,
    Close(u16, &'static str),
}

async fn serve(state: &AppState, mut socket: WebSocket, stream: &str, since: Option<u64>) {
    metrics::gauge!("vsm_ws_clients").increment(1.0);
    let end = forward(state, &mut socket, stream, since).await;
    if let End::Close(code, reason) = end {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        };
        let _ = socket.send(Message::Close(Some(frame))).await;
    }
    metrics::gauge!("vsm_ws_clients").decrement(1.0);
}

async fn forward(
    state: &AppState,
    socket: &mut WebSocket,
    stream: &str,
    since: Option<u64>,
) -> End {
    let mut sub = state.hub.subscribe(stream);
    let mut last = since.unwrap_or(0);
    if let Some(since) = since
        && !Box::pin(catch_up(state, socket, stream, since, &mut last)).await
    {
        return End::PeerGone;
    }
    let coalesce = if stream == STAFF_STREAM {
        state.config.staff_flush_interval
    } else {
        Default::default()
    };
    let mut last_write: Option<tokio::time::Instant> = None;
    let mut heartbeat = tokio::time::interval(state.config.ws_heartbeat);
    heartbeat.reset();
    let mut heard_from_peer = true;
    loop {
        tokio::select! {
            frame = sub.rx.recv() => {
                let Some(frame) = frame else {
                    return if sub.lagged() {
                        End::Close(CLOSE_SLOW_CONSUMER, "slow consumer: too many events behind; reconnect with ?since=")
                    } else {
                        End::Close(1001, "stream closed")
                    };
                };
                // Everything already queued goes out in one write: under load
                // that is one syscall for many frames. A staff socket also
                // keeps its writes STAFF_FLUSH_INTERVAL apart: a frame after a
                // quiet spell goes at once, frames in a busy spell gather.
                // The clock is checked first: a deadline already past must not
                // reach the timer wheel, whose millisecond rounding would turn
                // it into one more wake-up of the runtime per frame.
                if let Some(due) = last_write.map(|at| at + coalesce)
                    && tokio::time::Instant::now() < due
                {
                    tokio::time::sleep_until(due).await;
                }
                let mut batch = vec![frame];
                while batch.len() < 256 {
                    match sub.rx.try_recv() {
                        Ok(f) => batch.push(f),
                        Err(_) => break,
                    }
                }
                for frame in batch {
                    if frame.seq <= last && (since.is_some() || last > 0) {
                        continue;
                    }
                    if last > 0 && frame.seq > last + 1 {
                        // A gap (the Redis subscriber lagged): fill it from the buffer.
                        if socket.flush().await.is_err() || !Box::pin(catch_up(state, socket, stream, last, &mut last)).await {
                            return End::PeerGone;
                        }
                        if frame.seq <= last {
                            continue;
                        }
                    }
                    last = frame.seq;
                    if socket.feed(Message::Text(frame.json)).await.is_err() {
                        return End::PeerGone;
                    }
                }
                if socket.flush().await.is_err() {
                    return End::PeerGone;
                }
                if coalesce > std::time::Duration::ZERO {
                    last_write = Some(tokio::time::Instant::now());
                }
            }
            message = socket.recv() => {
                match message {
                    None | Some(Ok(Message::Close(_))) => return End::PeerGone,
                    // Too big, not UTF-8, a broken frame, or the connection
                    // failed: the peer is told why if it can still hear.
                    Some(Err(_)) => {
                        return End::Close(
                            CLOSE_UNREADABLE,
                            "unreadable message: clients send control frames or text of at most 4096 bytes",
                        );
                    }
                    Some(Ok(_)) => heard_from_peer = true,
                }
            }
            _ = heartbeat.tick() => {
                if !heard_from_peer {
                    return End::Close(CLOSE_HEARTBEAT, "no answer to pings");
                }
                heard_from_peer = false;
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    return End::PeerGone;
                }
            }
            _ = state.shutdown.cancelled() => return End::Close(1001, "server shutting down"),
        }
    }
}

/// Sends what was missed after `since`, or a resync frame. False if the peer is gone.
async fn catch_up(
    state: &AppState,
    socket: &mut WebSocket,
    stream: &str,
    since: u64,
    last: &mut u64,
) -> bool {
    let replay = match state.bus.replay(&state.hub, stream, since).await {
        Ok(replay) => replay,
        Err(err) => {
            tracing::warn!(error = %err, stream, "replay failed; asking the client to resync");
            Replay::TooOld { latest: 0 }
        }
    };
    match replay {
        Replay::Frames(frames) => {
            for frame in frames {
                if frame.seq <= *last {
                    continue;
                }
                if socket.send(Message::Text(frame.json)).await.is_err() {
                    return false;
                }
                *last = frame.seq;
            }
            true
        }
        Replay::TooOld { latest } => {
            let event = LiveEvent::Resync {
                reason: format!(
                    "events after {since} are no longer buffered; reload the state, then continue"
                ),
                latest_seq: latest,
            };
            let frame = voice_types::EventFrame {
                seq: 0,
                at_ms: crate::clock::now_ms(),
                event,
            };
            let Ok(json) = serde_json::to_string(&frame) else {
                return true;
            };
            *last = latest;
            socket.send(Message::Text(json.into())).await.is_ok()
        }
    }
}
