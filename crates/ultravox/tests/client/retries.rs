//! 429 and 503: Ultravox refused the whole request, so every method retries
//! after `Retry-After`, up to `max_retries`, then reports `RateLimited`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use voice_ultravox::{CreateCallRequest, UltravoxError};

use crate::helpers::FakeUltravox;

/// Answers `refusal` with `Retry-After: 0` the first `refusals` times, then `success`.
fn refuse_then(
    refusal: StatusCode,
    refusals: u32,
    success: Response,
    counter: Arc<AtomicU32>,
) -> axum::routing::MethodRouter {
    let success = Arc::new(std::sync::Mutex::new(Some(success)));
    post(move || async move {
        if counter.fetch_add(1, Ordering::SeqCst) < refusals {
            return (refusal, [(header::RETRY_AFTER, "0")], "slow down").into_response();
        }
        success
            .lock()
            .expect("not poisoned")
            .take()
            .unwrap_or_else(|| StatusCode::GONE.into_response())
    })
}

#[tokio::test]
async fn a_429_with_retry_after_0_then_success_is_retried_even_for_a_post() {
    // Arrange
    let count = Arc::new(AtomicU32::new(0));
    let created = (StatusCode::CREATED, Json(json!({"callId": "c-1"}))).into_response();
    let api = Router::new().route(
        "/calls",
        refuse_then(StatusCode::TOO_MANY_REQUESTS, 1, created, count.clone()),
    );
    let fake = FakeUltravox::spawn(api).await;
    // Act
    let call = fake
        .client(2)
        .create_call(&CreateCallRequest::default())
        .await;
    // Assert
    assert_eq!(call.expect("created after one retry").call_id, "c-1");
    assert_eq!(count.load(Ordering::SeqCst), 2);
    let seen = fake.seen();
    assert_eq!(seen[0].body, seen[1].body, "the same body is sent again");
}

#[tokio::test]
async fn a_429_forever_is_rate_limited_after_max_retries() {
    // Arrange
    let count = Arc::new(AtomicU32::new(0));
    let api = Router::new().route(
        "/calls",
        refuse_then(
            StatusCode::TOO_MANY_REQUESTS,
            u32::MAX,
            StatusCode::OK.into_response(),
            count.clone(),
        ),
    );
    let fake = FakeUltravox::spawn(api).await;
    // Act
    let error = fake
        .client(3)
        .create_call(&CreateCallRequest::default())
        .await
        .expect_err("always refused");
    // Assert: the first attempt plus three retries.
    assert!(
        matches!(error, UltravoxError::RateLimited { retry_after: Some(wait) } if wait == Duration::ZERO),
        "{error:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn with_no_retries_a_429_is_rate_limited_at_once() {
    let count = Arc::new(AtomicU32::new(0));
    let api = Router::new().route(
        "/calls",
        refuse_then(
            StatusCode::TOO_MANY_REQUESTS,
            u32::MAX,
            StatusCode::OK.into_response(),
            count.clone(),
        ),
    );
    let fake = FakeUltravox::spawn(api).await;
    let error = fake
        .client(0)
        .create_call(&CreateCallRequest::default())
        .await;
    assert!(
        matches!(error, Err(UltravoxError::RateLimited { .. })),
        "{error:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_503_is_retried_like_a_429() {
    let count = Arc::new(AtomicU32::new(0));
    let api = Router::new().route(
        "/calls/{call_id}/send_data_message",
        refuse_then(
            StatusCode::SERVICE_UNAVAILABLE,
            2,
            StatusCode::NO_CONTENT.into_response(),
            count.clone(),
        ),
    );
    let fake = FakeUltravox::spawn(api).await;
    let was_live = fake.client(2).hang_up("c-1", None).await.expect("hung up");
    assert!(was_live);
    assert_eq!(count.load(Ordering::SeqCst), 3);
}
