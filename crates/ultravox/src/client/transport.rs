//! How one request goes over the wire: the retry rule of the client's module
//! header (429/503 after `Retry-After`, other failures only for GETs, with
//! exponential backoff), JSON in and out, and error bodies cut to 2 KB.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::UltravoxClient;
use crate::error::UltravoxError;

const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);
const MAX_WAIT: Duration = Duration::from_secs(30);
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const BODY_EXCERPT_BYTES: usize = 2048;

/// One HTTP answer, read in full.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

impl UltravoxClient {
    /// Sends the request, retrying as the module header explains. Returns the
    /// final answer whatever its status, except a 429/503 that outlived the
    /// retries, which is `RateLimited`.
    pub(super) async fn send(
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

pub(super) fn encode<T: Serialize + ?Sized>(
    what: &'static str,
    value: &T,
) -> Result<Vec<u8>, UltravoxError> {
    serde_json::to_vec(value).map_err(|source| UltravoxError::Encode { what, source })
}

/// A 2xx body as `T`; anything else as a `Status` error.
pub(super) fn decode<T: DeserializeOwned>(
    what: &'static str,
    answer: Answer,
) -> Result<T, UltravoxError> {
    if !answer.status.is_success() {
        return Err(status_error(&answer));
    }
    serde_json::from_slice(&answer.body).map_err(|source| UltravoxError::Decode { what, source })
}

pub(super) fn status_error(answer: &Answer) -> UltravoxError {
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
}
