//! The voice UI: the customer's page (`/`), the embeddable widget
//! (`/widget`) and the staff dashboard (`/staff`).
//!
//! One crate, two builds: with `ssr` it is the axum server that renders the
//! pages (`server`); with `hydrate` it is the WASM that makes them live in
//! the browser. The browser talks to the session manager directly (HTTP and
//! WebSockets); this server only renders pages and serves assets.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod browser;
pub mod call;
pub mod config;
pub mod format;
pub mod live;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod staff;

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::provide_context;

    console_error_panic_hook::set_once();
    let config = config::UiConfig::from_page();
    leptos::mount::hydrate_body(move || {
        provide_context(config);
        app::App()
    });
    // Outside the hydrated tree: tells tests (and curious people) the page is live.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
