//! Redis mode: two instances sharing one real redis-server behave as one.

use std::{sync::Arc, time::Duration};

use testkit::RedisServer;
use voice_types::{LiveEvent, SessionStatus};

use crate::helpers::{close, eventually, next_frame, spawn_with, wait_for};

#[tokio::test]
async fn capacity_is_global_and_events_cross_instances() {
    let redis = Arc::new(RedisServer::start());
    let a = spawn_with(Some(redis.clone()), |c| c.max_concurrent_calls = 1).await;
    let b = spawn_with(Some(redis.clone()), |c| c.max_concurrent_calls = 1).await;
    let mut staff_on_b = b.ws_staff(None).await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    let first = a.create("restaurant").await;
    assert_eq!(first.status, SessionStatus::Ready);
    let second = b.create("restaurant").await;
    assert_eq!(
        second.status,
        SessionStatus::Queued,
        "one limit across instances"
    );
    assert_eq!(second.queue.map(|q| q.position), Some(1));

    // An event produced on A reaches a staff socket on B.
    let created = wait_for(&mut staff_on_b, |e| {
        matches!(e, LiveEvent::SessionCreated { .. })
    })
    .await;
    assert!(
        matches!(created.event, LiveEvent::SessionCreated { ref session } if session.session_id == first.session_id)
    );

    // A session created on A is readable on B.
    assert_eq!(
        b.view(first.session_id.as_str()).await.status,
        SessionStatus::Ready
    );

    // Ending on A promotes the caller queued on B, who hears it on B.
    let mut customer_on_b = b
        .ws_session(second.session_id.as_str(), &second.session_token, None)
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    a.end(first.session_id.as_str(), &first.session_token).await;
    wait_for(&mut customer_on_b, |e| {
        matches!(e, LiveEvent::CallReady { .. })
    })
    .await;
    assert_eq!(
        a.view(second.session_id.as_str()).await.status,
        SessionStatus::Ready
    );
    close(customer_on_b).await;
    close(staff_on_b).await;
}

#[tokio::test]
async fn resume_with_since_works_across_instances() {
    let redis = Arc::new(RedisServer::start());
    let a = spawn_with(Some(redis.clone()), |_| {}).await;
    let b = spawn_with(Some(redis.clone()), |_| {}).await;
    let s = a.create("support").await;
    let id = s.session_id.as_str();
    let mut on_a = a.ws_session(id, &s.session_token, None).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    a.transition(id, "active").await;
    let first = next_frame(&mut on_a).await;
    close(on_a).await;
    b.end(id, &s.session_token).await;
    // Reconnect to the other instance with since.
    let mut on_b = b.ws_session(id, &s.session_token, Some(first.seq)).await;
    let next = next_frame(&mut on_b).await;
    assert_eq!(next.seq, first.seq + 1);
    assert!(matches!(
        next.event,
        LiveEvent::SessionStatus {
            status: SessionStatus::Ended,
            ..
        }
    ));
    close(on_b).await;
}

#[tokio::test]
async fn a_crashed_instances_slots_come_back() {
    let redis = Arc::new(RedisServer::start());
    let lease = |c: &mut voice_session_manager::config::Config| {
        c.max_concurrent_calls = 1;
        c.capacity_lease = Duration::from_millis(1500);
    };
    let crashing = spawn_with(Some(redis.clone()), lease).await;
    let survivor = spawn_with(Some(redis.clone()), lease).await;
    let held = crashing.create("restaurant").await;
    assert_eq!(held.status, SessionStatus::Ready);
    let waiting = survivor.create("restaurant").await;
    assert_eq!(waiting.status, SessionStatus::Queued);
    let ws = survivor
        .ws_session(waiting.session_id.as_str(), &waiting.session_token, None)
        .await;
    // The instance holding the slot stops renewing its lease.
    crashing.shutdown.cancel();
    let id = waiting.session_id.as_str().to_owned();
    eventually(10, "the queued caller gets the expired slot", || async {
        survivor.view(&id).await.status == SessionStatus::Ready
    })
    .await;
    let lost = survivor.view(held.session_id.as_str()).await;
    assert_eq!(lost.status, SessionStatus::Failed);
    assert!(lost.end_reason.unwrap().contains("lease expired"));
    close(ws).await;
}

#[tokio::test]
async fn memory_and_redis_modes_agree_on_the_queue() {
    let redis = Arc::new(RedisServer::start());
    for app in [
        spawn_with(None, |c| c.max_concurrent_calls = 1).await,
        spawn_with(Some(redis.clone()), |c| c.max_concurrent_calls = 1).await,
    ] {
        let a = app.create("support").await;
        let b = app.create("support").await;
        let c = app.create("support").await;
        assert_eq!(a.status, SessionStatus::Ready);
        assert_eq!(b.queue.map(|q| q.position), Some(1));
        assert_eq!(c.queue.map(|q| q.position), Some(2));
        let mut ws_c = app
            .ws_session(c.session_id.as_str(), &c.session_token, Some(0))
            .await;
        let first = next_frame(&mut ws_c).await;
        assert!(matches!(
            first.event,
            LiveEvent::QueuePosition { position: 2, .. }
        ));
        app.end(a.session_id.as_str(), &a.session_token).await;
        let moved = wait_for(&mut ws_c, |e| matches!(e, LiveEvent::QueuePosition { .. })).await;
        assert!(matches!(
            moved.event,
            LiveEvent::QueuePosition { position: 1, .. }
        ));
        assert_eq!(
            app.view(b.session_id.as_str()).await.status,
            SessionStatus::Ready
        );
        close(ws_c).await;
    }
}
