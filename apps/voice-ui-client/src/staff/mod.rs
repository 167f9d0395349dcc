//! The staff dashboard in the browser: sign in with the staff token (kept
//! in sessionStorage), load the boards, follow the staff event stream
//! (resuming with `since` after a drop), and move orders on.

pub mod model;

use std::collections::BTreeSet;

use leptos::{prelude::*, task::spawn_local};
use voice_types::{LiveEvent, business::OrderStatus};

use crate::{
    api::{Api, ApiError},
    browser,
    config::UiConfig,
    live::{self, Flow, Link, StopHandle},
};
use model::{Refresh, StaffModel};

const TOKEN_KEY: &str = "voice-ui.staff-token";

/// The dashboard's state, shared by its components.
#[derive(Debug, Clone, Copy)]
pub struct StaffCtx {
    pub config: StoredValue<UiConfig>,
    /// Set once the token was accepted.
    pub token: RwSignal<Option<String>>,
    pub checking: RwSignal<bool>,
    pub sign_in_error: RwSignal<Option<String>>,
    pub model: RwSignal<StaffModel>,
    pub loaded: RwSignal<bool>,
    pub link: RwSignal<Link>,
    /// "the session manager is unreachable, retrying in N s".
    pub unreachable_retry: RwSignal<Option<u32>>,
    pub action_error: RwSignal<Option<String>>,
    /// Orders with a move in flight (their buttons are disabled).
    pub busy_orders: RwSignal<BTreeSet<String>>,
    /// The browser's clock, ticking every second (0 on the server).
    pub now_ms: RwSignal<u64>,
    stop: StoredValue<StopHandle>,
    analytics_due: StoredValue<bool>,
}

impl StaffCtx {
    pub fn new(config: UiConfig) -> Self {
        Self {
            config: StoredValue::new(config),
            token: RwSignal::new(None),
            checking: RwSignal::new(false),
            sign_in_error: RwSignal::new(None),
            model: RwSignal::new(StaffModel::default()),
            loaded: RwSignal::new(false),
            link: RwSignal::new(Link::Closed),
            unreachable_retry: RwSignal::new(None),
            action_error: RwSignal::new(None),
            busy_orders: RwSignal::new(BTreeSet::new()),
            now_ms: RwSignal::new(0),
            stop: StoredValue::new(StopHandle::default()),
            analytics_due: StoredValue::new(false),
        }
    }

    fn api(&self) -> Api {
        Api::new(self.config.get_value(), self.token.get_untracked())
    }
}

/// On mount: start the clock, and sign in again with a kept token.
pub fn on_mount(ctx: StaffCtx) {
    ctx.now_ms.set(browser::now_ms());
    spawn_local(async move {
        loop {
            browser::sleep_ms(1000).await;
            ctx.now_ms.set(browser::now_ms());
        }
    });
    if let Some(token) = browser::stored(TOKEN_KEY) {
        sign_in(ctx, token);
    }
}

/// Checks the token against the session manager; on success keeps it and
/// opens the dashboard.
pub fn sign_in(ctx: StaffCtx, token: String) {
    let token = token.trim().to_owned();
    if token.is_empty() {
        ctx.sign_in_error
            .set(Some("Enter the staff token.".to_owned()));
        return;
    }
    ctx.checking.set(true);
    ctx.sign_in_error.set(None);
    spawn_local(async move {
        let api = Api::new(ctx.config.get_value(), Some(token.clone()));
        let result = api.sessions().await;
        ctx.checking.set(false);
        match result {
            Ok(list) => {
                browser::store(TOKEN_KEY, &token);
                ctx.token.set(Some(token));
                ctx.model.update(|m| m.set_sessions(list.sessions));
                follow(ctx);
                spawn_local(load_all(ctx));
            }
            Err(e) if e.is_auth() => {
                browser::forget(TOKEN_KEY);
                ctx.sign_in_error.set(Some(
                    "That staff token was not accepted. Check it and try again.".to_owned(),
                ));
            }
            Err(e) => ctx.sign_in_error.set(Some(format!(
                "Could not sign in: {e}. Try again in a moment."
            ))),
        }
    });
}

pub fn sign_out(ctx: StaffCtx) {
    ctx.stop.get_value().stop();
    browser::forget(TOKEN_KEY);
    ctx.token.set(None);
    ctx.loaded.set(false);
    ctx.model.set(StaffModel::default());
    ctx.link.set(Link::Closed);
}

