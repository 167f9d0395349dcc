//! The staff dashboard (`/staff`): sign-in with the staff token, then tabs
//! for live calls, the kitchen board, appointments, tickets and analytics,
//! all live from the staff event stream.

use leptos::prelude::*;

use crate::{
    config::use_config,
    live::Link,
    pages::{
        staff_boards::{AppointmentsBoard, TicketsBoard},
        staff_calls::CallsBoard,
        staff_charts::AnalyticsBoard,
        staff_kitchen::KitchenBoard,
    },
    staff::{self, StaffCtx},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Calls,
    Kitchen,
    Appointments,
    Tickets,
    Analytics,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Calls,
        Tab::Kitchen,
        Tab::Appointments,
        Tab::Tickets,
        Tab::Analytics,
    ];

    fn id(self) -> &'static str {
        match self {
            Tab::Calls => "calls",
            Tab::Kitchen => "kitchen",
            Tab::Appointments => "appointments",
            Tab::Tickets => "tickets",
            Tab::Analytics => "analytics",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Calls => "Live calls",
            Tab::Kitchen => "Kitchen",
            Tab::Appointments => "Appointments",
            Tab::Tickets => "Tickets",
            Tab::Analytics => "Today",
        }
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let ctx = StaffCtx::new(use_config());
    provide_context(ctx);
    Effect::new(move |_| staff::on_mount(ctx));
    let signed_in = move || ctx.token.with(Option::is_some);
    view! {
        <main class="staff" id="main">
            <Show when=signed_in fallback=|| view! { <SignIn/> }>
                <Dashboard/>
            </Show>
        </main>
    }
}

