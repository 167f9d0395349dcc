//! A call's life without a conversation: the join window, the maximum
//! duration, and the end reasons they give.

use serde_json::{Value, json};

use crate::helpers::{TestApp, call_body, eventually};

#[tokio::test]
async fn a_call_nobody_joins_ends_unjoined() {
    let app = TestApp::start().await;
    app.register_webhook(&["call.ended", "call.billed"]).await;
    let mut body = call_body(&app.backend.url, "restaurant");
    body["joinTimeout"] = json!("0.2s");
    let id = app.create_call_id(&body).await;

    eventually("the call ends", || async {
        !app.provider().call(&id).unwrap()["ended"].is_null()
    })
    .await;
    let call = app.provider().call(&id).unwrap();
    assert_eq!(call["endReason"], "unjoined");
    assert!(call["joined"].is_null());
    eventually("call.ended and call.billed", || async {
        !app.backend.hooks_for(&id, "call.ended").is_empty()
            && !app.backend.hooks_for(&id, "call.billed").is_empty()
    })
    .await;
    assert!(app.provider().join(&id).await.is_err(), "too late to join");
}

#[tokio::test]
async fn a_joined_call_does_not_end_at_the_join_timeout() {
    let app = TestApp::start().await;
    let mut body = call_body(&app.backend.url, "restaurant");
    body["joinTimeout"] = json!("0.1s");
    let id = app.create_call_id(&body).await;
    app.provider().join(&id).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(app.provider().call(&id).unwrap()["ended"].is_null());
}

#[tokio::test]
async fn a_call_reaching_max_duration_ends_with_timeout() {
    let app = TestApp::start().await;
    let mut body = call_body(&app.backend.url, "appointment");
    body["maxDuration"] = json!("0.3s");
    body["timeExceededMessage"] = json!("Sorry, we are out of time.");
    let id = app.create_call_id(&body).await;
    app.provider().join(&id).await.unwrap();
    eventually("the call times out", || async {
        app.provider().call(&id).unwrap()["endReason"] == "timeout"
    })
    .await;
    let messages = app.provider().messages(&id).unwrap();
    assert_eq!(
        messages.last().unwrap()["text"],
        "Sorry, we are out of time."
    );
}

#[tokio::test]
async fn the_caller_may_speak_first() {
    let app = TestApp::start().await;
    let mut body = call_body(&app.backend.url, "support");
    body["firstSpeakerSettings"] = json!({"user": {}});
    let id = app.create_call_id(&body).await;
    app.provider().join(&id).await.unwrap();
    assert!(
        app.provider().messages(&id).unwrap().is_empty(),
        "no greeting"
    );

    let mut body = call_body(&app.backend.url, "support");
    body["firstSpeakerSettings"] = json!({"agent": {"text": "Hi, local support here."}});
    let id = app.create_call_id(&body).await;
    app.provider().join(&id).await.unwrap();
    let messages: Vec<Value> = app.provider().messages(&id).unwrap();
    assert_eq!(messages[0]["text"], "Hi, local support here.");
}

fn texts(app: &TestApp, id: &str) -> Vec<String> {
    app.provider()
        .messages(id)
        .unwrap()
        .iter()
        .filter_map(|m| m["text"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_silent_caller_hears_the_inactivity_messages_then_a_soft_hang_up() {
    let app = TestApp::start().await;
    let mut body = call_body(&app.backend.url, "restaurant");
    body["inactivityMessages"] = json!([
        {"duration": "0.2s", "message": "Are you still there?", "endBehavior": "END_BEHAVIOR_UNSPECIFIED"},
        {"duration": "0.2s", "message": "I'll end the call now. Goodbye!", "endBehavior": "END_BEHAVIOR_HANG_UP_SOFT"}
    ]);
    let id = app.create_call_id(&body).await;
    app.provider().join(&id).await.unwrap();
    eventually("the agent hangs up on the silence", || async {
        app.provider().call(&id).unwrap()["endReason"] == "agent_hangup"
    })
    .await;
    let said = texts(&app, &id);
    let n = said.len();
    assert!(n >= 3, "greeting and both messages: {said:?}");
    assert_eq!(
        said[n - 2..],
        ["Are you still there?", "I'll end the call now. Goodbye!"],
        "{said:?}"
    );
}

#[tokio::test]
async fn speaking_restarts_the_inactivity_sequence() {
    let app = TestApp::start().await;
    let mut body = call_body(&app.backend.url, "restaurant");
    body["inactivityMessages"] = json!([
        {"duration": "0.4s", "message": "Still there? Goodbye.", "endBehavior": "END_BEHAVIOR_HANG_UP_STRICT"}
    ]);
    let id = app.create_call_id(&body).await;
    app.provider().join(&id).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.provider()
        .say(&id, "what pizzas do you have")
        .await
        .unwrap();
    // The first wait ends at 0.4 s, sees the caller spoke and starts again:
    // the message cannot come before 0.8 s after the join.
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    assert!(
        app.provider().call(&id).unwrap()["ended"].is_null(),
        "the caller spoke, so the call goes on: {:?}",
        texts(&app, &id)
    );
    assert!(
        !texts(&app, &id)
            .iter()
            .any(|t| t == "Still there? Goodbye.")
    );
    eventually("silence again ends the call", || async {
        app.provider().call(&id).unwrap()["endReason"] == "agent_hangup"
    })
    .await;
    assert_eq!(
        texts(&app, &id).last().map(String::as_str),
        Some("Still there? Goodbye.")
    );
}
