//! `ErpError`: every way a contract call can fail, read from Frappe's v1 error
//! envelope.
//!
//! Faults are told apart by `exc_type` first and the HTTP status second, as
//! `shared/ref/frappe.md` §5.5 recommends: any 417 is a validation error,
//! whatever subclass of `ValidationError` raised it. The text shown to people
//! comes from `_server_messages` (a JSON string of a list of JSON strings,
//! decoded twice, HTML stripped), then `exception`, then `_error_message`.
//! A business refusal (`"status": "error"` inside a 200) is not an `ErpError`:
//! it is a normal result. Nothing here logs or holds a secret.

use std::time::Duration;

use serde_json::Value;

/// How much of an undecodable body an error keeps, in characters.
const BODY_EXCERPT_CHARS: usize = 300;

/// A failed contract call.
#[derive(Debug, thiserror::Error)]
pub enum ErpError {
    /// 417: bad arguments or a refused move; `field` is named when the message starts with one.
    #[error("validation failed: {message}")]
    Validation {
        exc_type: String,
        field: Option<String>,
        message: String,
    },
    /// 403: the integration user lacks the role, or the method is not whitelisted for it.
    #[error("permission denied: {message}")]
    Permission { message: String },
    /// 401: wrong api key or secret.
    #[error("authentication failed: {message}")]
    Authentication { message: String },
    /// 404: the document (or the method) does not exist.
    #[error("not found: {message}")]
    NotFound {
        field: Option<String>,
        message: String,
    },
    /// 409: a document with the same name exists.
    #[error("duplicate entry: {message}")]
    Duplicate { message: String },
    /// 429: slow down; `retry_after` is the server's `Retry-After` when it sent one.
    #[error("rate limited: {message}")]
    RateLimited {
        retry_after: Option<Duration>,
        message: String,
    },
    /// 5xx: trouble on the server's side.
    #[error("server error {status}: {message}")]
    Server {
        status: u16,
        exc_type: Option<String>,
        message: String,
    },
    /// Any other non-success status (e.g. 400 `CSRFTokenError`).
    #[error("unexpected status {status}: {message}")]
    Unexpected {
        status: u16,
        exc_type: Option<String>,
        message: String,
    },
    /// The request never got an HTTP answer (connect, timeout, broken connection).
    #[error("transport error")]
    Transport(#[source] reqwest::Error),
    /// A 200 body that is not the expected shape.
    #[error("could not decode the response: {body_excerpt}")]
    Decode {
        #[source]
        source: serde_json::Error,
        body_excerpt: String,
    },
}

impl ErpError {
    /// Whether the contract allows trying again: 429, 5xx and connection failures.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Server { .. } => true,
            Self::Transport(source) => source.is_connect(),
            _ => false,
        }
    }

    /// The server's `Retry-After`, when it gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Builds the error for a non-success answer from its status, body and `Retry-After`.
    pub fn from_response(status: u16, body: &str, retry_after: Option<Duration>) -> Self {
        let envelope: Option<Value> = serde_json::from_str(body).ok();
        let exc_type = envelope
            .as_ref()
            .and_then(|e| e.get("exc_type"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let message = envelope
            .as_ref()
            .and_then(message_of)
            .unwrap_or_else(|| fallback_message(status, body));
        classify(status, exc_type, message, retry_after)
    }

    /// A decode failure, keeping the start of the body for the log.
    pub fn decode(source: serde_json::Error, body: &str) -> Self {
        Self::Decode {
            source,
            body_excerpt: excerpt(body),
        }
    }
}

fn classify(
    status: u16,
    exc_type: Option<String>,
    message: String,
    retry_after: Option<Duration>,
) -> ErpError {
    let field = field_of(&message);
    match (exc_type.as_deref(), status) {
        (Some("AuthenticationError" | "SessionExpired"), _) | (_, 401) => {
            ErpError::Authentication { message }
        }
        (Some("PermissionError"), _) | (_, 403) => ErpError::Permission { message },
        (Some("DoesNotExistError"), _) | (_, 404) => ErpError::NotFound { field, message },
        (Some("DuplicateEntryError"), _) | (_, 409) => ErpError::Duplicate { message },
        (Some("RateLimitExceededError" | "TooManyRequestsError"), _) | (_, 429) => {
            ErpError::RateLimited {
                retry_after,
                message,
            }
        }
        (_, 417) => ErpError::Validation {
            exc_type: exc_type.unwrap_or_else(|| "ValidationError".to_owned()),
            field,
            message,
        },
        (_, 500..=599) => ErpError::Server {
            status,
            exc_type,
            message,
        },
        _ => ErpError::Unexpected {
            status,
            exc_type,
            message,
        },
    }
}

/// The human text of an error envelope (see the module header for the order).
fn message_of(envelope: &Value) -> Option<String> {
    let from_server_messages = envelope
        .get("_server_messages")
        .and_then(Value::as_str)
        .and_then(|text| serde_json::from_str::<Vec<String>>(text).ok())
        .and_then(|messages| {
            let texts: Vec<String> = messages
                .iter()
                .filter_map(|m| serde_json::from_str::<Value>(m).ok())
                .filter_map(|m| m.get("message").and_then(Value::as_str).map(strip_html))
                .filter(|m| !m.is_empty())
                .collect();
            (!texts.is_empty()).then(|| texts.join("; "))
        });
    let from_exception = || {
        let text = envelope.get("exception").and_then(Value::as_str)?;
        let message = match text.split_once(": ") {
            Some((class, rest)) if !class.contains(' ') => rest,
            _ => text,
        };
        Some(message.trim().to_owned()).filter(|m| !m.is_empty())
    };
    let from_error_message = || {
        envelope
            .get("_error_message")
            .and_then(Value::as_str)
            .map(strip_html)
    };
    from_server_messages
        .or_else(from_exception)
        .or_else(from_error_message)
}

/// The field a message names: `"items[0].quantity: must be ..."` names `items[0].quantity`.
fn field_of(message: &str) -> Option<String> {
    let (head, _) = message.split_once(": ")?;
    let is_field = !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
    is_field.then(|| head.to_owned())
}

fn fallback_message(status: u16, body: &str) -> String {
    let body = excerpt(body);
    if body.is_empty() {
        format!("HTTP {status}")
    } else {
        body
    }
}

fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn excerpt(body: &str) -> String {
    body.trim().chars().take(BODY_EXCERPT_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_gateway_error_is_a_server_error_with_the_body_start() {
        let error = ErpError::from_response(502, "<html><body>Bad Gateway</body></html>", None);
        assert!(
            matches!(&error, ErpError::Server { status: 502, message, .. } if message.contains("Bad Gateway"))
        );
        assert!(error.is_retryable());
    }

    #[test]
    fn a_rate_limit_keeps_retry_after_and_an_unknown_417_is_validation() {
        let body = r#"{"exc_type": "RateLimitExceededError"}"#;
        let error = ErpError::from_response(429, body, Some(Duration::from_secs(3)));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
        let body = r#"{"exc_type": "UniqueValidationError", "_error_message": "<b>Key</b> must be unique"}"#;
        match ErpError::from_response(417, body, None) {
            ErpError::Validation {
                exc_type,
                field,
                message,
            } => {
                assert_eq!(
                    (exc_type.as_str(), message.as_str()),
                    ("UniqueValidationError", "Key must be unique")
                );
                assert_eq!(field, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_a_leading_identifier_is_a_field() {
        assert_eq!(
            field_of("items[0].quantity: too many").as_deref(),
            Some("items[0].quantity")
        );
        assert_eq!(field_of("not permitted: no role"), None);
        assert_eq!(field_of("Failed to get method for command x"), None);
    }
}
