//! What the browser needs to know about the deployment: where the session
//! manager is. The server renders it into a `<meta>` tag; the WASM reads it
//! back before hydrating, so both sides render the same thing.

use leptos::prelude::*;

/// The name of the `<meta>` tag carrying the session manager's public URL.
pub const SESSION_MANAGER_META: &str = "voice-session-manager-url";

/// Used when the page carries no URL (never in a rendered page).
pub const DEFAULT_SESSION_MANAGER_URL: &str = "http://127.0.0.1:3001";

/// The deployment as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiConfig {
    /// The session manager's public base URL, without a trailing slash.
    pub session_manager_url: String,
}

impl Default for UiConfig {
    fn default() -> Self {
        Self::new(DEFAULT_SESSION_MANAGER_URL)
    }
}

impl UiConfig {
    pub fn new(session_manager_url: &str) -> Self {
        Self {
            session_manager_url: session_manager_url.trim_end_matches('/').to_owned(),
        }
    }

    /// `http://host/path` on the session manager.
    pub fn http(&self, path: &str) -> String {
        format!("{}{path}", self.session_manager_url)
    }

    /// `ws://host/path` (or `wss://`) on the session manager.
    pub fn ws(&self, path: &str) -> String {
        let base = &self.session_manager_url;
        let base = if let Some(rest) = base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = base.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            base.clone()
        };
        format!("{base}{path}")
    }

    /// Reads the URL the server rendered into the page.
    #[cfg(feature = "hydrate")]
    pub fn from_page() -> Self {
        let url = leptos::prelude::document()
            .query_selector(&format!("meta[name=\"{SESSION_MANAGER_META}\"]"))
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .unwrap_or_else(|| DEFAULT_SESSION_MANAGER_URL.to_owned());
        Self::new(&url)
    }
}

/// The config provided by the server (or read from the page).
pub fn use_config() -> UiConfig {
    use_context::<UiConfig>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_urls_follow_the_scheme() {
        let c = UiConfig::new("http://127.0.0.1:3001/");
        assert_eq!(
            c.http("/api/sessions"),
            "http://127.0.0.1:3001/api/sessions"
        );
        assert_eq!(c.ws("/ws/staff"), "ws://127.0.0.1:3001/ws/staff");
        let s = UiConfig::new("https://voice.example.org");
        assert_eq!(s.ws("/ws/staff"), "wss://voice.example.org/ws/staff");
    }
}
