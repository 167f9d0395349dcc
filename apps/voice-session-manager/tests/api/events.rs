//! Live events over WebSockets: what each stream carries, resume with
//! `since`, resync, and heartbeats.

use std::time::Duration;

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::{Message, protocol::frame::coding::CloseCode};
use voice_types::{LiveEvent, SessionStatus};

use crate::helpers::{close, next_frame, spawn_app, wait_for};

#[tokio::test]
async fn customer_and_staff_streams_see_a_session_through_its_life() {
    let app = spawn_app(|_| {}).await;
    let mut staff = app.ws_staff(None).await;
    let s = app.create("restaurant").await;
    let id = s.session_id.as_str();
    let created = wait_for(&mut staff, |e| {
        matches!(e, LiveEvent::SessionCreated { .. })
    })
    .await;
    assert!(
        matches!(created.event, LiveEvent::SessionCreated { ref session } if session.session_id == s.session_id)
    );

    let mut customer = app.ws_session(id, &s.session_token, None).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    app.transition(id, "active").await;
    app.end(id, &s.session_token).await;

    let f1 = next_frame(&mut customer).await;
    assert!(matches!(
        f1.event,
        LiveEvent::SessionStatus {
            status: SessionStatus::Active,
            previous: SessionStatus::Ready,
            ..
        }
    ));
    let f2 = next_frame(&mut customer).await;
    assert!(matches!(
        f2.event,
        LiveEvent::SessionStatus {
            status: SessionStatus::Ended,
            ..
        }
    ));
    let f3 = next_frame(&mut customer).await;
    assert!(matches!(
        f3.event,
        LiveEvent::SessionEnded {
            status: SessionStatus::Ended,
            ..
        }
    ));
    assert_eq!(
        (f1.seq + 1, f2.seq + 1),
        (f2.seq, f3.seq),
        "numbered without gaps"
    );

    let ended = wait_for(&mut staff, |e| matches!(e, LiveEvent::SessionEnded { .. })).await;
    assert!(ended.seq > created.seq);
    close(customer).await;
    close(staff).await;
}

#[tokio::test]
async fn a_reconnecting_client_gets_what_it_missed_with_since() {
    let app = spawn_app(|_| {}).await;
    let s = app.create("support").await;
    let id = s.session_id.as_str();
    let mut ws = app.ws_session(id, &s.session_token, None).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    app.transition(id, "active").await;
    let first = next_frame(&mut ws).await;
    close(ws).await;

    // Missed while disconnected.
    app.end(id, &s.session_token).await;

    let mut ws = app.ws_session(id, &s.session_token, Some(first.seq)).await;
    let a = next_frame(&mut ws).await;
    let b = next_frame(&mut ws).await;
    assert_eq!(a.seq, first.seq + 1);
    assert!(matches!(
        a.event,
        LiveEvent::SessionStatus {
            status: SessionStatus::Ended,
            ..
        }
    ));
    assert_eq!(b.seq, first.seq + 2);
    assert!(matches!(b.event, LiveEvent::SessionEnded { .. }));

    // since=0 replays the whole buffer.
    let mut all = app.ws_session(id, &s.session_token, Some(0)).await;
    assert_eq!(next_frame(&mut all).await.seq, 1);
    close(ws).await;
    close(all).await;
}

#[tokio::test]
async fn a_since_older_than_the_buffer_gets_a_resync() {
    let app = spawn_app(|c| c.replay_staff_events = 3).await;
    for _ in 0..6 {
        app.create("restaurant").await;
    }
    let mut ws = app.ws_staff(Some(1)).await;
    let frame = next_frame(&mut ws).await;
    assert_eq!(frame.seq, 0, "control frames are outside the numbering");
    match frame.event {
        LiveEvent::Resync { latest_seq, .. } => assert!(latest_seq >= 6),
        other => panic!("expected resync, got {other:?}"),
    }
    close(ws).await;
}

#[tokio::test]
async fn a_peer_that_stops_answering_pings_is_dropped_with_a_reason() {
    let app = spawn_app(|c| c.ws_heartbeat = Duration::from_millis(200)).await;
    let mut ws = app.ws_staff(None).await;
    // Not reading means not answering pings.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let mut close_code = None;
    while let Some(Ok(msg)) = ws.next().await {
        if let Message::Close(Some(frame)) = msg {
            close_code = Some((frame.code, frame.reason.to_string()));
            break;
        }
    }
    let (code, reason) = close_code.expect("a close frame");
    assert_eq!(code, CloseCode::Library(4009));
    assert!(reason.contains("ping"));
}

#[tokio::test]
async fn client_messages_are_read_up_to_the_limit_and_a_bigger_one_is_refused() {
    use futures_util::SinkExt;
    let app = spawn_app(|_| {}).await;
    let mut ws = app.ws_staff(None).await;
    // Bigger than the socket's first read buffer, within the limit: read
    // and ignored, and the stream goes on.
    ws.send(Message::Text("x".repeat(2000).into()))
        .await
        .expect("sent");
    app.create("restaurant").await;
    wait_for(&mut ws, |e| matches!(e, LiveEvent::SessionCreated { .. })).await;
    // Over the limit: closed with a reason.
    ws.send(Message::Text("x".repeat(5000).into()))
        .await
        .expect("sent");
    let mut close_code = None;
    while let Ok(Some(Ok(msg))) = tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
        if let Message::Close(Some(frame)) = msg {
            close_code = Some((frame.code, frame.reason.to_string()));
            break;
        }
    }
    let (code, reason) = close_code.expect("a close frame");
    assert_eq!(code, CloseCode::Policy);
    assert!(reason.contains("4096 bytes"), "{reason}");
}

#[tokio::test]
async fn websocket_refuses_bad_tokens_before_upgrading() {
    let app = spawn_app(|_| {}).await;
    let s = app.create("restaurant").await;
    let other = app.create("restaurant").await;
    let url = format!(
        "ws://{}/ws/sessions/{}?token={}",
        app.addr, s.session_id, other.session_token
    );
    let err = tokio_tungstenite::connect_async(url)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("403"), "{err}");
    let url = format!("ws://{}/ws/staff?token=wrong-token-wrong-token", app.addr);
    let err = tokio_tungstenite::connect_async(url)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("403"), "{err}");
    let url = format!("ws://{}/ws/staff", app.addr);
    let err = tokio_tungstenite::connect_async(url)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("401"), "{err}");
}

#[tokio::test]
async fn a_ui_update_reaches_the_customer_page_and_staff() {
    let app = spawn_app(|_| {}).await;
    let s = app.create("restaurant").await;
    let id = s.session_id.as_str();
    let mut customer = app.ws_session(id, &s.session_token, None).await;
    let mut staff = app.ws_staff(None).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let res = app
        .http
        .post(app.url(&format!("/api/sessions/{id}/ui")))
        .bearer_auth(crate::helpers::STAFF)
        .json(&serde_json::json!({"form": {"customer_name": "Kevin"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let frame = next_frame(&mut customer).await;
    match frame.event {
        LiveEvent::FormUpdate { form, .. } => assert_eq!(form["customer_name"], "Kevin"),
        other => panic!("expected form_update, got {other:?}"),
    }
    wait_for(&mut staff, |e| matches!(e, LiveEvent::FormUpdate { .. })).await;
    // A customer cannot push to its own page through this route.
    let res = app
        .http
        .post(app.url(&format!("/api/sessions/{id}/ui")))
        .bearer_auth(&s.session_token)
        .json(&serde_json::json!({"form": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    close(customer).await;
    close(staff).await;
}