/// Loads every board; retries while the session manager is unreachable.
async fn load_all(ctx: StaffCtx) {
    let mut attempt = 0;
    loop {
        match load_once(ctx).await {
            Ok(()) => {
                ctx.unreachable_retry.set(None);
                ctx.loaded.set(true);
                return;
            }
            Err(e) if e.is_auth() => {
                sign_out(ctx);
                ctx.sign_in_error.set(Some(
                    "The staff token is no longer accepted; sign in again.".to_owned(),
                ));
                return;
            }
            Err(e) => {
                if e != ApiError::Unreachable {
                    ctx.action_error
                        .set(Some(format!("Could not load the dashboard: {e}.")));
                }
                attempt += 1;
                for left in (1..=live::backoff_seconds(attempt).max(2)).rev() {
                    ctx.unreachable_retry.set(Some(left));
                    browser::sleep_ms(1000).await;
                }
            }
        }
        if ctx.token.get_untracked().is_none() {
            return;
        }
    }
}

async fn load_once(ctx: StaffCtx) -> Result<(), ApiError> {
    let api = ctx.api();
    let sessions = api.sessions().await?;
    let orders = api.orders().await?;
    let appointments = api.appointments().await?;
    let tickets = api.tickets().await?;
    let analytics = api.analytics().await?;
    ctx.model.update(|m| {
        m.set_sessions(sessions.sessions);
        m.set_orders(orders);
        m.appointments = appointments;
        m.tickets = tickets;
        m.analytics = Some(analytics);
    });
    Ok(())
}

/// Follows `/ws/staff`: live events from now on, resuming after drops.
fn follow(ctx: StaffCtx) {
    let Some(token) = ctx.token.get_untracked() else {
        return;
    };
    let stop = StopHandle::default();
    ctx.stop.get_value().stop();
    ctx.stop.set_value(stop.clone());
    let config = ctx.config.get_value();
    let url = move |since: Option<u64>| {
        let mut url = config.ws(&format!("/ws/staff?token={}", encode(&token)));
        if let Some(since) = since {
            url.push_str(&format!("&since={since}"));
        }
        url
    };
    spawn_local(live::follow(
        url,
        None,
        stop,
        move |link| {
            if matches!(link, Link::Retrying { .. }) {
                ctx.unreachable_retry.set(None);
            }
            ctx.link.set(link);
        },
        move |frame| {
            let refresh = ctx.model.try_update(|m| m.apply(&frame.event)).flatten();
            match refresh {
                Some(Refresh::Analytics) => refresh_analytics(ctx),
                Some(Refresh::Sessions | Refresh::Everything) => spawn_local(load_all(ctx)),
                None => {}
            }
            if let LiveEvent::Error { message, .. } = &frame.event {
                ctx.action_error.set(Some(message.clone()));
            }
            Flow::Continue
        },
    ));
}

/// Reloads today's analytics at most every 1.5 s while events pour in.
fn refresh_analytics(ctx: StaffCtx) {
    if ctx.analytics_due.get_value() {
        return;
    }
    ctx.analytics_due.set_value(true);
    spawn_local(async move {
        browser::sleep_ms(1500).await;
        ctx.analytics_due.set_value(false);
        if let Ok(analytics) = ctx.api().analytics().await {
            ctx.model.update(|m| m.analytics = Some(analytics));
        }
    });
}

/// Reloads today's analytics now (the "Today" tab was opened).
pub fn reload_analytics(ctx: StaffCtx) {
    spawn_local(async move {
        if let Ok(analytics) = ctx.api().analytics().await {
            ctx.model.update(|m| m.analytics = Some(analytics));
        }
    });
}

/// Moves an order to `status` (one click on the kitchen board).
pub fn move_order(ctx: StaffCtx, order_id: String, status: OrderStatus) {
    ctx.busy_orders.update(|b| {
        b.insert(order_id.clone());
    });
    ctx.action_error.set(None);
    spawn_local(async move {
        let result = ctx.api().move_order(&order_id, status).await;
        ctx.busy_orders.update(|b| {
            b.remove(&order_id);
        });
        match result {
            Ok(view) => ctx.model.update(|m| {
                if let Ok(order) = serde_json::to_value(&view) {
                    m.apply(&LiveEvent::OrderUpdated {
                        session_id: None,
                        order_id: view.order_id.clone(),
                        status: view.status.as_str().to_owned(),
                        order,
                    });
                }
            }),
            Err(e) => ctx
                .action_error
                .set(Some(format!("Could not move {order_id} to {status}: {e}."))),
        }
    });
}

/// Percent-encodes a token for a query string.
fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}
