//! The browser join protocol at a call's `joinUrl`: a WebSocket speaking
//! `JoinServerMessage` / `JoinClientMessage` as JSON text frames.
//!
//! On connect: `room_info` (with `local: true`), every transcript line so
//! far (a re-join after a network drop loses nothing), then live `state`
//! and `transcript` frames. `input_text_message` is a caller turn;
//! `hang_up` ends the call. A closed socket ends the call with `hangup`
//! only if no socket joined that call within a short grace, so a reconnect
//! keeps it alive. When the call ends the socket gets `call_ended` and is
//! closed. The join URL is the credential: no API key here.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use voice_types::voice::{JoinClientMessage, JoinServerMessage};

use crate::LocalProvider;
use crate::api::ApiError;
use crate::calls;
use crate::state::{CallEntry, Shared};
use crate::turns;

/// How long a call survives with no socket joined.
pub const RECONNECT_GRACE: Duration = Duration::from_secs(2);

/// `GET /calls/{callId}/join`.
pub async fn join(
    State(provider): State<LocalProvider>,
    Path(call_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let shared = Arc::clone(&provider.shared);
    let Some(entry) = shared.call(&call_id) else {
        return ApiError::NotFound.into_response();
    };
    let client_version = query.get("clientVersion").cloned();
    upgrade.on_upgrade(move |socket| session(shared, entry, socket, client_version))
}

async fn session(
    shared: Arc<Shared>,
    entry: Arc<CallEntry>,
    socket: WebSocket,
    client_version: Option<String>,
) {
    let (mut sink, mut stream) = socket.split();
    let room = JoinServerMessage::RoomInfo {
        call_id: entry.id.clone(),
        local: true,
    };
    // Snapshot and subscribe under one lock: every line is sent once.
    let (replay, mut frames, ended_reason, generation) = {
        let mut r = entry.lock();
        r.sockets += 1;
        r.socket_joins += 1;
        let ended = r.is_ended.then(|| {
            r.json
                .get("endReason")
                .and_then(|v| v.as_str())
                .unwrap_or("hangup")
                .to_owned()
        });
        (
            r.transcript.clone(),
            entry.frames.subscribe(),
            ended,
            r.socket_joins,
        )
    };
    tracing::info!(call_id = %entry.id, replayed = replay.len(), "socket joined");
    let mut open = send(&mut sink, &room).await;
    for frame in &replay {
        open = open && send(&mut sink, frame).await;
    }
    if let Some(end_reason) = ended_reason {
        if open {
            send(&mut sink, &JoinServerMessage::CallEnded { end_reason }).await;
            let _ = sink.send(Message::Close(None)).await;
        }
        leave(&shared, &entry, generation, false);
        return;
    }
    if !open {
        leave(&shared, &entry, generation, true);
        return;
    }
    if calls::mark_joined(&shared, &entry, client_version) {
        let (shared, entry) = (Arc::clone(&shared), Arc::clone(&entry));
        tokio::spawn(async move {
            turns::greet(&shared, &entry).await;
        });
    }
    let closed_by_client = forward(&shared, &entry, &mut sink, &mut stream, &mut frames).await;
    leave(&shared, &entry, generation, closed_by_client);
}

/// Relays live frames out and client messages in until the call ends
/// (false) or the client goes away (true).
async fn forward(
    shared: &Arc<Shared>,
    entry: &Arc<CallEntry>,
    sink: &mut SplitSink<WebSocket, Message>,
    stream: &mut SplitStream<WebSocket>,
    frames: &mut broadcast::Receiver<JoinServerMessage>,
) -> bool {
    loop {
        tokio::select! {
            frame = frames.recv() => match frame {
                Ok(frame) => {
                    let last = matches!(frame, JoinServerMessage::CallEnded { .. });
                    if !send(sink, &frame).await {
                        return true;
                    }
                    if last {
                        let _ = sink.send(Message::Close(None)).await;
                        return false;
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(call_id = %entry.id, skipped = n, "socket fell behind; frames skipped");
                }
                Err(RecvError::Closed) => return false,
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => on_client_message(shared, entry, text.as_str()),
                Some(Ok(Message::Close(_)) | Err(_)) | None => return true,
                Some(Ok(_)) => {}
            },
        }
    }
}

fn on_client_message(shared: &Arc<Shared>, entry: &Arc<CallEntry>, text: &str) {
    match serde_json::from_str::<JoinClientMessage>(text) {
        Ok(JoinClientMessage::InputTextMessage { text }) => {
            let (shared, entry) = (Arc::clone(shared), Arc::clone(entry));
            tokio::spawn(async move {
                if let Err(e) = turns::caller_says(&shared, &entry, &text, "text").await {
                    tracing::info!(call_id = %entry.id, error = %e, "caller text ignored");
                }
            });
        }
        Ok(JoinClientMessage::HangUp) => {
            calls::end(shared, entry, "hangup");
        }
        Err(e) => {
            tracing::warn!(call_id = %entry.id, error = %e, "unreadable client message ignored");
        }
    }
}

/// A socket left. If the client went away (not the call ending), the call
/// ends with `hangup` after the grace, unless someone joined since.
fn leave(shared: &Arc<Shared>, entry: &Arc<CallEntry>, generation: u64, closed_by_client: bool) {
    {
        let mut r = entry.lock();
        r.sockets = r.sockets.saturating_sub(1);
        if !closed_by_client || r.is_ended {
            return;
        }
    }
    tracing::info!(call_id = %entry.id, "socket closed; waiting for a reconnect");
    let (shared, entry) = (Arc::clone(shared), Arc::clone(entry));
    tokio::spawn(async move {
        tokio::select! {
            () = entry.ended.cancelled() => {}
            () = tokio::time::sleep(RECONNECT_GRACE) => {
                let abandoned = {
                    let r = entry.lock();
                    r.sockets == 0 && r.socket_joins == generation
                };
                if abandoned {
                    tracing::info!(call_id = %entry.id, "no reconnect within the grace; the caller hung up");
                    calls::end(&shared, &entry, "hangup");
                }
            }
        }
    });
}

async fn send(sink: &mut SplitSink<WebSocket, Message>, frame: &JoinServerMessage) -> bool {
    let Ok(text) = serde_json::to_string(frame) else {
        return true;
    };
    sink.send(Message::Text(text.into())).await.is_ok()
}
