//! `UltravoxClient`: the REST calls this platform makes to Ultravox (create
//! and read calls, read transcripts, hang up, manage webhooks), with the
//! `X-API-Key` header, cursor pagination and the retry rule below.
//!
//! Retries: a 429 or 503 means Ultravox refused the whole request (rate or
//! concurrency limit), so any method may repeat it, after `Retry-After`
//! seconds (1 s when absent, at most 30 s per wait). Transport failures and
//! other 5xx answers leave us not knowing whether a POST took effect, so only
//! GETs are retried then, with exponential backoff from 100 ms. One budget of
//! `max_retries` covers both. The api key is a sensitive header: it is never
//! logged, and `Debug` of the client and its config leaves it out.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use url::Url;

mod transport;

pub use crate::error::{UltravoxError, UrlError};
use crate::types::{Call, CreateCallRequest, CreateWebhookRequest, Message, Paginated, Webhook};
use transport::{decode, encode, status_error};

/// Ultravox's own API root.
pub const DEFAULT_BASE_URL: &str = "https://api.ultravox.ai/api/";

/// The header carrying the api key.
pub const API_KEY_HEADER: &str = "X-API-Key";

/// The most pages a `list_*` method follows before giving up.
pub const MAX_PAGES: u32 = 100;

/// Where Ultravox is and how to talk to it.
#[derive(Clone)]
pub struct ClientConfig {
    /// The API root, e.g. `https://api.ultravox.ai/api/`; a missing trailing slash is added.
    pub base_url: Url,
    pub api_key: String,
    /// Per attempt, connect plus response.
    pub timeout: Duration,
    /// Retries after the first attempt (0 means try once).
    pub max_retries: u32,
}

impl ClientConfig {
    /// A config with a 10 s timeout and 3 retries.
    pub fn new(base_url: Url, api_key: impl Into<String>) -> Self {
        Self {
            base_url,
            api_key: api_key.into(),
            timeout: Duration::from_secs(10),
            max_retries: 3,
        }
    }
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url.as_str())
            .field("api_key", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// A typed Ultravox client; cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct UltravoxClient {
    http: reqwest::Client,
    base_url: Url,
    timeout: Duration,
    max_retries: u32,
}

