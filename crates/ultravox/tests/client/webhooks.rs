//! Webhook registration: create (POST), update (PATCH) and the paginated list.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use voice_ultravox::{CreateWebhookRequest, WebhookEvent};

use crate::helpers::FakeUltravox;

fn webhook(id: &str, url: &str) -> Value {
    json!({
        "webhookId": id, "url": url, "events": ["call.ended"], "secrets": ["generated-secret"],
        "status": "normal", "agentId": null, "created": "2026-11-22T10:00:00Z",
        "lastStatusChange": null, "recentFailures": []
    })
}

#[derive(Deserialize)]
struct PageQuery {
    cursor: Option<String>,
}

fn api() -> Router {
    Router::new()
        .route(
            "/webhooks",
            get(|Query(query): Query<PageQuery>| async move {
                match query.cursor.as_deref() {
                    None => Json(json!({
                        "next": "https://api.ultravox.ai/api/webhooks?cursor=two",
                        "previous": null, "total": 2,
                        "results": [webhook("w-1", "https://a.example.org/hook")]
                    })),
                    Some(_) => Json(json!({
                        "next": null, "previous": null, "total": 2,
                        "results": [webhook("w-2", "https://b.example.org/hook")]
                    })),
                }
            })
            .post(|Json(body): Json<Value>| async move {
                let url = body["url"].as_str().unwrap_or_default().to_owned();
                (StatusCode::CREATED, Json(webhook("w-new", &url)))
            }),
        )
        .route(
            "/webhooks/{webhook_id}",
            patch(
                |Path(id): Path<String>, Json(body): Json<Value>| async move {
                    let url = body["url"].as_str().unwrap_or_default().to_owned();
                    Json(webhook(&id, &url))
                },
            ),
        )
}

fn request(secrets: Vec<String>) -> CreateWebhookRequest {
    CreateWebhookRequest {
        url: "https://voice.example.org/webhooks/ultravox".into(),
        events: WebhookEvent::ALL
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect(),
        secrets,
        agent_id: None,
    }
}

#[tokio::test]
async fn create_webhook_posts_the_registration() {
    let fake = FakeUltravox::spawn(api()).await;
    let created = fake
        .client(0)
        .create_webhook(&request(vec![]))
        .await
        .expect("created");
    assert_eq!(created.webhook_id, "w-new");
    assert_eq!(created.secrets, ["generated-secret"]);
    let seen = fake.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/api/webhooks")
    );
    assert_eq!(
        seen[0].body,
        Some(json!({
            "url": "https://voice.example.org/webhooks/ultravox",
            "events": ["call.started", "call.joined", "call.ended", "call.billed"]
        }))
    );
}

#[tokio::test]
async fn update_webhook_patches_by_id() {
    let fake = FakeUltravox::spawn(api()).await;
    let rotated = request(vec!["old-secret".into(), "new-secret".into()]);
    let updated = fake
        .client(0)
        .update_webhook("w-1", &rotated)
        .await
        .expect("updated");
    assert_eq!(updated.webhook_id, "w-1");
    let seen = fake.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("PATCH", "/api/webhooks/w-1")
    );
    assert_eq!(
        seen[0].body.as_ref().map(|b| b["secrets"].clone()),
        Some(json!(["old-secret", "new-secret"]))
    );
}

#[tokio::test]
async fn list_webhooks_follows_pagination() {
    let fake = FakeUltravox::spawn(api()).await;
    let webhooks = fake.client(0).list_webhooks().await.expect("listed");
    let ids: Vec<&str> = webhooks.iter().map(|w| w.webhook_id.as_str()).collect();
    assert_eq!(ids, ["w-1", "w-2"]);
    let queries: Vec<Option<String>> = fake.seen().into_iter().map(|s| s.query).collect();
    assert_eq!(queries, [None, Some("cursor=two".to_owned())]);
}
