//! The session state machine over HTTP, and who may see what.

use serde_json::{Value, json};
use voice_types::SessionStatus;

use crate::helpers::{STAFF, spawn_app};

#[tokio::test]
async fn a_new_session_is_ready_with_a_token_and_a_websocket_url() {
    let app = spawn_app(|_| {}).await;
    let res = app
        .post_session_raw(
            &json!({"businessType": "restaurant", "customerName": "Ann Lee",
            "customerPhone": "07700 900123", "channel": "widget", "metadata": {"page": "/menu"}}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert!(body.get("queue").is_none());
    let id = body["sessionId"].as_str().unwrap();
    let token = body["sessionToken"].as_str().unwrap();
    assert!(token.len() >= 40, "a long random token");
    assert_eq!(
        body["websocketUrl"],
        format!("ws://{}/ws/sessions/{id}?token={token}", app.addr)
    );
    assert_eq!(body["session"]["channel"], "widget");
    assert_eq!(body["session"]["metadata"]["page"], "/menu");
    assert!(
        body["session"].get("sessionToken").is_none(),
        "the view never carries the token"
    );

    let res = app.get_session(id, token).await;
    assert_eq!(res.status(), 200);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["customerName"], "Ann Lee");
    assert_eq!(view["status"], "ready");
}

#[tokio::test]
async fn a_customer_token_opens_its_own_session_only() {
    let app = spawn_app(|_| {}).await;
    let a = app.create("restaurant").await;
    let b = app.create("support").await;
    assert_eq!(
        app.get_session(a.session_id.as_str(), &a.session_token)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get_session(a.session_id.as_str(), &b.session_token)
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get_session(a.session_id.as_str(), STAFF).await.status(),
        200
    );
    let res = app
        .http
        .get(app.url(&format!("/api/sessions/{}", a.session_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    // A customer token is no staff token.
    let res = app
        .http
        .get(app.url("/api/sessions"))
        .bearer_auth(&a.session_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_lifecycle_runs_ready_active_ended_and_refuses_other_moves() {
    let app = spawn_app(|_| {}).await;
    let s = app.create("appointment").await;
    let id = s.session_id.as_str();

    let res = app.transition(id, "queued").await;
    assert_eq!(res.status(), 409);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "illegal_transition");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("from ready to queued")
    );

    let res = app.transition(id, "active").await;
    assert_eq!(res.status(), 200);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["status"], "active");
    assert!(view["startedAtMs"].as_u64().is_some());

    assert_eq!(
        app.transition(id, "ready").await.status(),
        409,
        "active cannot go back"
    );
    let res = app.end(id, &s.session_token).await;
    assert_eq!(res.status(), 200);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["status"], "ended");
    assert_eq!(view["endReason"], "ended by the caller");

    let res = app.end(id, &s.session_token).await;
    assert_eq!(res.status(), 409, "ended is final");
    let res = app.transition(id, "failed").await;
    assert_eq!(res.status(), 409, "ended cannot fail afterwards");
}

#[tokio::test]
async fn failing_a_session_frees_its_slot() {
    let app = spawn_app(|c| c.max_concurrent_calls = 1).await;
    let first = app.create("support").await;
    assert_eq!(first.status, SessionStatus::Ready);
    let second = app.create("support").await;
    assert_eq!(second.status, SessionStatus::Queued);
    let res = app.transition(first.session_id.as_str(), "failed").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.view(second.session_id.as_str()).await.status,
        SessionStatus::Ready
    );
}

#[tokio::test]
async fn staff_list_filters_and_pages() {
    let app = spawn_app(|c| c.max_concurrent_calls = 2).await;
    for t in ["restaurant", "restaurant", "support", "appointment"] {
        app.create(t).await;
    }
    let body: Value = app.list("?status=queued").await.json().await.unwrap();
    assert_eq!(body["total"], 2);
    let body: Value = app
        .list("?businessType=restaurant")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["total"], 2);
    assert!(
        body["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["businessType"] == "restaurant")
    );
    let body: Value = app.list("?limit=3&offset=2").await.json().await.unwrap();
    assert_eq!(body["total"], 4);
    assert_eq!(body["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(body["limit"], 3);
    let all: Value = app.list("").await.json().await.unwrap();
    let created: Vec<u64> = all["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["createdAtMs"].as_u64().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
}
