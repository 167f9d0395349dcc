//! The call's status line, its controls (mute, speak replies, talk, end)
//! and the live transcript with the caller's text box.
//!
//! Heights are fixed in the CSS so arriving events never move the page.

use leptos::{html, prelude::*};
use voice_types::{SessionStatus, events::AgentState, events::Speaker};

use crate::{
    call::{
        self, CallCtx, glue,
        model::{Line, Provider},
        voice::{self, VoiceLink},
    },
    format,
    live::Link,
};

/// One line of status: where the call stands, in words.
#[component]
pub fn StatusBar() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let status = move || ctx.model.with(|m| m.as_ref().map(|m| m.status));
    let data_status = move || status().map_or("idle", SessionStatus::as_str);
    let text = move || status_text(ctx);
    let link = move || match ctx.link.get() {
        Link::Retrying { in_seconds, .. }
            if ctx.model.with(|m| m.as_ref().is_some_and(|m| !m.is_over())) =>
        {
            format!("Connection lost, reconnecting in {in_seconds} s…")
        }
        _ => String::new(),
    };
    view! {
        <div class="status-bar" role="status" aria-live="polite">
            <span class="pill" id="call-status" data-status=data_status>
                {move || pill_text(ctx)}
            </span>
            <span class="status-text" id="status-text">{text}</span>
            <span class="status-link" id="link-status">{link}</span>
        </div>
    }
}

fn pill_text(ctx: CallCtx) -> &'static str {
    if ctx.starting.get() {
        return "Connecting";
    }
    let Some((status, agent)) = ctx.model.with(|m| m.as_ref().map(|m| (m.status, m.agent))) else {
        return "Not in a call";
    };
    match (status, agent) {
        (SessionStatus::Queued, _) => "Queued",
        (SessionStatus::Ended, _) => "Ended",
        (SessionStatus::Failed, _) => "Failed",
        (_, Some(AgentState::Listening)) => "Listening",
        (_, Some(AgentState::Thinking)) => "Thinking",
        (_, Some(AgentState::Speaking)) => "Speaking",
        (SessionStatus::Ready, _) => "Ready",
        (SessionStatus::Active, _) => "In call",
    }
}

fn status_text(ctx: CallCtx) -> String {
    if ctx.starting.get() {
        return "Connecting you…".to_owned();
    }
    let voice = ctx.voice.get();
    ctx.model.with(|m| {
        let Some(m) = m else {
            return "Choose a service and start the call.".to_owned();
        };
        match m.status {
            SessionStatus::Queued => match m.queue {
                Some(q) => format!(
                    "You are number {} in the queue, estimated wait {}.",
                    q.position,
                    format::wait(q.estimated_wait_seconds)
                ),
                None => "All our lines are busy; you are in the queue.".to_owned(),
            },
            SessionStatus::Ended | SessionStatus::Failed => {
                let reason = m.end_reason.clone().unwrap_or_default();
                let head = if m.status == SessionStatus::Failed {
                    "The call could not continue"
                } else {
                    "The call has ended"
                };
                if reason.is_empty() {
                    format!("{head}.")
                } else {
                    format!("{head} ({reason}).")
                }
            }
            _ => match (voice, m.agent) {
                (VoiceLink::Rejoining, _) => "Voice connection lost, joining again…".to_owned(),
                (VoiceLink::Failed, _) => "Could not join the voice call.".to_owned(),
                (_, Some(AgentState::Listening)) => "The assistant is listening.".to_owned(),
                (_, Some(AgentState::Thinking)) => "The assistant is thinking…".to_owned(),
                (_, Some(AgentState::Speaking)) => "The assistant is speaking.".to_owned(),
                (VoiceLink::Joined, None) => "Connected.".to_owned(),
                _ => "A line is free: connecting you to the assistant…".to_owned(),
            },
        }
    })
}

