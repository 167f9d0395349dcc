//! Small browser helpers: the clock, sleeping, sessionStorage, and a
//! message to the page embedding the widget.
//!
//! Only called from event handlers, effects and spawned tasks, which run in
//! the browser; the server never reaches these functions.

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// Waits without blocking the page.
pub async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// `sessionStorage.getItem(key)`.
pub fn stored(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// `sessionStorage.setItem(key, value)`; a full or blocked storage is ignored
/// (the page then simply forgets on reload).
pub fn store(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// `sessionStorage.removeItem(key)`.
pub fn forget(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}

/// The page's query parameter `name`, if any.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Tells the page that embeds this one in an iframe (the business's site)
/// `message`, by `postMessage`; the message carries nothing private, so any
/// embedding origin may read it. Nothing happens outside an iframe.
pub fn tell_parent(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(parent)) = window.parent()
        && parent != window
    {
        let _ = parent.post_message(&wasm_bindgen::JsValue::from_str(message), "*");
    }
}
