//! `POST /webhooks/erpnext`: signature, timestamp window, duplicates, and
//! a staff change in ERPNext reaching the caller's page and the boards.

use std::time::Duration;

use serde_json::{Value, json};
use voice_erpnext_standin::{API_KEY, API_SECRET, StandIn};
use voice_session_manager::{
    config::{Config, Secret},
    routes::webhooks::sign,
};
use voice_types::LiveEvent;

use crate::helpers::{STAFF, TestApp, close, eventually, spawn_app, wait_for};

const SECRET: &str = "webhook-secret-0123456789";

fn configure(c: &mut Config, standin: Option<&StandIn>) {
    c.erpnext_webhook_secret = Some(Secret::new(SECRET.to_owned()));
    if let Some(s) = standin {
        c.erpnext_url = Some(s.url().clone());
        c.erpnext_api_key = API_KEY.to_owned();
        c.erpnext_api_secret = Some(Secret::new(API_SECRET.to_owned()));
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn deliver(
    app: &TestApp,
    body: &Value,
    timestamp: i64,
    signature: Option<String>,
) -> (u16, Value) {
    let raw = serde_json::to_vec(body).unwrap();
    let ts = timestamp.to_string();
    let sig = signature.unwrap_or_else(|| sign(SECRET.as_bytes(), &ts, &raw));
    let res = app
        .http
        .post(app.url("/webhooks/erpnext"))
        .header("content-type", "application/json")
        .header("x-voice-timestamp", ts)
        .header("x-voice-signature", sig)
        .body(raw)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_kitchen_change_in_erpnext_reaches_the_caller_and_the_board() {
    let standin = StandIn::start().await;
    let app = spawn_app(|c| configure(c, Some(&standin))).await;
    let s = app.create("restaurant").await;
    let id = s.session_id.as_str();
    let res = app.http.post(app.url("/api/business/orders")).bearer_auth(STAFF)
        .json(&json!({"session_id": id, "order_type": "Takeaway", "items": [{"item_name": "burger", "quantity": 2}]}))
        .send().await.unwrap();
    let local: Value = res.json().await.unwrap();
    eventually(10, "the order reaches ERPNext", || async {
        standin.orders().len() == 1
    })
    .await;
    let remote_id = standin.orders()[0].order_id.clone();
    // Give the forwarder a moment to store the remote id with the delivery.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let mut customer = app.ws_session(id, &s.session_token, None).await;
    let mut staff = app.ws_staff(None).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let notice = json!({"event": "order.status_changed", "id": "evt-1", "occurred_at": "2026-11-22T10:00:00",
        "data": {"order_id": remote_id, "status": "Preparing", "session_id": id}});
    let (status, body) = deliver(&app, &notice, now(), None).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("applied")),
        "{body}"
    );
    let seen = wait_for(&mut customer, |e| {
        matches!(e, LiveEvent::OrderUpdated { .. })
    })
    .await;
    assert!(
        matches!(seen.event, LiveEvent::OrderUpdated { ref order_id, ref status, .. }
        if order_id == local["order_id"].as_str().unwrap() && status == "Preparing")
    );
    wait_for(&mut staff, |e| matches!(e, LiveEvent::OrderUpdated { .. })).await;
    let board: Value = app
        .http
        .get(app.url("/api/business/orders"))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(board[0]["status"], "Preparing");

    // The same delivery again changes nothing and publishes nothing.
    let (status, body) = deliver(&app, &notice, now(), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("duplicate")));
    close(customer).await;
    close(staff).await;
}

#[tokio::test]
async fn forged_stale_and_unsigned_deliveries_are_refused() {
    let app = spawn_app(|c| configure(c, None)).await;
    let notice = json!({"event": "ticket.updated", "id": "evt-9", "data": {"ticket_id": "VST-1", "status": "Closed"}});
    let (status, _) = deliver(&app, &notice, now(), Some("00".repeat(32))).await;
    assert_eq!(status, 401, "wrong signature");
    let (status, body) = deliver(&app, &notice, now() - 301, None).await;
    assert_eq!(status, 401, "stale: {body}");
    let (status, _) = deliver(&app, &notice, now() + 301, None).await;
    assert_eq!(status, 401, "from the future");
    let res = app
        .http
        .post(app.url("/webhooks/erpnext"))
        .json(&notice)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "unsigned");
    // An altered body no longer matches its signature.
    let ts = now().to_string();
    let sig = sign(
        SECRET.as_bytes(),
        &ts,
        &serde_json::to_vec(&notice).unwrap(),
    );
    let res = app
        .http
        .post(app.url("/webhooks/erpnext"))
        .header("content-type", "application/json")
        .header("x-voice-timestamp", &ts)
        .header("x-voice-signature", sig)
        .body(
            serde_json::to_vec(
                &json!({"event": "ticket.updated", "id": "evt-9", "data": {"status": "Open"}}),
            )
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let (status, body) = deliver(&app, &notice, now(), None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("applied")));
    let (status, body) = deliver(
        &app,
        &json!({"event": "invoice.paid", "id": "evt-10", "data": {}}),
        now(),
        None,
    )
    .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("ignored")),
        "unknown events are acknowledged"
    );
}

#[tokio::test]
async fn the_route_is_off_without_a_secret() {
    let app = spawn_app(|_| {}).await;
    let res = app
        .http
        .post(app.url("/webhooks/erpnext"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