#[component]
fn SignIn() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let token = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        staff::sign_in(ctx, token.get_untracked());
    };
    view! {
        <form class="panel sign-in" on:submit=submit aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Staff sign-in"</h1>
            <p>"Enter the staff token of this deployment (" <code>"STAFF_TOKEN"</code> "). It is kept in this tab only."</p>
            <label for="staff-token">"Staff token"</label>
            <input
                id="staff-token"
                type="password"
                autocomplete="current-password"
                required
                prop:value=move || token.get()
                on:input=move |ev| token.set(event_target_value(&ev))
            />
            <button type="submit" class="button primary" id="sign-in" disabled=move || ctx.checking.get()>
                {move || if ctx.checking.get() { "Checking…" } else { "Sign in" }}
            </button>
            <p class="error-line" role="alert" id="sign-in-error">
                {move || ctx.sign_in_error.get().unwrap_or_default()}
            </p>
        </form>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let tab = RwSignal::new(Tab::Calls);
    // Opening "Today" shows figures as of now, not as of the last throttled
    // reload while events came in.
    Effect::new(move |_| {
        if tab.get() == Tab::Analytics {
            staff::reload_analytics(ctx);
        }
    });
    let tabs = Tab::ALL
        .into_iter()
        .map(|t| {
            let count = move || tab_count(ctx, t);
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id=format!("tab-{}", t.id())
                    aria-controls=format!("panel-{}", t.id())
                    aria-selected=move || (tab.get() == t).to_string()
                    tabindex=move || if tab.get() == t { "0" } else { "-1" }
                    on:click=move |_| tab.set(t)
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| arrow_keys(ev, tab, t)
                >
                    {t.label()}
                    <span class="tab-count">{count}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <header class="staff-head">
            <div>
                <h1>"Staff dashboard"</h1>
                <LiveIndicator/>
            </div>
            <button type="button" class="button" id="sign-out" on:click=move |_| staff::sign_out(ctx)>
                "Sign out"
            </button>
        </header>
        <Banners/>
        <nav class="tabs" role="tablist" aria-label="Boards">{tabs}</nav>
        <section
            class="tab-panel"
            role="tabpanel"
            id=move || format!("panel-{}", tab.get().id())
            aria-labelledby=move || format!("tab-{}", tab.get().id())
        >
            {move || match tab.get() {
                Tab::Calls => view! { <CallsBoard/> }.into_any(),
                Tab::Kitchen => view! { <KitchenBoard/> }.into_any(),
                Tab::Appointments => view! { <AppointmentsBoard/> }.into_any(),
                Tab::Tickets => view! { <TicketsBoard/> }.into_any(),
                Tab::Analytics => view! { <AnalyticsBoard/> }.into_any(),
            }}
        </section>
    }
}

/// Left/right arrows move between tabs (WAI-ARIA tabs pattern).
fn arrow_keys(ev: leptos::ev::KeyboardEvent, tab: RwSignal<Tab>, current: Tab) {
    let i = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
    let next = match ev.key().as_str() {
        "ArrowRight" => Tab::ALL[(i + 1) % Tab::ALL.len()],
        "ArrowLeft" => Tab::ALL[(i + Tab::ALL.len() - 1) % Tab::ALL.len()],
        _ => return,
    };
    ev.prevent_default();
    tab.set(next);
    if let Some(el) = document().get_element_by_id(&format!("tab-{}", next.id()))
        && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
    {
        let _ = el.focus();
    }
}

fn tab_count(ctx: StaffCtx, tab: Tab) -> String {
    if !ctx.loaded.get() {
        return String::new();
    }
    ctx.model.with(|m| {
        let n = match tab {
            Tab::Calls => m.live_calls(),
            Tab::Kitchen => m
                .orders
                .iter()
                .filter(|o| {
                    !matches!(
                        o.status,
                        voice_types::business::OrderStatus::Completed
                            | voice_types::business::OrderStatus::Cancelled
                    )
                })
                .count(),
            Tab::Appointments => m.appointments.len(),
            Tab::Tickets => m.tickets.len(),
            Tab::Analytics => return String::new(),
        };
        n.to_string()
    })
}

#[component]
fn LiveIndicator() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let text = move || match ctx.link.get() {
        Link::Open => "Live".to_owned(),
        Link::Connecting => "Connecting…".to_owned(),
        Link::Retrying { in_seconds, .. } => {
            format!("Connection lost, reconnecting in {in_seconds} s")
        }
        Link::Closed => "Offline".to_owned(),
    };
    let class = move || match ctx.link.get() {
        Link::Open => "live live-on",
        _ => "live live-off",
    };
    let load = move || {
        ctx.model.with(|m| {
            m.load
                .map(|l| {
                    format!(
                        " · {} of {} lines busy, {} waiting",
                        l.active_calls, l.capacity, l.queued
                    )
                })
                .unwrap_or_default()
        })
    };
    view! {
        <p class="live-line" role="status">
            <span class=class id="live-indicator">{text}</span>
            <span class="load">{load}</span>
        </p>
    }
}

/// Handoff requests, unreachable session manager, failed actions.
#[component]
fn Banners() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let config = use_config();
    let handoffs = move || {
        ctx.model.with(|m| {
            m.sessions
                .values()
                .filter(|r| r.handoff.is_some() && !r.view.status.is_terminal())
                .count()
        })
    };
    view! {
        <div class="banners">
            <Show when=move || { handoffs() > 0 }>
                <div class="banner banner-warn" role="alert" id="handoff-banner">
                    {move || match handoffs() {
                        1 => "A caller asked for a person: see Live calls.".to_owned(),
                        n => format!("{n} callers asked for a person: see Live calls."),
                    }}
                </div>
            </Show>
            {
                let url = config.session_manager_url.clone();
                move || ctx.unreachable_retry.get().map(|left| view! {
                    <div class="banner banner-error" role="alert" id="unreachable">
                        <strong>"The session manager is unreachable"</strong>
                        {format!(" ({url}). Retrying in {left} s…")}
                    </div>
                })
            }
            {move || ctx.action_error.get().map(|e| view! {
                <div class="banner banner-error" role="alert" id="action-error">{e}</div>
            })}
        </div>
    }
}
