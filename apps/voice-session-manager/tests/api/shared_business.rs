//! Redis mode: two instances behind a load balancer share one business
//! store (the shared log) and one outbox towards ERPNext. Real
//! `redis-server`, real routers, the ERPNext stand-in.

use std::{sync::Arc, time::Duration};

use serde_json::{Value, json};
use testkit::RedisServer;
use voice_erpnext_standin::StandIn;
use voice_session_manager::business::prune::prune_once;

use crate::helpers::{eventually, next_open_day, point_at_erpnext, spawn_with};

fn order_body(key: &str) -> Value {
    json!({"idempotency_key": key, "customer_name": "Kevin", "phone": "07700 900123",
        "order_type": "Takeaway", "items": [{"item_name": "pepperoni", "quantity": 2}]})
}

#[tokio::test]
async fn two_instances_share_orders_idempotency_and_the_ticket_rota() {
    let redis = Arc::new(RedisServer::start());
    let a = spawn_with(Some(redis.clone()), |_| {}).await;
    let b = spawn_with(Some(redis.clone()), |_| {}).await;

    // An order placed on A is on B's kitchen board.
    let (status, placed) = a
        .post_staff("/api/business/orders", &order_body("call-1:placeOrder"))
        .await;
    assert_eq!(status, 200, "{placed}");
    assert_eq!(placed["status"], "success", "{placed}");
    let order_id = placed["order_id"].as_str().unwrap().to_owned();
    let board = b.get_ok("/api/business/orders").await;
    let ids: Vec<&str> = board
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["order_id"].as_str())
        .collect();
    assert_eq!(ids, [order_id.as_str()], "B sees A's order: {board}");

    // The voice model retries through the other instance: the first answer, nothing new.
    let (_, replay) = b
        .post_staff("/api/business/orders", &order_body("call-1:placeOrder"))
        .await;
    assert_eq!(replay["order_id"], placed["order_id"], "{replay}");
    assert_eq!(
        a.get_ok("/api/business/orders")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // The kitchen moves it on B; A reads the new status at once.
    let (status, moved) = b
        .post_staff(
            &format!("/api/business/orders/{order_id}/status"),
            &json!({"status": "Preparing"}),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    let on_a = a.get_ok("/api/business/orders").await;
    assert_eq!(on_a[0]["status"], "Preparing", "{on_a}");

    // Escalated tickets take turns across instances (one shared rota).
    let ticket = |key: &str| {
        json!({"idempotency_key": key, "issue_description": "The card machine is down",
            "priority": "High", "category": "Technical"})
    };
    let (_, t1) = a.post_staff("/api/business/tickets", &ticket("t-1")).await;
    let (_, t2) = b.post_staff("/api/business/tickets", &ticket("t-2")).await;
    assert_eq!(t1["status"], "success", "{t1}");
    assert_eq!(t2["status"], "success", "{t2}");
    assert_ne!(t1["assigned_to"], t2["assigned_to"], "{t1} {t2}");
    assert_eq!(
        b.get_ok("/api/business/tickets")
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn the_last_slot_goes_to_exactly_one_caller_across_instances() {
    let redis = Arc::new(RedisServer::start());
    let a = Arc::new(spawn_with(Some(redis.clone()), |_| {}).await);
    let b = Arc::new(spawn_with(Some(redis.clone()), |_| {}).await);
    let date = next_open_day(4);
    let mut tasks = Vec::new();
    for i in 0..8 {
        // Repair has capacity 1: one slot, eight callers, two instances.
        let app = if i % 2 == 0 { a.clone() } else { b.clone() };
        let date = date.clone();
        tasks.push(tokio::spawn(async move {
            let body = json!({"idempotency_key": format!("race-{i}"), "service_type": "Repair",
                "appointment_date": date, "appointment_time": "14:00",
                "customer_name": format!("Caller {i}")});
            app.post_staff("/api/business/appointments", &body).await
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 200, "{body}");
        outcomes.push(body["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        outcomes.iter().filter(|s| *s == "success").count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().filter(|s| *s == "partial").count(),
        7,
        "the others are offered alternatives: {outcomes:?}"
    );
    for app in [&a, &b] {
        let diary = app
            .get_ok(&format!("/api/business/appointments?from={date}&to={date}"))
            .await;
        assert_eq!(diary.as_array().unwrap().len(), 1, "{diary}");
    }
}

#[tokio::test]
async fn the_shared_outbox_outlives_an_instance_and_delivers_each_order_once() {
    let redis = Arc::new(RedisServer::start());
    let standin = StandIn::start().await;
    standin.set_down(true);
    let a = spawn_with(Some(redis.clone()), |c| point_at_erpnext(c, &standin)).await;
    // A's forwarder takes the free delivery lease on its first tick (250 ms),
    // so it is A's lease that B must wait out when A goes away.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let b = spawn_with(Some(redis.clone()), |c| point_at_erpnext(c, &standin)).await;

    // ERPNext is down: callers on both instances are answered at once. Ten
    // call through A only; ten through B, each repeating through A.
    for n in 0..10 {
        let (status, body) = a
            .post_staff("/api/business/orders", &order_body(&format!("a-{n}")))
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "success", "{body}");
        let key = format!("b-{n}");
        let (status, body) = b
            .post_staff("/api/business/orders", &order_body(&key))
            .await;
        assert_eq!(status, 200, "{body}");
        let (_, again) = a
            .post_staff("/api/business/orders", &order_body(&key))
            .await;
        assert_eq!(
            again["order_id"], body["order_id"],
            "the retry is answered with the first order"
        );
    }
    let health = b.health().await;
    assert_eq!(health["outbox"]["pending"], 20, "{health}");

    // Instance A goes away; ERPNext comes back; B delivers everything.
    a.shutdown.cancel();
    drop(a);
    standin.set_down(false);
    eventually(30, "every order reaches ERPNext", || async {
        standin.orders().len() == 20
    })
    .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(standin.orders().len(), 20, "exactly once each");
    for n in 1..=20 {
        assert_eq!(
            standin.created_count(&format!("vsm:ORD-{n:05}:placed")),
            1,
            "ORD-{n:05}"
        );
    }
    eventually(10, "the shared outbox drains", || async {
        let health = b.health().await;
        health["outbox"]["pending"] == 0
    })
    .await;
}

/// `XLEN` of the shared log, read with redis-cli's protocol (`:N`).
fn log_len(redis: &RedisServer) -> u64 {
    redis.integer("XLEN vsm:{biz}:log")
}

fn order_ids(board: &Value) -> Vec<String> {
    let mut ids: Vec<String> = board
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["order_id"].as_str().map(str::to_owned))
        .collect();
    ids.sort();
    ids
}

fn compacting(c: &mut voice_session_manager::config::Config) {
    c.shared_log_compact_interval = Duration::from_millis(300);
    c.shared_log_retain = Duration::ZERO;
}

#[tokio::test]
async fn compaction_trims_the_log_and_a_new_replica_starts_from_the_snapshot() {
    let redis = Arc::new(RedisServer::start());
    // A and B never compact (B: its first turn is minutes away) until K, a
    // compacting instance, starts after the writes.
    let a = spawn_with(Some(redis.clone()), |c| {
        c.shared_log_compact_interval = Duration::ZERO;
    })
    .await;
    let b = spawn_with(Some(redis.clone()), |_| {}).await;
    let ticket = |key: &str| {
        json!({"idempotency_key": key, "issue_description": "The card machine is down",
            "priority": "High", "category": "Technical"})
    };
    let (_, t1) = a.post_staff("/api/business/tickets", &ticket("t-1")).await;
    assert_eq!(t1["status"], "success", "{t1}");
    for n in 0..30 {
        let app = if n % 2 == 0 { &a } else { &b };
        let (status, body) = app
            .post_staff("/api/business/orders", &order_body(&format!("c-{n}")))
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "success", "{body}");
    }
    assert_eq!(log_len(&redis), 31, "every write is a log entry");
    let _k = spawn_with(Some(redis.clone()), compacting).await;
    eventually(15, "the log is compacted", || async {
        log_len(&redis) <= 1
    })
    .await;
    assert!(
        redis.command("HGET vsm:{biz}:snapshot at").contains('-'),
        "a snapshot was stored"
    );
    let expected = order_ids(&a.get_ok("/api/business/orders?limit=100").await);
    assert_eq!(expected.len(), 30);

    // B, a replica at the tip when the log was cut, reads on.
    assert_eq!(
        order_ids(&b.get_ok("/api/business/orders?limit=100").await),
        expected
    );

    // C is new (empty store): it loads the snapshot, then the log after it.
    let c = spawn_with(Some(redis.clone()), |_| {}).await;
    assert_eq!(
        order_ids(&c.get_ok("/api/business/orders?limit=100").await),
        expected,
        "the new replica has every order"
    );
    // An idempotency key from before the cut is still known everywhere.
    let (_, first) = a
        .post_staff("/api/business/orders", &order_body("c-0"))
        .await;
    let (_, replay) = c
        .post_staff("/api/business/orders", &order_body("c-0"))
        .await;
    assert_eq!(replay["order_id"], first["order_id"], "{replay}");
    // The ticket rota (a replicated counter) carries on across the cut.
    let (_, t2) = c.post_staff("/api/business/tickets", &ticket("t-2")).await;
    assert_eq!(t2["status"], "success", "{t2}");
    assert_ne!(t1["assigned_to"], t2["assigned_to"], "{t1} {t2}");
    // New writes on the new replica reach the others.
    let (_, placed) = c
        .post_staff("/api/business/orders", &order_body("after-cut"))
        .await;
    assert_eq!(placed["status"], "success", "{placed}");
    for app in [&a, &b, &c] {
        assert_eq!(
            order_ids(&app.get_ok("/api/business/orders?limit=100").await).len(),
            31
        );
    }
}

#[tokio::test]
async fn compaction_keeps_every_entry_erpnext_has_not_received() {
    let redis = Arc::new(RedisServer::start());
    let standin = StandIn::start().await;
    standin.set_down(true);
    let a = spawn_with(Some(redis.clone()), |c| {
        compacting(c);
        point_at_erpnext(c, &standin);
    })
    .await;
    for n in 0..5 {
        let (_, body) = a
            .post_staff("/api/business/orders", &order_body(&format!("k-{n}")))
            .await;
        assert_eq!(body["status"], "success", "{body}");
    }
    // Compactions run (a snapshot is stored) but cut nothing that is not
    // delivered: all five entries stay while ERPNext is down.
    eventually(10, "a compaction ran", || async {
        redis.command("HGET vsm:{biz}:snapshot at").contains('-')
    })
    .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(log_len(&redis), 5, "undelivered entries are kept");

    standin.set_down(false);
    eventually(30, "every order reaches ERPNext", || async {
        standin.orders().len() == 5
    })
    .await;
    eventually(10, "delivered entries are compacted", || async {
        log_len(&redis) <= 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(standin.orders().len(), 5, "exactly once each");
    // A replica started now gets the orders from the snapshot.
    let b = spawn_with(Some(redis.clone()), |_| {}).await;
    assert_eq!(
        order_ids(&b.get_ok("/api/business/orders?limit=100").await).len(),
        5
    );
}

#[tokio::test]
async fn an_entry_a_replica_cannot_apply_stops_it_loudly_and_loses_nothing() {
    let redis = Arc::new(RedisServer::start());
    let a = spawn_with(Some(redis.clone()), |_| {}).await;
    let b = spawn_with(Some(redis.clone()), |_| {}).await;
    let (_, first) = a
        .post_staff("/api/business/orders", &order_body("before"))
        .await;
    assert_eq!(first["status"], "success", "{first}");
    let health = b.get_public("/health").await;
    assert_eq!(health.status(), 200);
    let health: Value = health.json().await.unwrap();
    assert!(health["sharedLog"]["error"].is_null(), "{health}");

    for (entry, why) in [
        // A newer build's row (a column this build's schema lacks).
        (
            r#"'[{"table":"orders","rowid":999,"columns":[["no_such_column",1]]}]'"#,
            "cannot be applied to this replica",
        ),
        // Not even JSON.
        ("'not json'", "cannot be read"),
    ] {
        let id = xadd(&redis, entry);
        // Business requests fail as unavailable; they do not skip the entry.
        let (status, body) = b.get_staff("/api/business/orders").await;
        assert_eq!(
            (status, &body["error"]["code"]),
            (503, &json!("store_unavailable")),
            "{body}"
        );
        let health = b.get_public("/health").await;
        assert_eq!(health.status(), 503, "a load balancer takes it out");
        let health: Value = health.json().await.unwrap();
        assert_eq!(health["status"], "degraded");
        let error = health["sharedLog"]["error"].as_str().unwrap_or_default();
        assert!(error.contains(&id) && error.contains(why), "{health}");
        let metrics = b.get_public("/metrics").await.text().await.unwrap();
        assert!(
            metrics.contains("vsm_shared_log_apply_failures_total"),
            "counted"
        );
        // Repaired (the entry removed), every instance carries on.
        assert!(
            redis
                .command(&format!("XDEL vsm:{{biz}}:log {id}"))
                .contains(":1")
        );
        let health = b.get_public("/health").await;
        assert_eq!(health.status(), 200);
    }
    let (_, second) = b
        .post_staff("/api/business/orders", &order_body("after"))
        .await;
    assert_eq!(second["status"], "success", "{second}");
    for app in [&a, &b] {
        let ids = order_ids(&app.get_ok("/api/business/orders").await);
        assert_eq!(ids.len(), 2, "{ids:?}");
    }
}

/// Appends a raw entry (field `c`, the rows) to the shared log; its id.
fn xadd(redis: &RedisServer, rows: &str) -> String {
    let reply = redis.command(&format!("XADD vsm:{{biz}}:log * c {rows}"));
    reply
        .lines()
        .nth(1)
        .filter(|id| id.contains('-'))
        .unwrap_or_else(|| panic!("XADD answered {reply:?}"))
        .to_owned()
}

#[tokio::test]
async fn idempotency_keys_are_forgotten_after_the_retention_on_every_replica() {
    let redis = Arc::new(RedisServer::start());
    let a = spawn_with(Some(redis.clone()), |_| {}).await;
    let b = spawn_with(Some(redis.clone()), |_| {}).await;
    let store = a.state.embedded.clone().expect("the embedded store");
    let (_, first) = a
        .post_staff("/api/business/orders", &order_body("kept"))
        .await;
    assert_eq!(first["status"], "success", "{first}");

    // Within the retention nothing is forgotten: a replay anywhere is the first answer.
    let removed = prune_once(&store, Duration::from_secs(3600)).await.unwrap();
    assert_eq!(removed, 0);
    let (_, replay) = b
        .post_staff("/api/business/orders", &order_body("kept"))
        .await;
    assert_eq!(replay["order_id"], first["order_id"], "{replay}");

    // Past it, the key is gone from every replica (the delete went through
    // the shared log): the same key now places a new order, on B too.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let removed = prune_once(&store, Duration::from_millis(10)).await.unwrap();
    assert_eq!(removed, 1);
    let (_, again) = b
        .post_staff("/api/business/orders", &order_body("kept"))
        .await;
    assert_eq!(again["status"], "success", "{again}");
    assert_ne!(again["order_id"], first["order_id"], "{again}");
    // The orders themselves are business records: never pruned.
    for app in [&a, &b] {
        assert_eq!(
            order_ids(&app.get_ok("/api/business/orders").await).len(),
            2
        );
    }
}
