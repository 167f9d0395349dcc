//! The customer's call in the browser: start or resume a session, follow its
//! live events, join the voice call, and carry out what the model asks for.
//!
//! State lives in [`CallCtx`] (signals, so the page re-renders); the rules
//! live in [`model::CallModel`]. Everything async runs in `spawn_local`
//! tasks started by clicks or by the mount effect, never on the server.

pub mod glue;
pub mod model;
pub mod voice;

use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};
use voice_types::{BusinessType, Channel, CreateSessionResponse, LiveEvent};

use crate::{
    api::{Api, ApiError},
    browser,
    config::UiConfig,
    live::{self, Flow, Link, StopHandle},
};
use model::{CallModel, Effect, Provider};
use voice::{VoiceLink, VoiceSender};

/// Where the page keeps its session across reloads (sessionStorage).
const STORAGE_KEY: &str = "voice-ui.session";

/// What the page needs to find its session again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionKeys {
    pub session_id: String,
    pub session_token: String,
    pub websocket_url: String,
    pub business_type: BusinessType,
}

/// The customer page's state, shared by its components.
#[derive(Debug, Clone, Copy)]
pub struct CallCtx {
    pub config: StoredValue<UiConfig>,
    pub channel: Channel,
    pub model: RwSignal<Option<CallModel>>,
    pub keys: RwSignal<Option<SessionKeys>>,
    /// The live event stream's connection.
    pub link: RwSignal<Link>,
    /// The voice call's connection.
    pub voice: RwSignal<VoiceLink>,
    pub starting: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// False while the session manager cannot be reached before a call.
    pub reachable: RwSignal<Option<bool>>,
    pub retry_in: RwSignal<u32>,
    pub muted: RwSignal<bool>,
    pub speak_replies: RwSignal<bool>,
    pub listening: RwSignal<bool>,
    pub sender: StoredValue<Option<VoiceSender>>,
    pub stop: StoredValue<StopHandle>,
    /// Agent lines are not read aloud before this time (ms): a resumed or
    /// rejoined call replays lines the caller has already heard.
    pub quiet_until: StoredValue<u64>,
}

impl CallCtx {
    pub fn new(config: UiConfig, channel: Channel) -> Self {
        Self {
            config: StoredValue::new(config),
            channel,
            model: RwSignal::new(None),
            keys: RwSignal::new(None),
            link: RwSignal::new(Link::Closed),
            voice: RwSignal::new(VoiceLink::Idle),
            starting: RwSignal::new(false),
            error: RwSignal::new(None),
            reachable: RwSignal::new(None),
            retry_in: RwSignal::new(0),
            muted: RwSignal::new(false),
            speak_replies: RwSignal::new(true),
            listening: RwSignal::new(false),
            sender: StoredValue::new(None),
            stop: StoredValue::new(StopHandle::default()),
            quiet_until: StoredValue::new(0),
        }
    }

    pub fn api(&self) -> Api {
        let token = self
            .keys
            .with_untracked(|k| k.as_ref().map(|k| k.session_token.clone()));
        Api::new(self.config.get_value(), token)
    }

    pub fn session_id(&self) -> Option<String> {
        self.keys
            .with_untracked(|k| k.as_ref().map(|k| k.session_id.clone()))
    }

    pub fn provider(&self) -> Option<Provider> {
        self.model
            .with_untracked(|m| m.as_ref().and_then(|m| m.provider))
    }
}

/// On mount: resume a session kept in sessionStorage, and watch whether the
/// session manager can be reached.
pub fn on_mount(ctx: CallCtx) {
    spawn_local(async move {
        if let Some(keys) = browser::stored(STORAGE_KEY)
            .and_then(|json| serde_json::from_str::<SessionKeys>(&json).ok())
        {
            resume(ctx, keys).await;
        }
        watch_reachability(ctx).await;
    });
}

/// Starts a call for `business`.
pub fn start(ctx: CallCtx, business: BusinessType) {
    if ctx.starting.get_untracked() {
        return;
    }
    ctx.starting.set(true);
    ctx.error.set(None);
    spawn_local(async move {
        let result = ctx.api().create_session(business, ctx.channel).await;
        ctx.starting.set(false);
        match result {
            Ok(created) => begin(ctx, business, created),
            Err(e) => {
                if e == ApiError::Unreachable {
                    ctx.reachable.set(Some(false));
                }
                ctx.error
                    .set(Some(format!("Could not start the call: {e}.")));
            }
        }
    });
}

fn begin(ctx: CallCtx, business: BusinessType, created: CreateSessionResponse) {
    let keys = SessionKeys {
        session_id: created.session_id.0.clone(),
        session_token: created.session_token,
        websocket_url: created.websocket_url,
        business_type: business,
    };
    if let Ok(json) = serde_json::to_string(&keys) {
        browser::store(STORAGE_KEY, &json);
    }
    ctx.keys.set(Some(keys));
    ctx.model.set(Some(CallModel::new(
        business,
        created.status,
        created.queue,
    )));
    ctx.voice.set(VoiceLink::Idle);
    follow_events(ctx);
}

