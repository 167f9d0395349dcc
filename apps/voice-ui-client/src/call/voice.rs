//! The voice call itself. With the local provider: a WebSocket at the
//! call's `joinUrl` speaking `voice_types::voice` (text turns; the browser
//! speaks the agent's lines and may listen with speech recognition). With
//! Ultravox: the official SDK through `js/voice_glue.js`.
//!
//! A dropped local join socket is joined again; the server replays the
//! transcript, which the model merges by ordinal, so nothing is lost.

use futures::{SinkExt, StreamExt, channel::mpsc, future};
use gloo_net::websocket::{Message, futures::WebSocket};
use leptos::{prelude::*, task::spawn_local};
use serde::Deserialize;
use voice_types::{
    events::{AgentState, Speaker},
    voice::{JoinClientMessage, JoinServerMessage},
};

use crate::{
    browser,
    call::{CallCtx, glue, handle, model::Provider},
    live,
};

/// Sends the caller's messages to the local join socket.
pub type VoiceSender = mpsc::UnboundedSender<JoinClientMessage>;

/// The voice call's connection, for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceLink {
    Idle,
    Joining,
    Joined,
    /// Lost; joining again.
    Rejoining,
    /// The call ended (or the page left it).
    Ended,
    /// Could not join (e.g. the Ultravox SDK did not load).
    Failed,
}

/// Joins the call at `url`.
pub fn join(ctx: CallCtx, url: String, provider: Provider) {
    if matches!(
        ctx.voice.get_untracked(),
        VoiceLink::Joining | VoiceLink::Joined | VoiceLink::Rejoining
    ) {
        return;
    }
    ctx.voice.set(VoiceLink::Joining);
    match provider {
        Provider::Local => spawn_local(join_local(ctx, url)),
        Provider::Ultravox => spawn_local(join_ultravox(ctx, url)),
    }
}

async fn join_local(ctx: CallCtx, url: String) {
    let mut attempt = 0;
    let mut first = true;
    loop {
        if !first {
            // The server replays every line: don't read them aloud again.
            ctx.model.update(|m| {
                if let Some(m) = m.as_mut() {
                    m.mark_spoken();
                }
            });
        }
        first = false;
        let ended = match WebSocket::open(&url) {
            Ok(socket) => serve_local(ctx, socket).await,
            Err(_) => false,
        };
        let over = ctx
            .model
            .with_untracked(|m| m.as_ref().is_none_or(|m| m.is_over()));
        if ended || over || ctx.voice.get_untracked() == VoiceLink::Ended {
            ctx.voice.set(VoiceLink::Ended);
            ctx.sender.set_value(None);
            return;
        }
        attempt += 1;
        ctx.voice.set(VoiceLink::Rejoining);
        browser::sleep_ms(live::backoff_seconds(attempt) * 1000).await;
    }
}

/// Runs one join socket; true when the call ended (no rejoin).
async fn serve_local(ctx: CallCtx, socket: WebSocket) -> bool {
    let (mut write, mut read) = socket.split();
    let (tx, mut rx) = mpsc::unbounded::<JoinClientMessage>();
    ctx.sender.set_value(Some(tx));
    let writer = async move {
        while let Some(message) = rx.next().await {
            let Ok(text) = serde_json::to_string(&message) else {
                continue;
            };
            if write.send(Message::Text(text)).await.is_err() {
                break;
            }
        }
    };
    let reader = async move {
        while let Some(Ok(message)) = read.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(message) = serde_json::from_str::<JoinServerMessage>(&text) else {
                continue;
            };
            if ctx.voice.get_untracked() != VoiceLink::Joined {
                ctx.voice.set(VoiceLink::Joined);
            }
            let ended = matches!(message, JoinServerMessage::CallEnded { .. });
            let effects = ctx
                .model
                .try_update(|m| m.as_mut().map(|m| m.apply_voice(&message)))
                .flatten()
                .unwrap_or_default();
            handle(ctx, effects);
            if ended {
                return true;
            }
        }
        false
    };
    futures::pin_mut!(writer, reader);
    match future::select(writer, reader).await {
        future::Either::Left(_) => false,
        future::Either::Right((ended, _)) => ended,
    }
}

/// One transcript entry as `js/voice_glue.js` passes it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SdkLine {
    ordinal: u32,
    speaker: String,
    text: String,
    is_final: bool,
}

