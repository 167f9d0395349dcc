//! The root component and its routes, and (server only) the HTML shell
//! around it, which carries the session manager's public URL for the WASM.

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::pages::{
    customer::{CustomerPage, WidgetPage},
    staff::StaffPage,
};

/// The stylesheet `cargo xtask` copies into the site.
pub const STYLESHEET: &str = "/pkg/voice-ui.css";

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|text| format!("{text} · Voice assistant")/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=|| view! { <Title text="Talk to us"/> <CustomerPage/> }/>
                <Route path=path!("/widget") view=|| view! { <Title text="Widget"/> <WidgetPage/> }/>
                <Route path=path!("/staff") view=|| view! { <Title text="Staff"/> <StaffPage/> }/>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found"/>
        <main class="panel not-found" id="main">
            <h1>"Page not found"</h1>
            <p><a href="/">"Talk to us"</a> " · " <a href="/staff">"Staff dashboard"</a></p>
        </main>
    }
}

/// The whole HTML document, rendered on the server.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions, config: crate::config::UiConfig) -> impl IntoView {
    use leptos_meta::MetaTags;

    use crate::config::SESSION_MANAGER_META;

    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <meta name=SESSION_MANAGER_META content=config.session_manager_url.clone()/>
                <link rel="stylesheet" href=STYLESHEET/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}
