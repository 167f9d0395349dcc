//! `ApiJson<T>`: the JSON body extractor with precise errors.
//!
//! axum's own `Json` answers in plain text; this one reads the body (within
//! the configured limit) and parses it in one pass. A refused body is parsed
//! again with `serde_path_to_error` so the error names the offending field
//! (`metadata`, `businessType`), and maps: not JSON → 400, wrong shape or
//! value → 422, too large → 413, wrong content type → 415.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::header,
};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct ApiJson<T>(pub T);

/// The configured body limit, put in request extensions so errors can name it.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| {
                let mime = ct.split(';').next().unwrap_or("").trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let limit = req.extensions().get::<BodyLimit>().map_or(0, |l| l.0);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge { limit }
            } else {
                ApiError::MalformedJson(rejection.body_text())
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a JSON document, naming the field on a shape error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // The common case in one pass: a well-formed document of the right shape
    // (`from_slice` also refuses trailing garbage). Only a refused document
    // pays for the passes below, which say precisely what is wrong.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    // Syntax first (including trailing garbage), so a broken document is a
    // 400 even when its first value would also have the wrong shape.
    if let Err(err) = serde_json::from_slice::<serde_json::Value>(bytes) {
        return Err(ApiError::MalformedJson(err.to_string()));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = serde_path_to_error::deserialize(&mut de);
    if let (Ok(_), Err(trailing)) = (&parsed, de.end()) {
        return Err(ApiError::MalformedJson(trailing.to_string()));
    }
    match parsed {
        Ok(value) => Ok(value),
        Err(err) => {
            // The syntax is known to be fine, so any error here is about the
            // shape. (serde_json reports a number where an enum's string is
            // expected as a syntax error; it is a type error.)
            let path = err.path().to_string();
            let inner = err.into_inner();
            let message = match inner.classify() {
                serde_json::error::Category::Data => strip_position(&inner.to_string()),
                _ => "invalid type: not the expected kind of value".to_owned(),
            };
            let (field, message) = if path == "." {
                (missing_field(&inner), message)
            } else {
                (path.clone(), format!("{path}: {message}"))
            };
            Err(ApiError::invalid(field, message))
        }
    }
}

/// serde reports a missing field at the parent path; pull the name out of
/// "missing field `businessType`".
fn missing_field(err: &serde_json::Error) -> String {
    let text = err.to_string();
    text.split('`')
        .nth(1)
        .filter(|_| text.starts_with("missing field") || text.starts_with("unknown field"))
        .map(str::to_owned)
        .unwrap_or_else(|| ".".to_owned())
}

/// "... at line 1 column 30" is noise for an API client.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
