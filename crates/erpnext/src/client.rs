//! `ErpNextClient`: one HTTP call of the contract, with token auth, the
//! `{"message": ...}` envelope, error mapping and the contract's retry rule.
//!
//! Retries follow `shared/ref/erpnext-api.md` exactly: only 429, 5xx and
//! connection failures, and only when the arguments carry a non-empty
//! `idempotency_key` (so a repeat can never create a second document). The
//! wait is exponential from `base_backoff` with random jitter, and never
//! shorter than the server's `Retry-After`. The api secret is never logged:
//! log lines name the method, the attempt and the error, nothing else.

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ErpError;
use crate::method::{ContractMethod, HttpVerb};

/// The longest a single backoff wait grows to, whatever the attempt number.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Where ERPNext is and how to talk to it.
#[derive(Clone)]
pub struct ErpNextConfig {
    /// Site root, e.g. `https://erp.example.org/`.
    pub base_url: url::Url,
    pub api_key: String,
    pub api_secret: String,
    /// Per attempt, connect plus response.
    pub timeout: Duration,
    /// Attempts in all for a retryable call (1 means no retry).
    pub max_attempts: u32,
    /// The first retry's wait before jitter; doubles each attempt.
    pub base_backoff: Duration,
}

impl std::fmt::Debug for ErpNextConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErpNextConfig")
            .field("base_url", &self.base_url.as_str())
            .field("api_key", &self.api_key)
            .field("api_secret", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("max_attempts", &self.max_attempts)
            .field("base_backoff", &self.base_backoff)
            .finish()
    }
}

/// A typed client for the contract; cheap to clone.
#[derive(Clone, Debug)]
pub struct ErpNextClient {
    http: reqwest::Client,
    base_url: url::Url,
    max_attempts: u32,
    base_backoff: Duration,
}

impl ErpNextClient {
    /// Builds the client; fails only when the key or secret cannot go in a header.
    pub fn new(config: ErpNextConfig) -> Result<Self, ErpError> {
        let token = format!("token {}:{}", config.api_key, config.api_secret);
        let mut auth = HeaderValue::from_str(&token).map_err(|_| ErpError::Authentication {
            message: "the api key or secret contains characters a header cannot carry".into(),
        })?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .build()
            .map_err(ErpError::Transport)?;
        let mut base_url = config.base_url;
        if !base_url.path().ends_with('/') {
            let path = format!("{}/", base_url.path());
            base_url.set_path(&path);
        }
        Ok(Self {
            http,
            base_url,
            max_attempts: config.max_attempts.max(1),
            base_backoff: config.base_backoff,
        })
    }

    /// Calls `method` with `args` and decodes the `message` of the answer as `R`.
    ///
    /// The typed methods use this; it is public for arguments the typed
    /// requests cannot express (the contract tests send deliberately bad ones).
    pub async fn call<A, R>(&self, method: ContractMethod, args: &A) -> Result<R, ErpError>
    where
        A: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let args = serde_json::to_value(args).map_err(|e| ErpError::decode(e, ""))?;
        let retryable_call = has_idempotency_key(&args);
        let attempts = if retryable_call { self.max_attempts } else { 1 };
        let mut attempt = 1;
        loop {
            let result = self.call_once(method, &args).await;
            match result {
                Err(error) if attempt < attempts && error.is_retryable() => {
                    let wait = self.backoff(attempt, error.retry_after());
                    tracing::warn!(method = method.path(), attempt, ?wait, error = %error, "erpnext call failed, retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(error) => {
                    tracing::warn!(method = method.path(), attempt, error = %error, "erpnext call failed");
                    return Err(error);
                }
                Ok(body) => {
                    tracing::debug!(method = method.path(), attempt, "erpnext call succeeded");
                    return unwrap_message(&body);
                }
            }
        }
    }

    async fn call_once(&self, method: ContractMethod, args: &Value) -> Result<String, ErpError> {
        let url = self
            .base_url
            .join(&format!("api/method/{}", method.path()))
            .map_err(|e| ErpError::Unexpected {
                status: 0,
                exc_type: None,
                message: format!("bad method url: {e}"),
            })?;
        let request = match method.verb() {
            HttpVerb::Get => self.http.get(with_query(url, args)),
            HttpVerb::Post => self.http.post(url).json(args),
        };
        let response = request.send().await.map_err(ErpError::Transport)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response.text().await.map_err(ErpError::Transport)?;
        if status == 200 {
            Ok(body)
        } else {
            Err(ErpError::from_response(status, &body, retry_after))
        }
    }

    /// Exponential backoff with up to 50% random jitter, at least `retry_after`.
    fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let base = self
            .base_backoff
            .saturating_mul(1u32 << exponent)
            .min(MAX_BACKOFF);
        let jitter = base.mul_f64(rand::random::<f64>() * 0.5);
        (base + jitter).max(retry_after.unwrap_or_default())
    }
}

/// Whether `args` carry a non-empty `idempotency_key`, which makes a repeat safe.
fn has_idempotency_key(args: &Value) -> bool {
    args.get("idempotency_key")
        .and_then(Value::as_str)
        .is_some_and(|key| !key.trim().is_empty())
}

/// Frappe reads GET arguments from the query string: strings as they are,
/// anything else as JSON text; `null` means "not given" and is left out.
fn with_query(mut url: url::Url, args: &Value) -> url::Url {
    if let Some(fields) = args.as_object() {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in fields {
            match value {
                Value::Null => {}
                Value::String(text) => {
                    pairs.append_pair(name, text);
                }
                other => {
                    pairs.append_pair(name, &other.to_string());
                }
            }
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    url
}

/// Takes `message` out of a success body; a function returning `None` sends no `message`.
fn unwrap_message<R: DeserializeOwned>(body: &str) -> Result<R, ErpError> {
    let mut envelope: Value = serde_json::from_str(body).map_err(|e| ErpError::decode(e, body))?;
    let message = envelope
        .get_mut("message")
        .map(Value::take)
        .unwrap_or(Value::Null);
    serde_json::from_value(message).map_err(|e| ErpError::decode(e, body))
}