impl std::fmt::Debug for UltravoxClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UltravoxClient")
            .field("base_url", &self.base_url.as_str())
            .field("api_key", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

impl UltravoxClient {
    /// Builds the client; fails when the base URL cannot take a path or the
    /// key cannot go in a header.
    pub fn new(config: ClientConfig) -> Result<Self, UltravoxError> {
        let base_url = normalize_base_url(config.base_url)?;
        let mut key =
            HeaderValue::from_str(&config.api_key).map_err(UltravoxError::InvalidApiKey)?;
        key.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(API_KEY_HEADER, key);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .build()
            .map_err(UltravoxError::Transport)?;
        Ok(Self {
            http,
            base_url,
            timeout: config.timeout,
            max_retries: config.max_retries,
        })
    }

    /// The API root every path is joined to, always ending in `/`.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// `POST calls`: creates a call and returns it, with its `joinUrl`.
    pub async fn create_call(&self, request: &CreateCallRequest) -> Result<Call, UltravoxError> {
        let url = self.endpoint("create call", &["calls"])?;
        let body = encode("create-call request", request)?;
        let answer = self
            .send("create call", Method::POST, url, Some(body))
            .await?;
        decode("call", answer)
    }

    /// `GET calls/{call_id}`.
    pub async fn get_call(&self, call_id: &str) -> Result<Call, UltravoxError> {
        let url = self.endpoint("get call", &["calls", call_id])?;
        let answer = self.send("get call", Method::GET, url, None).await?;
        decode("call", answer)
    }

    /// `GET calls/{call_id}/messages`: one page of the transcript.
    pub async fn list_messages_page(
        &self,
        call_id: &str,
        cursor: Option<&str>,
        page_size: Option<u32>,
    ) -> Result<Paginated<Message>, UltravoxError> {
        let mut url = self.endpoint("list messages", &["calls", call_id, "messages"])?;
        add_page_query(&mut url, cursor, page_size);
        let answer = self.send("list messages", Method::GET, url, None).await?;
        decode("messages page", answer)
    }

    /// The whole transcript, following `next` (at most `MAX_PAGES` pages).
    pub async fn list_messages(&self, call_id: &str) -> Result<Vec<Message>, UltravoxError> {
        // A plain loop, not a generic over an async closure: the future must be
        // `Send` for every lifetime, which async closures cannot promise yet.
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .list_messages_page(call_id, cursor.as_deref(), None)
                .await?;
            items.extend(page.results);
            match page.next {
                Some(next) => cursor = Some(self.cursor_of("messages", &next)?),
                None => return Ok(items),
            }
        }
        Err(UltravoxError::TooManyPages {
            what: "messages",
            pages: MAX_PAGES,
        })
    }

    /// Ends a live call through `send_data_message` (`{"type":"hang_up"}`),
    /// saying `message` first when given. `Ok(true)` when the call was live,
    /// `Ok(false)` when Ultravox says it is not (422: already over or never joined).
    pub async fn hang_up(
        &self,
        call_id: &str,
        message: Option<&str>,
    ) -> Result<bool, UltravoxError> {
        #[derive(Serialize)]
        struct HangUp<'a> {
            #[serde(rename = "type")]
            kind: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            message: Option<&'a str>,
        }
        let url = self.endpoint("hang up", &["calls", call_id, "send_data_message"])?;
        let body = encode(
            "hang-up message",
            &HangUp {
                kind: "hang_up",
                message,
            },
        )?;
        let answer = self.send("hang up", Method::POST, url, Some(body)).await?;
        match answer.status {
            status if status.is_success() => Ok(true),
            StatusCode::UNPROCESSABLE_ENTITY => {
                tracing::debug!(call_id, "ultravox call was not live, nothing to hang up");
                Ok(false)
            }
            _ => Err(status_error(&answer)),
        }
    }

    /// `POST webhooks`.
    pub async fn create_webhook(
        &self,
        request: &CreateWebhookRequest,
    ) -> Result<Webhook, UltravoxError> {
        let url = self.endpoint("create webhook", &["webhooks"])?;
        let body = encode("webhook request", request)?;
        let answer = self
            .send("create webhook", Method::POST, url, Some(body))
            .await?;
        decode("webhook", answer)
    }

    /// `GET webhooks`: one page.
    pub async fn list_webhooks_page(
        &self,
        cursor: Option<&str>,
        page_size: Option<u32>,
    ) -> Result<Paginated<Webhook>, UltravoxError> {
        let mut url = self.endpoint("list webhooks", &["webhooks"])?;
        add_page_query(&mut url, cursor, page_size);
        let answer = self.send("list webhooks", Method::GET, url, None).await?;
        decode("webhooks page", answer)
    }

    /// Every webhook of the account, following `next` (at most `MAX_PAGES` pages).
    pub async fn list_webhooks(&self) -> Result<Vec<Webhook>, UltravoxError> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self.list_webhooks_page(cursor.as_deref(), None).await?;
            items.extend(page.results);
            match page.next {
                Some(next) => cursor = Some(self.cursor_of("webhooks", &next)?),
                None => return Ok(items),
            }
        }
        Err(UltravoxError::TooManyPages {
            what: "webhooks",
            pages: MAX_PAGES,
        })
    }

    /// `PATCH webhooks/{webhook_id}`, e.g. to rotate secrets (send old and new).
    pub async fn update_webhook(
        &self,
        webhook_id: &str,
        request: &CreateWebhookRequest,
    ) -> Result<Webhook, UltravoxError> {
        let url = self.endpoint("update webhook", &["webhooks", webhook_id])?;
        let body = encode("webhook request", request)?;
        let answer = self
            .send("update webhook", Method::PATCH, url, Some(body))
            .await?;
        decode("webhook", answer)
    }

    /// The `cursor` query parameter of a `next` link (absolute, or relative to the base).
    fn cursor_of(&self, what: &'static str, next: &str) -> Result<String, UltravoxError> {
        let next = self
            .base_url
            .join(next)
            .map_err(|e| UltravoxError::url(what, e))?;
        next.query_pairs()
            .find(|(name, _)| name == "cursor")
            .map(|(_, value)| value.into_owned())
            .ok_or(UltravoxError::url(what, UrlError::NoCursor))
    }

    /// The base URL plus `segments`, each percent-encoded as one path segment.
    fn endpoint(&self, what: &'static str, segments: &[&str]) -> Result<Url, UltravoxError> {
        if segments.iter().any(|s| matches!(*s, "" | "." | "..")) {
            return Err(UltravoxError::url(what, UrlError::BadSegment));
        }
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| UltravoxError::url(what, UrlError::CannotBeABase))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }
}

