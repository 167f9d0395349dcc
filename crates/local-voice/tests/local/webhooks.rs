//! Webhook delivery: every lifecycle event, signed with every secret,
//! filtered by `events`, retried after failures, and duplicated on demand.

use crate::helpers::{TestApp, WEBHOOK_SECRETS, eventually};

#[tokio::test]
async fn lifecycle_events_are_signed_with_both_secrets() {
    let app = TestApp::start().await;
    app.register_webhook(&["call.started", "call.joined", "call.ended", "call.billed"])
        .await;
    let only_ended = app.register_webhook(&["call.ended"]).await;
    let id = app.business_call("restaurant").await;
    app.provider().join(&id).await.unwrap();
    app.provider().end(&id, "hangup").await.unwrap();

    eventually("call.billed arrives", || async {
        !app.backend.hooks_for(&id, "call.billed").is_empty()
    })
    .await;
    let hooks = app.backend.hooks();
    for event in ["call.started", "call.joined", "call.billed"] {
        assert_eq!(app.backend.hooks_for(&id, event).len(), 1, "{event} once");
    }
    eventually("call.ended reaches both webhooks", || async {
        app.backend.hooks_for(&id, "call.ended").len() == 2
    })
    .await;
    for hook in &hooks {
        assert!(
            hook.verified,
            "{} verifies with the new secret alone",
            hook.event
        );
        assert_eq!(
            hook.signature.split(',').count(),
            WEBHOOK_SECRETS.len(),
            "one signature per secret"
        );
    }
    let ended = &app.backend.hooks_for(&id, "call.ended")[0];
    assert_eq!(ended.call["endReason"], "hangup");
    assert!(ended.call["ended"].is_string());
    let billed = &app.backend.hooks_for(&id, "call.billed")[0];
    assert_eq!(billed.call["billingStatus"], "BILLING_STATUS_BILLED");
    assert!(
        billed.call["billedDuration"]
            .as_str()
            .unwrap()
            .ends_with('s')
    );
    assert_eq!(
        billed.call,
        app.provider().call(&id).unwrap(),
        "the body is the Call as GET returns it"
    );

    let to_filtered: Vec<_> = app
        .provider()
        .deliveries()
        .into_iter()
        .filter(|d| d.webhook_id.as_deref() == only_ended["webhookId"].as_str())
        .collect();
    assert_eq!(to_filtered.len(), 1);
    assert_eq!(to_filtered[0].event, "call.ended");
}

#[tokio::test]
async fn failed_deliveries_are_retried_on_schedule() {
    let app = TestApp::start().await;
    app.register_webhook(&["call.started"]).await;
    app.provider().fail_deliveries(2);
    let id = app.business_call("support").await;

    eventually("the third attempt lands", || async {
        app.provider()
            .deliveries()
            .iter()
            .any(|d| d.call_id == id && d.succeeded())
    })
    .await;
    let attempts: Vec<_> = app
        .provider()
        .deliveries()
        .into_iter()
        .filter(|d| d.call_id == id)
        .collect();
    assert_eq!(
        attempts.iter().map(|d| d.attempt).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(
        attempts[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("unreachable"))
    );
    assert!(attempts[1].status.is_none());
    assert_eq!(attempts[2].status, Some(204));
    assert_eq!(app.backend.hooks_for(&id, "call.started").len(), 1);
}

#[tokio::test]
async fn a_receiver_error_is_retried_too() {
    let app = TestApp::start().await;
    app.register_webhook(&["call.started"]).await;
    app.backend
        .state
        .hook_statuses
        .lock()
        .unwrap()
        .push_back(500);
    let id = app.business_call("support").await;
    eventually("a second delivery", || async {
        app.provider()
            .deliveries()
            .iter()
            .any(|d| d.call_id == id && d.succeeded())
    })
    .await;
    let attempts: Vec<_> = app
        .provider()
        .deliveries()
        .into_iter()
        .filter(|d| d.call_id == id)
        .collect();
    assert_eq!(attempts[0].status, Some(500));
    assert_eq!((attempts[1].attempt, attempts[1].status), (2, Some(204)));
}

#[tokio::test]
async fn a_delivery_can_be_duplicated() {
    let app = TestApp::start().await;
    app.register_webhook(&["call.started"]).await;
    app.provider().duplicate_next_deliveries(1);
    let id = app.business_call("restaurant").await;
    eventually("two copies", || async {
        app.provider()
            .deliveries()
            .iter()
            .filter(|d| d.call_id == id && d.succeeded())
            .count()
            == 2
    })
    .await;
    let copies = app.backend.hooks_for(&id, "call.started");
    assert_eq!(copies[0].call, copies[1].call);
    assert!(copies.iter().all(|c| c.verified));
    let attempts: Vec<_> = app
        .provider()
        .deliveries()
        .into_iter()
        .filter(|d| d.call_id == id)
        .collect();
    assert_eq!(attempts.iter().filter(|d| d.duplicate).count(), 1);
}
