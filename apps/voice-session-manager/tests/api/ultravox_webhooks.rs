//! `POST /webhooks/ultravox`: signature verification exactly as Ultravox
//! signs (valid, altered body, altered timestamp, stale, two secrets during
//! rotation), duplicates and out-of-order deliveries that change nothing
//! twice, and unknown events.

use std::time::Duration;

use serde_json::{Value, json};
use voice_session_manager::config::{Secret, VoiceProviderKind};
use voice_types::{LiveEvent, SessionStatus};
use voice_ultravox::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, sign_all};

use crate::helpers::*;

const OLD: &str = "old-webhook-secret-0123456789";
const NEW: &str = "new-webhook-secret-9876543210";

async fn app() -> TestApp {
    spawn_app(|c| {
        // The local provider's own webhooks are signed with these too.
        c.voice.voice_provider = Some(VoiceProviderKind::Local);
        c.voice.local_voice_turn_delay = Duration::ZERO;
        c.voice.ultravox_webhook_secrets = vec![Secret::new(OLD.into()), Secret::new(NEW.into())];
    })
    .await
}

fn body(event: &str, call_id: &str, session_id: &str, end_reason: Option<&str>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "event": event,
        "call": {"callId": call_id, "created": "2026-11-22T10:00:00Z", "joined": null,
            "ended": null, "endReason": end_reason, "metadata": {"sessionId": session_id},
            "someFieldFromTheFuture": {"x": 1}}
    }))
    .unwrap()
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

async fn deliver(app: &TestApp, body: &[u8], timestamp: &str, signature: &str) -> (u16, Value) {
    let res = app
        .http
        .post(app.url("/webhooks/ultravox"))
        .header("content-type", "application/json")
        .header(TIMESTAMP_HEADER, timestamp)
        .header(SIGNATURE_HEADER, signature)
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A ready session with its call; returns (session id, token, call id).
async fn session_with_call(app: &TestApp) -> (String, String, String) {
    let s = app.create("restaurant").await;
    let id = s.session_id.0.clone();
    let call_id = eventually_some(5, "the call is attached", || {
        let view = app.view(&id);
        async move { view.await.call_id }
    })
    .await;
    (id, s.session_token, call_id)
}

#[tokio::test]
async fn signatures_are_checked_as_ultravox_makes_them() {
    let app = app().await;
    let (id, _, call_id) = session_with_call(&app).await;
    let joined = body("call.joined", &call_id, &id, None);
    let ts = now();

    // Altered body: signed bytes differ.
    let signature = sign(NEW, &joined, &ts);
    let mut altered = joined.clone();
    let at = altered.len() - 2;
    altered[at] = b' ';
    let (status, err) = deliver(&app, &altered, &ts, &signature).await;
    assert_eq!(status, 401, "{err}");
    assert_eq!(err["error"]["code"], "bad_signature");

    // Altered timestamp: the timestamp is part of what is signed.
    let other_ts = (jiff::Timestamp::now() + Duration::from_secs(1)).to_string();
    let (status, _) = deliver(&app, &joined, &other_ts, &signature).await;
    assert_eq!(status, 401);

    // Stale: correctly signed, two minutes old.
    let stale = (jiff::Timestamp::now() - Duration::from_secs(120)).to_string();
    let (status, err) = deliver(&app, &joined, &stale, &sign(NEW, &joined, &stale)).await;
    assert_eq!(status, 401);
    assert!(
        err["error"]["message"].as_str().unwrap().contains("stale"),
        "{err}"
    );

    // Missing headers.
    let res = app
        .http
        .post(app.url("/webhooks/ultravox"))
        .body(joined.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(
        app.view(&id).await.status,
        SessionStatus::Ready,
        "nothing changed"
    );

    // Rotation: a header carrying an unknown signature and the old secret's one.
    let header = format!(
        "{}, {}",
        sign("not-our-secret-at-all", &joined, &ts),
        sign(OLD, &joined, &ts)
    );
    let (status, ok) = deliver(&app, &joined, &ts, &header).await;
    assert_eq!(
        (status, ok["status"].as_str()),
        (200, Some("applied")),
        "{ok}"
    );
    assert_eq!(app.view(&id).await.status, SessionStatus::Active);
}

#[tokio::test]
async fn duplicates_and_out_of_order_deliveries_change_nothing_twice() {
    let app = app().await;
    let (id, token, call_id) = session_with_call(&app).await;
    let mut ws = app.ws_session(&id, &token, None).await;
    let ended = body("call.ended", &call_id, &id, Some("hangup"));
    let ts = now();
    let both = sign_all(&[OLD, NEW], &ended, &ts);

    // call.ended arrives before call.joined.
    let (status, first) = deliver(&app, &ended, &ts, &both).await;
    assert_eq!(
        (status, first["status"].as_str()),
        (200, Some("applied")),
        "{first}"
    );
    let frame = wait_for(&mut ws, |e| matches!(e, LiveEvent::SessionEnded { .. })).await;
    assert!(matches!(
        frame.event,
        LiveEvent::SessionEnded {
            status: SessionStatus::Ended,
            ..
        }
    ));

    // The same delivery again (a retry, or a replay): acknowledged, nothing changes.
    let (status, again) = deliver(&app, &ended, &ts, &both).await;
    assert_eq!((status, again["status"].as_str()), (200, Some("duplicate")));
    let later = now();
    let (status, again) = deliver(&app, &ended, &later, &sign(NEW, &ended, &later)).await;
    assert_eq!((status, again["status"].as_str()), (200, Some("duplicate")));

    // The late call.joined is stale: the session stays ended.
    let joined = body("call.joined", &call_id, &id, None);
    let (status, late) = deliver(&app, &joined, &ts, &sign(NEW, &joined, &ts)).await;
    assert_eq!(
        (status, late["status"].as_str()),
        (200, Some("stale")),
        "{late}"
    );
    let view = app.view(&id).await;
    assert_eq!(view.status, SessionStatus::Ended);
    assert_eq!(view.end_reason.as_deref(), Some("the caller hung up"));

    // Exactly one session_ended reached the customer.
    let mut count = 1;
    while let Ok(frame) =
        tokio::time::timeout(Duration::from_millis(300), next_frame(&mut ws)).await
    {
        if matches!(frame.event, LiveEvent::SessionEnded { .. }) {
            count += 1;
        }
    }
    assert_eq!(count, 1);
}

#[tokio::test]
async fn unknown_events_and_strangers_calls_are_acknowledged_and_ignored() {
    let app = app().await;
    let unknown =
        serde_json::to_vec(&json!({"event": "call.teleported", "call": {"callId": "c-1"}}))
            .unwrap();
    let ts = now();
    let (status, res) = deliver(&app, &unknown, &ts, &sign(NEW, &unknown, &ts)).await;
    assert_eq!((status, res["status"].as_str()), (200, Some("ignored")));

    let stranger =
        serde_json::to_vec(&json!({"event": "call.joined", "call": {"callId": "not-ours"}}))
            .unwrap();
    let (status, res) = deliver(&app, &stranger, &ts, &sign(NEW, &stranger, &ts)).await;
    assert_eq!((status, res["status"].as_str()), (200, Some("ignored")));

    let garbage = b"{not json".to_vec();
    let (status, _) = deliver(&app, &garbage, &ts, &sign(NEW, &garbage, &ts)).await;
    assert_eq!(status, 400);
}