/// Adds the trailing slash (so joins land under the root) and drops any query or fragment.
fn normalize_base_url(mut base_url: Url) -> Result<Url, UltravoxError> {
    if base_url.cannot_be_a_base() {
        return Err(UltravoxError::url("the base url", UrlError::CannotBeABase));
    }
    if !base_url.path().ends_with('/') {
        let path = format!("{}/", base_url.path());
        base_url.set_path(&path);
    }
    base_url.set_query(None);
    base_url.set_fragment(None);
    Ok(base_url)
}

fn add_page_query(url: &mut Url, cursor: Option<&str>, page_size: Option<u32>) {
    if cursor.is_none() && page_size.is_none() {
        return;
    }
    let mut pairs = url.query_pairs_mut();
    if let Some(cursor) = cursor {
        pairs.append_pair("cursor", cursor);
    }
    if let Some(page_size) = page_size {
        pairs.append_pair("pageSize", &page_size.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_gets_a_trailing_slash_and_paths_are_segments() {
        let config = ClientConfig::new(
            Url::parse("https://api.example.org/api?x=1").expect("url"),
            "key",
        );
        let client = UltravoxClient::new(config).expect("client");
        assert_eq!(client.base_url().as_str(), "https://api.example.org/api/");
        let url = client
            .endpoint("test", &["calls", "a/b?c#d", "messages"])
            .expect("url");
        assert_eq!(
            url.as_str(),
            "https://api.example.org/api/calls/a%2Fb%3Fc%23d/messages"
        );
        for bad in ["", ".", ".."] {
            assert!(matches!(
                client.endpoint("test", &["calls", bad]),
                Err(UltravoxError::Url {
                    source: UrlError::BadSegment,
                    ..
                })
            ));
        }
    }

    #[test]
    fn cursors_come_from_next_links() {
        let client = UltravoxClient::new(ClientConfig::new(
            Url::parse(DEFAULT_BASE_URL).expect("url"),
            "key",
        ))
        .expect("client");
        let next = "https://api.ultravox.ai/api/calls/c1/messages?cursor=cD0y%3D&pageSize=5";
        assert_eq!(client.cursor_of("messages", next).expect("cursor"), "cD0y=");
        assert!(matches!(
            client.cursor_of("messages", "https://api.ultravox.ai/api/calls?page=2"),
            Err(UltravoxError::Url {
                source: UrlError::NoCursor,
                ..
            })
        ));
    }

    #[test]
    fn an_api_key_that_cannot_be_a_header_is_refused() {
        let config = ClientConfig::new(Url::parse(DEFAULT_BASE_URL).expect("url"), "bad\nkey");
        assert!(matches!(
            UltravoxClient::new(config),
            Err(UltravoxError::InvalidApiKey(_))
        ));
    }
}
