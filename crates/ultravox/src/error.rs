//! `UltravoxError`: every way a call to the Ultravox REST API can fail.
//!
//! Each variant keeps its cause (`source()`), and none holds the api key.
//! Error bodies are opaque text (Ultravox documents no error schema), kept
//! for logs and cut to 2 KB; callers branch on the status code only.

use std::time::Duration;

/// A failed Ultravox request.
#[derive(Debug, thiserror::Error)]
pub enum UltravoxError {
    /// Any status the method does not expect, with the start of the body.
    #[error("ultravox answered {status}: {body}")]
    Status { status: u16, body: String },
    /// 429 or 503 still, after every allowed retry; `retry_after` is the last
    /// `Retry-After` Ultravox sent, when it sent one.
    #[error("ultravox is refusing requests for now (rate or concurrency limit)")]
    RateLimited { retry_after: Option<Duration> },
    /// No HTTP answer: connect failure, timeout, broken connection.
    #[error("could not reach ultravox")]
    Transport(#[source] reqwest::Error),
    /// A success body that is not the expected JSON.
    #[error("could not decode the {what} ultravox returned")]
    Decode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// A request body that would not serialize.
    #[error("could not encode the {what}")]
    Encode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// A URL that could not be built: a bad base URL, id or `next` link.
    #[error("could not build the url for {what}")]
    Url {
        what: &'static str,
        #[source]
        source: UrlError,
    },
    /// The api key has characters an HTTP header cannot carry.
    #[error("the api key cannot be sent in a header")]
    InvalidApiKey(#[source] reqwest::header::InvalidHeaderValue),
    /// A list still had a `next` page after the most pages we follow.
    #[error("ultravox still offered more {what} after {pages} pages")]
    TooManyPages { what: &'static str, pages: u32 },
}

/// Why a URL could not be built.
#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    #[error("not a valid url")]
    Parse(#[from] url::ParseError),
    #[error("the base url cannot take path segments")]
    CannotBeABase,
    #[error("an id in the path is empty, `.` or `..`")]
    BadSegment,
    #[error("the `next` link has no `cursor` query parameter")]
    NoCursor,
}

impl UltravoxError {
    /// The HTTP status Ultravox answered with, when this is a `Status` error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether Ultravox said the call (or webhook) does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub(crate) fn url(what: &'static str, source: impl Into<UrlError>) -> Self {
        Self::Url {
            what,
            source: source.into(),
        }
    }
}
