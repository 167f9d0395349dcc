//! ERPNext as the system of record: effects go through the outbox to the
//! ERPNext stand-in (`voice-erpnext-standin`, which speaks the contract),
//! and nothing is lost or duplicated when ERPNext is down or the session
//! manager restarts meanwhile.

use std::{path::PathBuf, time::Duration};

use serde_json::{Value, json};
use voice_erpnext_standin::StandIn;

use crate::helpers::{STAFF, TestApp, eventually, point_at_erpnext, spawn_app};

async fn order(app: &TestApp, n: usize) -> Value {
    let res = app
        .http
        .post(app.url("/api/business/orders"))
        .bearer_auth(STAFF)
        .json(&json!({"idempotency_key": format!("caller-{n}"), "customer_name": format!("Caller {n}"),
            "phone": "07700 900123", "order_type": "Takeaway",
            "items": [{"item_name": "margherita", "quantity": 2}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// This instance's outbox, from `/health` (metrics are process-wide in tests).
async fn outbox(app: &TestApp) -> Value {
    app.health().await["outbox"].clone()
}

#[tokio::test]
async fn orders_and_status_changes_reach_erpnext() {
    let standin = StandIn::start().await;
    let app = spawn_app(|c| point_at_erpnext(c, &standin)).await;
    let placed = order(&app, 1).await;
    assert_eq!(placed["status"], "success");
    let local_id = placed["order_id"].as_str().unwrap().to_owned();
    eventually(10, "the order reaches ERPNext", || async {
        standin.orders().len() == 1
    })
    .await;
    assert_eq!(standin.created_count(&format!("vsm:{local_id}:placed")), 1);

    let res = app
        .http
        .post(app.url(&format!("/api/business/orders/{local_id}/status")))
        .bearer_auth(STAFF)
        .json(&json!({"status": "Preparing"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    eventually(10, "the status change reaches ERPNext", || async {
        standin
            .orders()
            .first()
            .is_some_and(|o| format!("{:?}", o.status) == "Preparing")
    })
    .await;
}

#[tokio::test]
async fn an_outage_during_a_burst_loses_and_duplicates_nothing() {
    let standin = StandIn::start().await;
    standin.set_down(true);
    let app = spawn_app(|c| point_at_erpnext(c, &standin)).await;
    let mut tasks = Vec::new();
    for n in 0..30 {
        let http = app.http.clone();
        let url = app.url("/api/business/orders");
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(STAFF)
                .json(
                    &json!({"idempotency_key": format!("burst-{n}"), "order_type": "Takeaway",
                    "items": [{"item_name": "burger", "quantity": 2}]}),
                )
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }));
    }
    for t in tasks {
        assert_eq!(
            t.await.unwrap()["status"],
            "success",
            "the caller is answered at once"
        );
    }
    // Every caller repeats their request once (a retrying voice model).
    for n in 0..30 {
        let res = app
            .http
            .post(app.url("/api/business/orders"))
            .bearer_auth(STAFF)
            .json(
                &json!({"idempotency_key": format!("burst-{n}"), "order_type": "Takeaway",
                "items": [{"item_name": "burger", "quantity": 2}]}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(standin.orders().is_empty());
    let stats = outbox(&app).await;
    assert_eq!(stats["pending"], 30, "{stats}");
    assert!(stats["oldestPendingAgeMs"].as_u64().unwrap() > 0);

    standin.set_down(false);
    eventually(30, "every order reaches ERPNext", || async {
        standin.orders().len() == 30
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(standin.orders().len(), 30, "exactly once each");
    for n in 1..=30 {
        assert_eq!(standin.created_count(&format!("vsm:ORD-{n:05}:placed")), 1);
    }
    eventually(5, "the outbox drains", || async {
        outbox(&app).await["pending"] == 0
    })
    .await;
    let text = app.metrics().await;
    assert!(
        text.contains("vsm_outbox_oldest_pending_seconds"),
        "depth and age are metrics"
    );
}

#[tokio::test]
async fn a_restart_while_erpnext_is_down_loses_nothing() {
    let standin = StandIn::start().await;
    standin.set_down(true);
    let dir: PathBuf = std::env::temp_dir().join(format!("vsm-outbox-{}", uuid::Uuid::new_v4()));
    {
        let d = dir.clone();
        let app = spawn_app(|c| {
            point_at_erpnext(c, &standin);
            c.data_dir = d;
        })
        .await;
        for n in 0..5 {
            order(&app, n).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(standin.orders().is_empty());
    standin.set_down(false);
    let d = dir.clone();
    let _app = spawn_app(|c| {
        point_at_erpnext(c, &standin);
        c.data_dir = d;
    })
    .await;
    eventually(
        30,
        "the restarted instance delivers the backlog",
        || async { standin.orders().len() == 5 },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(standin.orders().len(), 5);
    let _ = std::fs::remove_dir_all(&dir);
}