/// Mute, speak replies, talk, end call (or a new call when it is over).
#[component]
pub fn CallControls() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let can_listen = RwSignal::new(false);
    Effect::new(move |_| can_listen.set(glue::has_recognition()));
    let over = move || ctx.model.with(|m| m.as_ref().is_none_or(|m| m.is_over()));
    let provider = move || ctx.model.with(|m| m.as_ref().and_then(|m| m.provider));
    let queued = move || {
        ctx.model.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.status == SessionStatus::Queued)
        })
    };
    let label = move || match provider() {
        _ if queued() => "Waiting for a free line",
        Some(Provider::Ultravox) => "Voice agent (Ultravox)",
        Some(Provider::Local) => "Local demo voice agent",
        None => "Voice agent",
    };
    let in_voice = move || matches!(ctx.voice.get(), VoiceLink::Joined | VoiceLink::Rejoining);
    let local = move || provider() != Some(Provider::Ultravox);
    let toggle_mute = move |_| voice::set_muted(ctx, !ctx.muted.get_untracked());
    let toggle_listen = move |_| {
        if ctx.listening.get_untracked() {
            voice::stop_listening(ctx);
        } else {
            voice::start_listening(ctx);
        }
    };
    view! {
        <div class="controls">
            <span class="provider" id="provider-label">{label}</span>
            <div class="control-buttons">
                <Show when=move || !over() && in_voice()>
                    <button
                        type="button"
                        class="button"
                        id="mute"
                        aria-pressed=move || ctx.muted.get().to_string()
                        on:click=toggle_mute
                    >
                        {move || if ctx.muted.get() { "Unmute" } else { "Mute" }}
                    </button>
                    <Show when=move || local() && can_listen.get()>
                        <button
                            type="button"
                            class="button"
                            id="talk"
                            aria-pressed=move || ctx.listening.get().to_string()
                            on:click=toggle_listen
                        >
                            {move || if ctx.listening.get() { "Stop listening" } else { "Talk" }}
                        </button>
                    </Show>
                    <Show when=local>
                        <label class="toggle">
                            <input
                                type="checkbox"
                                id="speak-replies"
                                prop:checked=move || ctx.speak_replies.get()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    ctx.speak_replies.set(on);
                                    if !on {
                                        glue::stop_speaking();
                                    }
                                }
                            />
                            " Speak replies"
                        </label>
                    </Show>
                </Show>
                <Show when=move || !over()>
                    <button type="button" class="button danger" id="end-call" on:click=move |_| call::end_call(ctx)>
                        {move || if queued() { "Leave queue" } else { "End call" }}
                    </button>
                </Show>
                <Show when=over>
                    <button type="button" class="button primary" id="new-call" on:click=move |_| call::new_call(ctx)>
                        "New call"
                    </button>
                </Show>
            </div>
        </div>
    }
}

/// While queued: the caller's place and the estimated wait, large.
#[component]
pub fn QueueCard() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let queue = move || {
        ctx.model.with(|m| {
            m.as_ref()
                .filter(|m| m.status == SessionStatus::Queued)
                .map(|m| m.queue)
        })
    };
    move || {
        queue().map(|q| {
            let (position, wait) = match q {
                Some(q) => (q.position.to_string(), format::wait(q.estimated_wait_seconds)),
                None => ("…".to_owned(), "working it out".to_owned()),
            };
            view! {
                <div class="queue-card" id="queue-card">
                    <div class="queue-number">
                        <span class="queue-label">"Your place"</span>
                        <strong id="queue-position">{position}</strong>
                    </div>
                    <div class="queue-wait">
                        <span class="queue-label">"Estimated wait"</span>
                        <strong id="queue-wait">{wait}</strong>
                    </div>
                    <p class="queue-note">"All our lines are busy. Keep this page open: you will be connected automatically."</p>
                </div>
            }
        })
    }
}

/// The conversation so far, as an ARIA live log, and the caller's text box.
#[component]
pub fn Transcript() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let lines = Memo::new(move |_| {
        ctx.model.with(|m| {
            m.as_ref()
                .map(|m| m.transcript.values().cloned().collect::<Vec<Line>>())
                .unwrap_or_default()
        })
    });
    let log = NodeRef::<html::Ol>::new();
    Effect::new(move |_| {
        lines.track();
        if let Some(ol) = log.get() {
            ol.set_scroll_top(ol.scroll_height());
        }
    });
    let draft = RwSignal::new(String::new());
    let joined = move || ctx.voice.get() == VoiceLink::Joined;
    let over = move || ctx.model.with(|m| m.as_ref().is_none_or(|m| m.is_over()));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        if !text.trim().is_empty() {
            voice::send_text(ctx, text);
            draft.set(String::new());
        }
    };
    view! {
        <ol class="transcript" role="log" aria-live="polite" aria-label="Transcript" id="transcript" node_ref=log>
            <Show when=move || lines.with(Vec::is_empty)>
                <li class="transcript-empty">"The conversation will appear here."</li>
            </Show>
            <For each=move || lines.get() key=|l| (l.ordinal, l.text.clone(), l.is_final) let:line>
                <TranscriptLine line/>
            </For>
        </ol>
        <form class="say" on:submit=send>
            <label for="say-input" class="visually-hidden">"Type what you would say"</label>
            <input
                id="say-input"
                type="text"
                autocomplete="off"
                placeholder=move || if joined() { "Type what you would say…" } else { "Waiting for the assistant…" }
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                disabled=move || over() || !joined()
            />
            <button type="submit" class="button primary" id="say-send" disabled=move || over() || !joined()>
                "Send"
            </button>
        </form>
    }
}

#[component]
fn TranscriptLine(line: Line) -> impl IntoView {
    let (who, class) = match line.speaker {
        Speaker::Agent => ("Assistant", "line agent"),
        Speaker::User => ("You", "line user"),
        Speaker::Tool => ("System", "line tool"),
    };
    view! {
        <li class=class class:interim=!line.is_final>
            <span class="who">{who}</span>
            <span class="text">{line.text}</span>
        </li>
    }
}
