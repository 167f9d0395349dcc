//! Redis Cluster mode (`redis-cluster://`): two instances on a real
//! three-node Redis Cluster behave as one, as on a single Redis: one
//! capacity, the queue, events crossing instances with `since` replay, the
//! staff list, and the shared business store. The keys of one script share
//! a hash tag; everything else may live on any node.

use std::{sync::Arc, time::Duration};

use serde_json::{Value, json};
use testkit::RedisCluster;
use voice_types::{LiveEvent, SessionStatus};

use crate::helpers::{TestApp, close, next_frame, spawn_with, wait_for};

async fn on_cluster(cluster: &Arc<RedisCluster>, max_calls: u32) -> TestApp {
    let url = cluster.url();
    spawn_with(None, move |c| {
        c.redis_url = Some(url);
        c.max_concurrent_calls = max_calls;
    })
    .await
}

#[tokio::test]
async fn two_instances_on_a_redis_cluster_behave_as_one() {
    let cluster = Arc::new(RedisCluster::start());
    let a = on_cluster(&cluster, 1).await;
    let b = on_cluster(&cluster, 1).await;
    let health = b.health().await;
    assert_eq!(health["store"], "redis", "{health}");
    let mut staff_on_b = b.ws_staff(None).await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    // One capacity across instances; the second caller waits.
    let first = a.create("restaurant").await;
    assert_eq!(first.status, SessionStatus::Ready);
    let second = b.create("support").await;
    assert_eq!(second.status, SessionStatus::Queued);
    assert_eq!(second.queue.map(|q| q.position), Some(1));

    // Events cross instances, and the staff list sees both sessions.
    let created = wait_for(&mut staff_on_b, |e| {
        matches!(e, LiveEvent::SessionCreated { session } if session.session_id == first.session_id)
    })
    .await;
    assert!(created.seq >= 1);
    let listed: Value = b.list("").await.json().await.unwrap();
    let ids: Vec<&str> = listed["sessions"]
        .as_array()
        .unwrap_or_else(|| panic!("{listed}"))
        .iter()
        .filter_map(|s| s["sessionId"].as_str())
        .collect();
    for id in [first.session_id.as_str(), second.session_id.as_str()] {
        assert!(ids.contains(&id), "{id} listed on B: {listed}");
    }

    // Ending on A promotes the caller queued on B, who hears it on B.
    let mut customer_on_b = b
        .ws_session(second.session_id.as_str(), &second.session_token, None)
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    a.end(first.session_id.as_str(), &first.session_token).await;
    let ready = wait_for(&mut customer_on_b, |e| {
        matches!(e, LiveEvent::CallReady { .. })
    })
    .await;
    close(customer_on_b).await;
    assert_eq!(
        a.view(second.session_id.as_str()).await.status,
        SessionStatus::Ready
    );

    // A reconnect on A with `since` replays what the stream holds after it.
    let mut resumed = a
        .ws_session(
            second.session_id.as_str(),
            &second.session_token,
            Some(ready.seq - 1),
        )
        .await;
    let again = next_frame(&mut resumed).await;
    assert_eq!(again.seq, ready.seq);
    assert!(matches!(again.event, LiveEvent::CallReady { .. }));
    close(resumed).await;
    close(staff_on_b).await;

    // One business store: an order placed on A is on B's board, and its
    // idempotency key replayed on B returns the same order.
    let order = json!({"idempotency_key": "cluster-1", "customer_name": "Kevin",
        "phone": "07700 900123", "order_type": "Takeaway",
        "items": [{"item_name": "pepperoni", "quantity": 2}]});
    let (status, placed) = a.post_staff("/api/business/orders", &order).await;
    assert_eq!(
        (status, &placed["status"]),
        (200, &json!("success")),
        "{placed}"
    );
    let (_, replayed) = b.post_staff("/api/business/orders", &order).await;
    assert_eq!(replayed["order_id"], placed["order_id"], "{replayed}");
    let board = b.get_ok("/api/business/orders").await;
    assert_eq!(board.as_array().map(Vec::len), Some(1), "{board}");

    // The data really is spread over the cluster's nodes.
    let keys = cluster.keys_per_node();
    assert!(
        keys.iter().filter(|&&n| n > 0).count() >= 2,
        "keys on several nodes: {keys:?}"
    );
}