async fn join_ultravox(ctx: CallCtx, url: String) {
    let on_status = glue::callback(move |status: String| {
        let state = match status.as_str() {
            "listening" => Some(AgentState::Listening),
            "thinking" => Some(AgentState::Thinking),
            "speaking" => Some(AgentState::Speaking),
            _ => None,
        };
        if matches!(
            status.as_str(),
            "idle" | "listening" | "thinking" | "speaking"
        ) {
            ctx.voice.set(VoiceLink::Joined);
        }
        ctx.model.update(|m| {
            if let Some(m) = m.as_mut() {
                m.agent = state;
            }
        });
    });
    let on_transcripts = glue::callback(move |json: String| {
        let Ok(lines) = serde_json::from_str::<Vec<SdkLine>>(&json) else {
            return;
        };
        ctx.model.update(|m| {
            let Some(m) = m.as_mut() else {
                return;
            };
            for line in lines {
                let speaker = if line.speaker == "agent" {
                    Speaker::Agent
                } else {
                    Speaker::User
                };
                m.transcript.insert(
                    line.ordinal,
                    crate::call::model::Line {
                        ordinal: line.ordinal,
                        speaker,
                        text: line.text,
                        is_final: line.is_final,
                    },
                );
            }
        });
    });
    let on_end = glue::callback0(move || ctx.voice.set(VoiceLink::Ended));
    let sdk_url = glue::ULTRAVOX_SDK_URL;
    if let Err(e) = glue::ultravox_join(&url, sdk_url, &on_status, &on_transcripts, &on_end).await {
        ctx.voice.set(VoiceLink::Failed);
        let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
        ctx.error
            .set(Some(format!("Could not join the voice call: {why}")));
    }
}

/// Sends the caller's typed (or recognised) turn.
pub fn send_text(ctx: CallCtx, text: String) {
    let text = text.trim().to_owned();
    if text.is_empty() {
        return;
    }
    match ctx.provider() {
        Some(Provider::Ultravox) => glue::ultravox_send_text(&text),
        _ => {
            let sent = ctx.sender.with_value(|s| {
                s.as_ref().is_some_and(|s| {
                    s.unbounded_send(JoinClientMessage::InputTextMessage { text })
                        .is_ok()
                })
            });
            if !sent {
                ctx.error.set(Some(
                    "The voice call is not connected yet; try again in a moment.".into(),
                ));
            }
        }
    }
}

/// Mutes or unmutes the caller's microphone.
pub fn set_muted(ctx: CallCtx, muted: bool) {
    ctx.muted.set(muted);
    match ctx.provider() {
        Some(Provider::Ultravox) => glue::ultravox_mute(muted),
        _ => {
            if muted {
                stop_listening(ctx);
            }
        }
    }
}

/// Local provider: listen with the browser's speech recognition.
pub fn start_listening(ctx: CallCtx) {
    if ctx.muted.get_untracked() {
        set_muted(ctx, false);
    }
    let on_text = glue::callback(move |text: String| send_text(ctx, text));
    let on_end = glue::callback(move |why: String| {
        ctx.listening.set(false);
        if !why.is_empty() {
            ctx.error.set(Some(format!(
                "Speech recognition stopped ({why}); you can type instead."
            )));
        }
    });
    let started = glue::start_recognition(&on_text, &on_end);
    ctx.listening.set(started);
}

pub fn stop_listening(ctx: CallCtx) {
    glue::stop_recognition();
    ctx.listening.set(false);
}

/// The caller hangs up: tell the voice call.
pub fn hang_up(ctx: CallCtx) {
    if ctx.provider() != Some(Provider::Ultravox) {
        ctx.sender.with_value(|s| {
            if let Some(s) = s {
                let _ = s.unbounded_send(JoinClientMessage::HangUp);
            }
        });
    }
    leave(ctx);
}

/// Leaves the voice call without a word (the session is over).
pub fn leave(ctx: CallCtx) {
    stop_listening(ctx);
    glue::stop_speaking();
    if ctx.provider() == Some(Provider::Ultravox) {
        spawn_local(glue::ultravox_leave());
    }
    if ctx.voice.get_untracked() != VoiceLink::Idle {
        ctx.voice.set(VoiceLink::Ended);
    }
}
