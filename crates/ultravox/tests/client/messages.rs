//! Transcript pagination: following `next` by its `cursor`, never its host.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::extract::Query;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use voice_ultravox::{MessageMedium, MessageRole, UltravoxError};

use crate::helpers::{API_KEY, FakeUltravox};

#[derive(Deserialize)]
struct PageQuery {
    cursor: Option<String>,
}

/// Three pages. The `next` links point at the real Ultravox host on purpose:
/// the client must take only their cursor and stay on its own base URL.
async fn three_pages(Query(query): Query<PageQuery>) -> Json<Value> {
    let message = |role: &str, text: &str| json!({"role": role, "text": text, "medium": "MESSAGE_MEDIUM_VOICE"});
    let next = |cursor: &str| {
        format!("https://api.ultravox.ai/api/calls/c-1/messages?cursor={cursor}&pageSize=2")
    };
    let page = match query.cursor.as_deref() {
        None => json!({
            "next": next("cD0y%2Bb%2F%3D"), "previous": null, "total": 5,
            "results": [message("MESSAGE_ROLE_AGENT", "Hello, Mario's."), message("MESSAGE_ROLE_USER", "A pizza please")]
        }),
        Some("cD0y+b/=") => json!({
            "next": next("page-3"), "previous": "https://api.ultravox.ai/api/calls/c-1/messages", "total": 5,
            "results": [
                {"role": "MESSAGE_ROLE_TOOL_CALL", "toolName": "placeOrder", "invocationId": "i-1",
                 "text": "{\"items\":[\"pizza\"]}", "callStageMessageIndex": 2},
                {"role": "MESSAGE_ROLE_TOOL_RESULT", "toolName": "placeOrder", "invocationId": "i-1",
                 "text": "ok", "errorDetails": null, "callStageMessageIndex": 3}
            ]
        }),
        Some("page-3") => json!({
            "next": null, "previous": next("cD0y%2Bb%2F%3D"), "total": 5,
            "results": [{"role": "MESSAGE_ROLE_AGENT", "text": "Done!", "medium": "MESSAGE_MEDIUM_TEXT",
                         "timespan": {"start": "12s", "end": "13.5s"}}]
        }),
        Some(other) => json!({"next": null, "results": [], "unexpectedCursor": other}),
    };
    Json(page)
}

#[tokio::test]
async fn list_messages_follows_next_across_three_pages() {
    // Arrange
    let api = Router::new().route("/calls/{call_id}/messages", get(three_pages));
    let fake = FakeUltravox::spawn(api).await;
    // Act
    let messages = fake
        .client(0)
        .list_messages("c-1")
        .await
        .expect("transcript");
    // Assert
    let texts: Vec<&str> = messages.iter().filter_map(|m| m.text.as_deref()).collect();
    assert_eq!(
        texts,
        [
            "Hello, Mario's.",
            "A pizza please",
            "{\"items\":[\"pizza\"]}",
            "ok",
            "Done!"
        ]
    );
    assert_eq!(messages[2].role, MessageRole::ToolCall);
    assert_eq!(messages[3].invocation_id.as_deref(), Some("i-1"));
    assert_eq!(messages[4].medium, Some(MessageMedium::Text));
    let seen = fake.seen();
    let queries: Vec<Option<&str>> = seen.iter().map(|s| s.query.as_deref()).collect();
    assert_eq!(
        queries,
        [None, Some("cursor=cD0y%2Bb%2F%3D"), Some("cursor=page-3")]
    );
    assert!(seen.iter().all(|s| s.path == "/api/calls/c-1/messages"));
    assert!(seen.iter().all(|s| s.api_key.as_deref() == Some(API_KEY)));
}

#[tokio::test]
async fn one_page_carries_cursor_and_page_size() {
    let api = Router::new().route("/calls/{call_id}/messages", get(three_pages));
    let fake = FakeUltravox::spawn(api).await;
    let page = fake
        .client(0)
        .list_messages_page("c-1", Some("page-3"), Some(50))
        .await
        .expect("page");
    assert_eq!(page.next, None);
    assert_eq!(page.total, Some(5));
    assert_eq!(page.results.len(), 1);
    assert_eq!(
        fake.seen()[0].query.as_deref(),
        Some("cursor=page-3&pageSize=50")
    );
}

#[tokio::test]
async fn a_list_that_never_ends_stops_after_100_pages() {
    let pages = Arc::new(AtomicU32::new(0));
    let api = Router::new().route(
        "/calls/{call_id}/messages",
        get({
            let pages = pages.clone();
            move || async move {
                let n = pages.fetch_add(1, Ordering::SeqCst);
                Json(json!({"next": format!("/api/calls/c-1/messages?cursor=p{n}"), "results": []}))
            }
        }),
    );
    let fake = FakeUltravox::spawn(api).await;
    let error = fake
        .client(0)
        .list_messages("c-1")
        .await
        .expect_err("endless");
    assert!(
        matches!(error, UltravoxError::TooManyPages { pages: 100, .. }),
        "{error:?}"
    );
    assert_eq!(pages.load(Ordering::SeqCst), 100);
}
