//! The customer's page (`/`) and the widget (`/widget`): choose a service,
//! start the call, follow it (status, queue, transcript, results, form).
//!
//! The widget is the same page, compact, for an iframe on the business's
//! own site; `?service=restaurant|appointment|support` preselects a service.

use leptos::prelude::*;
use voice_types::{BusinessType, Channel};

use crate::{
    call::{self, CallCtx},
    config::use_config,
    format,
    pages::{
        call_panel::{CallControls, QueueCard, StatusBar, Transcript},
        form::FormPanel,
        icons::{MicIcon, ServiceIcon},
        results::Results,
    },
};

/// The full customer page.
#[component]
pub fn CustomerPage() -> impl IntoView {
    view! { <CallPage compact=false/> }
}

/// The compact widget for an iframe.
#[component]
pub fn WidgetPage() -> impl IntoView {
    // A key pressed in the iframe never reaches the embedding page: on
    // Escape, tell it, so a floating panel around the widget (the WordPress
    // plugin's) can close as its own Escape handler would.
    Effect::new(|_| {
        let listener = window_event_listener(leptos::ev::keydown, |ev| {
            if ev.key() == "Escape" {
                crate::browser::tell_parent(WIDGET_ESCAPE);
            }
        });
        on_cleanup(move || listener.remove());
    });
    view! { <CallPage compact=true/> }
}

/// What the widget posts to its embedding page on Escape.
pub const WIDGET_ESCAPE: &str = "talk-agent:escape";

#[component]
fn CallPage(compact: bool) -> impl IntoView {
    let channel = if compact {
        Channel::Widget
    } else {
        Channel::Web
    };
    let ctx = CallCtx::new(use_config(), channel);
    provide_context(ctx);
    Effect::new(move |_| call::on_mount(ctx));
    let in_call = move || ctx.model.with(Option::is_some);
    let class = if compact {
        "customer compact"
    } else {
        "customer"
    };
    view! {
        <main class=class id="main">
            <header class="brand">
                <span class="brand-mark" aria-hidden="true"><MicIcon/></span>
                <div>
                    <h1>{if compact { "Talk to us" } else { "Talk to our voice assistant" }}</h1>
                    <p class="brand-sub">"Order food, book an appointment or get support, by voice or by typing."</p>
                </div>
            </header>
            <Reachability/>
            <StatusBar/>
            <Show
                when=in_call
                fallback=move || view! { <ServiceChooser compact/> }
            >
                <div class="call-layout">
                    <section class="panel call-panel" aria-label="Conversation">
                        <CallControls/>
                        <QueueCard/>
                        <Transcript/>
                    </section>
                    <aside class="panel side-panel" aria-label="Your order, booking or ticket">
                        <Results/>
                        <FormPanel/>
                    </aside>
                </div>
            </Show>
            <ErrorLine/>
        </main>
    }
}

/// "The session manager is unreachable, retrying in N s".
#[component]
fn Reachability() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let config = use_config();
    let down = move || ctx.reachable.get() == Some(false);
    view! {
        <Show when=down>
            <div class="banner banner-error" role="alert" id="unreachable">
                <strong>"The session manager is unreachable"</strong>
                {format!(" ({}). ", config.session_manager_url)}
                {move || format!("Retrying in {} s…", ctx.retry_in.get())}
            </div>
        </Show>
    }
}

#[component]
fn ErrorLine() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    view! {
        <p class="error-line" role="alert" id="call-error">
            {move || ctx.error.get().unwrap_or_default()}
        </p>
    }
}

/// The three services and the start button.
#[component]
fn ServiceChooser(compact: bool) -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let chosen = RwSignal::new(BusinessType::Restaurant);
    Effect::new(move |_| {
        if let Some(b) =
            crate::browser::query_param("service").and_then(|s| BusinessType::parse(&s))
        {
            chosen.set(b);
        }
    });
    let options = BusinessType::ALL
        .into_iter()
        .map(|business| {
            let blurb = match business {
                BusinessType::Restaurant => "Order food for collection or delivery",
                BusinessType::Appointment => "Book a consultation, repair or installation",
                BusinessType::Support => "Report a problem and get a ticket",
            };
            let id = format!("service-{}", business.as_str());
            let for_id = id.clone();
            view! {
                <label class="service" class:selected=move || chosen.get() == business for=for_id>
                    <input
                        type="radio"
                        name="service"
                        id=id
                        value=business.as_str()
                        prop:checked=move || chosen.get() == business
                        on:change=move |_| chosen.set(business)
                    />
                    <span class="service-icon"><ServiceIcon business/></span>
                    <span class="service-text">
                        <strong>{format::service_label(business)}</strong>
                        <span class="service-blurb">{blurb}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        call::start(ctx, chosen.get_untracked());
    };
    view! {
        <form class="panel chooser" on:submit=start aria-labelledby="chooser-title">
            <h2 id="chooser-title">"What can we help with?"</h2>
            <fieldset class="services" class:services-row=compact>
                <legend class="visually-hidden">"Service"</legend>
                {options}
            </fieldset>
            <button type="submit" class="button primary big" id="start-call" disabled=move || ctx.starting.get()>
                {move || if ctx.starting.get() { "Connecting…" } else { "Start call" }}
            </button>
            <p class="fine-print">"You can speak or type. The call starts when you press the button."</p>
        </form>
    }
}
