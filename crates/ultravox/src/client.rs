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

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

pub use crate::error::{UltravoxError, UrlError};
use crate::types::{Call, CreateCallRequest, CreateWebhookRequest, Message, Paginated, Webhook};

/// Ultravox's own API root.
pub const DEFAULT_BASE_URL: &str = "https://api.ultravox.ai/api/";

/// The header carrying the api key.
pub const API_KEY_HEADER: &str = "X-API-Key";

/// The most pages a `list_*` method follows before giving up.
pub const MAX_PAGES: u32 = 100;

const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);
const MAX_WAIT: Duration = Duration::from_secs(30);
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const BODY_EXCERPT_BYTES: usize = 2048;

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

/// One HTTP answer, read in full.
struct Answer {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: Vec<u8>,
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

    /// Sends the request, retrying as the module header explains. Returns the
    /// final answer whatever its status, except a 429/503 that outlived the
    /// retries, which is `RateLimited`.
    async fn send(
        &self,
        what: &'static str,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<Answer, UltravoxError> {
        let idempotent = method == Method::GET;
        let mut retries = 0;
        loop {
            let outcome = self
                .send_once(method.clone(), url.clone(), body.clone())
                .await;
            let can_retry = retries < self.max_retries;
            let wait = match &outcome {
                Ok(answer) if is_refusal(answer.status) => {
                    if !can_retry {
                        return Err(UltravoxError::RateLimited {
                            retry_after: answer.retry_after,
                        });
                    }
                    refusal_wait(answer.retry_after)
                }
                Ok(answer) if answer.status.is_server_error() && idempotent && can_retry => {
                    backoff(retries)
                }
                Err(_) if idempotent && can_retry => backoff(retries),
                _ => return outcome.map_err(UltravoxError::Transport),
            };
            let cause = match &outcome {
                Ok(answer) => answer.status.to_string(),
                Err(error) => error.to_string(),
            };
            tracing::warn!(
                what,
                path = url.path(),
                retries,
                ?wait,
                cause,
                "ultravox request failed, retrying"
            );
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }

    async fn send_once(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<Answer, reqwest::Error> {
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = request.send().await?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_retry_after);
        let body = response.bytes().await?.to_vec();
        Ok(Answer {
            status,
            retry_after,
            body,
        })
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

fn encode<T: Serialize + ?Sized>(what: &'static str, value: &T) -> Result<Vec<u8>, UltravoxError> {
    serde_json::to_vec(value).map_err(|source| UltravoxError::Encode { what, source })
}

/// A 2xx body as `T`; anything else as a `Status` error.
fn decode<T: DeserializeOwned>(what: &'static str, answer: Answer) -> Result<T, UltravoxError> {
    if !answer.status.is_success() {
        return Err(status_error(&answer));
    }
    serde_json::from_slice(&answer.body).map_err(|source| UltravoxError::Decode { what, source })
}

fn status_error(answer: &Answer) -> UltravoxError {
    let text = String::from_utf8_lossy(&answer.body);
    let body = if text.len() > BODY_EXCERPT_BYTES {
        let cut = text.floor_char_boundary(BODY_EXCERPT_BYTES);
        format!("{}…", &text[..cut])
    } else {
        text.into_owned()
    };
    UltravoxError::Status {
        status: answer.status.as_u16(),
        body,
    }
}

/// 429 (rate or concurrency limit) and 503 (priority capacity short): the
/// request was refused as a whole, so repeating it is safe.
fn is_refusal(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    )
}

/// `Retry-After` in seconds (fractions tolerated); an HTTP date or junk reads as absent.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

/// How long to wait after a refusal: `Retry-After`, 1 s without one, never over 30 s.
fn refusal_wait(retry_after: Option<Duration>) -> Duration {
    retry_after.unwrap_or(DEFAULT_RETRY_AFTER).min(MAX_WAIT)
}

/// 100 ms, 200 ms, 400 ms, ... for the retry after `retries` earlier ones, at most 30 s.
fn backoff(retries: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1u32 << retries.min(16))
        .min(MAX_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_follow_retry_after_with_a_default_and_a_cap() {
        assert_eq!(refusal_wait(None), Duration::from_secs(1));
        assert_eq!(refusal_wait(Some(Duration::ZERO)), Duration::ZERO);
        assert_eq!(
            refusal_wait(Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(refusal_wait(Some(Duration::from_secs(3600))), MAX_WAIT);
        assert_eq!(parse_retry_after(" 5 "), Some(Duration::from_secs(5)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-3"), None);
    }

    #[test]
    fn backoff_doubles_from_100_ms_up_to_30_s() {
        assert_eq!(backoff(0), Duration::from_millis(100));
        assert_eq!(backoff(1), Duration::from_millis(200));
        assert_eq!(backoff(2), Duration::from_millis(400));
        assert_eq!(backoff(40), MAX_WAIT);
    }

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
    fn status_bodies_are_cut_to_2_kb_on_a_char_boundary() {
        let answer = Answer {
            status: StatusCode::BAD_REQUEST,
            retry_after: None,
            body: "é".repeat(3000).into_bytes(),
        };
        let UltravoxError::Status { status, body } = status_error(&answer) else {
            panic!("expected a status error");
        };
        assert_eq!(status, 400);
        assert!(body.len() <= BODY_EXCERPT_BYTES + '…'.len_utf8());
        assert!(body.ends_with('…'));
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
