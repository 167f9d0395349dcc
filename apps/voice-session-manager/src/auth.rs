//! Who may do what: the staff bearer token, and a customer's session token.
//!
//! Tokens are compared by their SHA-256 digests in constant time, so neither
//! the length nor a prefix of a token leaks through timing.

use axum::http::{HeaderMap, header};
use subtle::ConstantTimeEq;

use crate::{error::ApiError, sessions::token_digest, state::AppState, store::SessionRecord};

/// Who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Staff,
    Customer,
}

/// The bearer token of a request: `Authorization: Bearer …`, else `?token=`.
pub fn bearer<'a>(headers: &'a HeaderMap, query_token: Option<&'a str>) -> Option<&'a str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .or(query_token)
        .filter(|t| !t.is_empty())
}

fn digests_equal(a: &str, b: &str) -> bool {
    token_digest(a).as_bytes().ct_eq(b.as_bytes()).into()
}

pub fn is_staff(state: &AppState, token: &str) -> bool {
    digests_equal(token, &token_digest(state.staff_token.expose()))
}

/// Staff only.
pub fn require_staff(state: &AppState, token: Option<&str>) -> Result<(), ApiError> {
    let token = token.ok_or(ApiError::Unauthorized("a staff bearer token is required"))?;
    if is_staff(state, token) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("staff routes"))
    }
}

fn is_service(state: &AppState, token: &str) -> bool {
    state
        .config
        .service_token
        .as_ref()
        .is_some_and(|s| digests_equal(token, &token_digest(s.expose())))
}

/// A trusted service (`SERVICE_TOKEN`) or staff.
pub fn require_service(state: &AppState, token: Option<&str>) -> Result<(), ApiError> {
    let token = token.ok_or(ApiError::Unauthorized(
        "a service or staff bearer token is required",
    ))?;
    if is_service(state, token) || is_staff(state, token) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("the business tools"))
    }
}

/// The session's own customer, or staff.
pub fn require_session_access(
    state: &AppState,
    token: Option<&str>,
    record: &SessionRecord,
) -> Result<Caller, ApiError> {
    let token = token.ok_or(ApiError::Unauthorized(
        "the session token (Authorization: Bearer or ?token=) is required",
    ))?;
    if digests_equal(token, &record.token_sha256) {
        Ok(Caller::Customer)
    } else if is_staff(state, token) || is_service(state, token) {
        Ok(Caller::Staff)
    } else {
        Err(ApiError::Forbidden("this session"))
    }
}

/// Extractor: the request carries the staff token (checked before the body is read).
pub struct Staff;

/// Extractor: the request carries a service or staff token (checked before the body is read).
pub struct Service;

impl axum::extract::FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        require_staff(state, bearer(&parts.headers, None)).map(|()| Staff)
    }
}

impl axum::extract::FromRequestParts<AppState> for Service {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        require_service(state, bearer(&parts.headers, None)).map(|()| Service)
    }
}