async fn resume(ctx: CallCtx, keys: SessionKeys) {
    ctx.keys.set(Some(keys.clone()));
    ctx.quiet_until.set_value(browser::now_ms() + 3000);
    match ctx.api().session(&keys.session_id).await {
        Ok(view) if !view.status.is_terminal() => {
            let mut model = CallModel::new(keys.business_type, view.status, view.queue);
            let effects = model.apply_view(&view);
            ctx.model.set(Some(model));
            follow_events(ctx);
            // The replayed `call_ready` normally joins; this covers a stream
            // whose replay buffer no longer has it.
            handle(ctx, effects);
        }
        _ => {
            browser::forget(STORAGE_KEY);
            ctx.keys.set(None);
        }
    }
}

/// Polls `/health` while the session manager is unreachable and no call runs.
async fn watch_reachability(ctx: CallCtx) {
    let mut attempt = 0;
    loop {
        let ok = ctx.api().reachable().await;
        ctx.reachable.set(Some(ok));
        if ok {
            if ctx.error.get_untracked().is_some() && ctx.model.get_untracked().is_none() {
                ctx.error.set(None);
            }
            return;
        }
        attempt += 1;
        let wait = live::backoff_seconds(attempt).max(2);
        for left in (1..=wait).rev() {
            ctx.retry_in.set(left);
            browser::sleep_ms(1000).await;
        }
    }
}

fn follow_events(ctx: CallCtx) {
    let Some(keys) = ctx.keys.get_untracked() else {
        return;
    };
    let stop = StopHandle::default();
    ctx.stop.get_value().stop();
    ctx.stop.set_value(stop.clone());
    let base = keys.websocket_url.clone();
    let url = move |since: Option<u64>| {
        let joiner = if base.contains('?') { '&' } else { '?' };
        format!("{base}{joiner}since={}", since.unwrap_or(0))
    };
    spawn_local(live::follow(
        url,
        Some(0),
        stop,
        move |link| ctx.link.set(link),
        move |frame| {
            if let LiveEvent::Error { message, .. } = &frame.event {
                ctx.error.set(Some(message.clone()));
            }
            let effects = ctx
                .model
                .try_update(|m| m.as_mut().map(|m| m.apply_event(&frame.event)))
                .flatten()
                .unwrap_or_default();
            let over = effects.contains(&Effect::Finish);
            handle(ctx, effects);
            if over { Flow::Stop } else { Flow::Continue }
        },
    ));
}

/// Carries out what the model asked for.
pub fn handle(ctx: CallCtx, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Join { url, provider } => voice::join(ctx, url, provider),
            Effect::Speak(text) => {
                let quiet = browser::now_ms() < ctx.quiet_until.get_value();
                if ctx.speak_replies.get_untracked()
                    && !quiet
                    && ctx.provider() != Some(Provider::Ultravox)
                {
                    glue::speak(&text);
                }
            }
            Effect::Finish => finish(ctx),
            Effect::Reload => reload(ctx),
        }
    }
}

fn reload(ctx: CallCtx) {
    let Some(id) = ctx.session_id() else {
        return;
    };
    spawn_local(async move {
        if let Ok(view) = ctx.api().session(&id).await {
            let effects = ctx
                .model
                .try_update(|m| m.as_mut().map(|m| m.apply_view(&view)))
                .flatten()
                .unwrap_or_default();
            handle(ctx, effects);
        }
    });
}

/// The session is over: stop listening, leave the voice call, forget it.
fn finish(ctx: CallCtx) {
    browser::forget(STORAGE_KEY);
    voice::leave(ctx);
}

/// The caller pressed "End call".
pub fn end_call(ctx: CallCtx) {
    let Some(id) = ctx.session_id() else {
        return;
    };
    voice::hang_up(ctx);
    spawn_local(async move {
        match ctx.api().end_session(&id).await {
            Ok(view) => {
                let effects = ctx
                    .model
                    .try_update(|m| m.as_mut().map(|m| m.apply_view(&view)))
                    .flatten()
                    .unwrap_or_default();
                handle(ctx, effects);
            }
            Err(e) => ctx.error.set(Some(format!("Could not end the call: {e}."))),
        }
    });
}

/// Back to the service choice after a call.
pub fn new_call(ctx: CallCtx) {
    ctx.stop.get_value().stop();
    browser::forget(STORAGE_KEY);
    ctx.keys.set(None);
    ctx.model.set(None);
    ctx.error.set(None);
    ctx.voice.set(VoiceLink::Idle);
    ctx.link.set(Link::Closed);
}
