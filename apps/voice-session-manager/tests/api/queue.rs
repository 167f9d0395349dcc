//! The caller queue: order, positions, promotion, abandonment and leases.

use std::time::Duration;

use voice_types::{LiveEvent, SessionStatus};

use crate::helpers::{close, eventually, spawn_app, wait_for};

#[tokio::test]
async fn callers_over_capacity_queue_in_order_and_are_promoted_at_once() {
    let app = spawn_app(|c| c.max_concurrent_calls = 2).await;
    let a = app.create("restaurant").await;
    let b = app.create("restaurant").await;
    assert_eq!(
        (a.status, b.status),
        (SessionStatus::Ready, SessionStatus::Ready)
    );
    let c = app.create("support").await;
    let d = app.create("appointment").await;
    assert_eq!(c.status, SessionStatus::Queued);
    assert_eq!(c.queue.map(|q| q.position), Some(1));
    assert_eq!(d.queue.map(|q| q.position), Some(2));
    let wait_c = c.queue.unwrap().estimated_wait_seconds;
    let wait_d = d.queue.unwrap().estimated_wait_seconds;
    assert!(
        wait_d > wait_c,
        "the second in line waits longer ({wait_c} vs {wait_d})"
    );
    assert_eq!(
        app.view(d.session_id.as_str())
            .await
            .queue
            .map(|q| q.position),
        Some(2)
    );

    let mut ws_c = app
        .ws_session(c.session_id.as_str(), &c.session_token, None)
        .await;
    let mut ws_d = app
        .ws_session(d.session_id.as_str(), &d.session_token, None)
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    assert_eq!(
        app.end(a.session_id.as_str(), &a.session_token)
            .await
            .status(),
        200
    );
    let ready = wait_for(&mut ws_c, |e| matches!(e, LiveEvent::CallReady { .. })).await;
    assert!(
        matches!(ready.event, LiveEvent::CallReady { ref session_id, .. } if *session_id == c.session_id)
    );
    assert_eq!(
        app.view(c.session_id.as_str()).await.status,
        SessionStatus::Ready
    );
    let moved = wait_for(&mut ws_d, |e| matches!(e, LiveEvent::QueuePosition { .. })).await;
    assert!(matches!(
        moved.event,
        LiveEvent::QueuePosition { position: 1, .. }
    ));
    close(ws_c).await;
    close(ws_d).await;
}

#[tokio::test]
async fn a_queued_caller_who_gives_up_leaves_and_the_rest_move_up() {
    let app = spawn_app(|c| c.max_concurrent_calls = 1).await;
    let _a = app.create("restaurant").await;
    let b = app.create("restaurant").await;
    let c = app.create("restaurant").await;
    let mut ws_c = app
        .ws_session(c.session_id.as_str(), &c.session_token, None)
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let res = app.end(b.session_id.as_str(), &b.session_token).await;
    assert_eq!(res.status(), 200);
    let moved = wait_for(&mut ws_c, |e| matches!(e, LiveEvent::QueuePosition { .. })).await;
    assert!(matches!(
        moved.event,
        LiveEvent::QueuePosition { position: 1, .. }
    ));
    let view = app.view(b.session_id.as_str()).await;
    assert_eq!(view.status, SessionStatus::Ended);
    assert_eq!(
        app.view(c.session_id.as_str())
            .await
            .queue
            .map(|q| q.position),
        Some(1)
    );
    close(ws_c).await;
}

#[tokio::test]
async fn a_queued_caller_without_a_connection_leaves_after_the_grace_period() {
    let app = spawn_app(|c| {
        c.max_concurrent_calls = 1;
        c.queue_disconnect_grace = Duration::from_millis(500);
    })
    .await;
    let _a = app.create("restaurant").await;
    let gone = app.create("restaurant").await;
    let stays = app.create("restaurant").await;
    // `stays` keeps its WebSocket open; `gone` never connects.
    let ws = app
        .ws_session(stays.session_id.as_str(), &stays.session_token, None)
        .await;
    let id = gone.session_id.as_str().to_owned();
    eventually(5, "the unconnected caller leaves the queue", || async {
        app.view(&id).await.status == SessionStatus::Ended
    })
    .await;
    let view = app.view(&id).await;
    assert!(view.end_reason.unwrap().contains("disconnected"));
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let kept = app.view(stays.session_id.as_str()).await;
    assert_eq!(
        kept.status,
        SessionStatus::Queued,
        "a connected caller keeps its place"
    );
    assert_eq!(kept.queue.map(|q| q.position), Some(1));
    close(ws).await;
}

#[tokio::test]
async fn a_caller_who_waits_too_long_gives_up() {
    let app = spawn_app(|c| {
        c.max_concurrent_calls = 1;
        c.queue_max_wait = Duration::from_millis(800);
    })
    .await;
    let _a = app.create("support").await;
    let b = app.create("support").await;
    let ws = app
        .ws_session(b.session_id.as_str(), &b.session_token, None)
        .await;
    let id = b.session_id.as_str().to_owned();
    eventually(5, "the caller times out of the queue", || async {
        app.view(&id).await.status == SessionStatus::Ended
    })
    .await;
    assert!(
        app.view(&id)
            .await
            .end_reason
            .unwrap()
            .contains("maximum wait")
    );
    close(ws).await;
}
