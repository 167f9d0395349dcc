//! Strict validation of `POST /api/calls`: a realistic body passes and
//! every rule break is refused with the field named, and recorded.

use serde_json::{Value, json};

use crate::helpers::{TestApp, call_body};

#[tokio::test]
async fn a_realistic_create_call_body_is_accepted_and_answered_with_a_full_call() {
    let app = TestApp::start().await;
    let body = call_body(&app.backend.url, "restaurant");
    let call = app.create_call(&body).await;

    let id = call["callId"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert!(
        call["created"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );
    for null in ["joined", "ended", "endReason", "billedDuration"] {
        assert!(call[null].is_null(), "{null} is null at first");
    }
    let join_url = format!("ws://{}/calls/{id}/join", app.local.addr);
    assert_eq!(call["joinUrl"], join_url.as_str());
    assert_eq!(call["billingStatus"], "BILLING_STATUS_PENDING");
    assert_eq!(call["metadata"], body["metadata"]);
    assert_eq!(call["maxDuration"], "900s");
    assert_eq!(call["joinTimeout"], "30s");
    assert!(
        call.get("selectedTools").is_none(),
        "selectedTools is not echoed"
    );

    let requests = app.provider().create_requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].errors.is_empty());
    assert_eq!(requests[0].body, body);
    assert_eq!(requests[0].call_id.as_deref(), Some(id));

    let tools = app.get_json(&format!("api/calls/{id}/tools")).await;
    let names: Vec<&str> = tools
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "placeOrder",
            "getOrderStatus",
            "bookAppointment",
            "createSupportTicket",
            "requestHandoff",
            "hangUp"
        ]
    );
}

#[tokio::test]
async fn defaults_are_filled_for_a_minimal_body() {
    let app = TestApp::start().await;
    let call = app.create_call(&json!({"systemPrompt": "hi"})).await;
    assert_eq!(call["joinTimeout"], "30s");
    assert_eq!(call["maxDuration"], "3600s");
    assert_eq!(call["model"], "ultravox-v0.7");
    assert_eq!(call["temperature"], 0);
    assert_eq!(call["recordingEnabled"], false);
    assert_eq!(call["firstSpeakerSettings"], json!({"agent": {}}));
    assert_eq!(call["metadata"], json!({}));
}

type Mutation = fn(&mut Value);

#[tokio::test]
async fn each_rule_break_is_refused_with_the_field_named() {
    let app = TestApp::start().await;
    let cases: Vec<(&str, Mutation, &str)> = vec![
        ("unknown key", |b| b["toolz"] = json!([]), "toolz"),
        (
            "snake_case key",
            |b| b["system_prompt"] = json!("x"),
            "system_prompt",
        ),
        (
            "duration without s",
            |b| b["joinTimeout"] = json!("30"),
            "joinTimeout",
        ),
        (
            "duration in minutes",
            |b| b["maxDuration"] = json!("1m"),
            "maxDuration",
        ),
        (
            "metadata number",
            |b| b["metadata"]["count"] = json!(3),
            "metadata.count",
        ),
        (
            "metadata reserved key",
            |b| b["metadata"]["ultravox.x"] = json!("y"),
            "metadata.ultravox.x",
        ),
        (
            "two mediums",
            |b| b["medium"] = json!({"webRtc": {}, "twilio": {}}),
            "medium",
        ),
        (
            "tool name and temporary tool",
            |b| b["selectedTools"][0]["toolName"] = json!("hangUp"),
            "selectedTools[0]",
        ),
        (
            "http and client",
            |b| b["selectedTools"][0]["temporaryTool"]["client"] = json!({}),
            "selectedTools[0].temporaryTool",
        ),
        (
            "bad model tool name",
            |b| b["selectedTools"][0]["temporaryTool"]["modelToolName"] = json!("place order"),
            "selectedTools[0].temporaryTool.modelToolName",
        ),
        (
            "duplicate tool name",
            |b| b["selectedTools"][1]["temporaryTool"]["modelToolName"] = json!("placeOrder"),
            "selectedTools[1].temporaryTool.modelToolName",
        ),
        (
            "bad location",
            |b| {
                b["selectedTools"][0]["temporaryTool"]["dynamicParameters"][0]["location"] =
                    json!("BODY")
            },
            "selectedTools[0].temporaryTool.dynamicParameters[0].location",
        ),
        (
            "bad known value",
            |b| {
                b["selectedTools"][0]["temporaryTool"]["automaticParameters"][0]["knownValue"] =
                    json!("CALL_ID")
            },
            "selectedTools[0].temporaryTool.automaticParameters[0].knownValue",
        ),
        (
            "temperature above 1",
            |b| b["temperature"] = json!(1.5),
            "temperature",
        ),
        (
            "long language hint",
            |b| b["languageHint"] = json!("en-GB-x-very-long"),
            "languageHint",
        ),
        (
            "bad end behavior",
            |b| b["inactivityMessages"][0]["endBehavior"] = json!("HANG_UP"),
            "inactivityMessages[0].endBehavior",
        ),
        (
            "relative tool url",
            |b| {
                b["selectedTools"][0]["temporaryTool"]["http"]["baseUrlPattern"] =
                    json!("/tools/placeOrder")
            },
            "selectedTools[0].temporaryTool.http.baseUrlPattern",
        ),
        (
            "tool timeout above 40s",
            |b| b["selectedTools"][0]["temporaryTool"]["timeout"] = json!("41s"),
            "selectedTools[0].temporaryTool.timeout",
        ),
        (
            "unknown built-in tool",
            |b| b["selectedTools"][5] = json!({"toolName": "teleport"}),
            "selectedTools[5].toolName",
        ),
        (
            "not an object",
            |b| *b = json!(["systemPrompt"]),
            "non_field_errors",
        ),
    ];
    for (what, mutate, field) in cases {
        let mut body = call_body(&app.backend.url, "restaurant");
        mutate(&mut body);
        let r = app.post("api/calls", &body).await;
        assert_eq!(r.status(), 400, "{what}");
        let errors: Value = r.json().await.unwrap();
        assert!(
            errors
                .get(field)
                .and_then(Value::as_array)
                .is_some_and(|m| !m.is_empty()),
            "{what}: expected {field} in {errors}"
        );
        let recorded = app.provider().create_requests().pop().unwrap();
        assert!(recorded.errors.contains_key(field), "{what} is recorded");
        assert_eq!(recorded.body, body);
        assert_eq!(recorded.call_id, None);
    }
}

#[tokio::test]
async fn initial_messages_are_refused_with_a_prior_call() {
    let app = TestApp::start().await;
    let prior = app.business_call("restaurant").await;
    let body = json!({"initialMessages": [{"role": "MESSAGE_ROLE_USER", "text": "hi"}]});
    let r = app
        .post(&format!("api/calls?priorCallId={prior}"), &body)
        .await;
    assert_eq!(r.status(), 400);
    let errors: Value = r.json().await.unwrap();
    assert!(errors.get("initialMessages").is_some(), "{errors}");
    // Without initialMessages the prior call's settings carry over.
    let r = app
        .post(&format!("api/calls?priorCallId={prior}"), &json!({}))
        .await;
    assert_eq!(r.status(), 201);
    let call: Value = r.json().await.unwrap();
    assert_eq!(call["metadata"]["businessType"], "restaurant");
}

#[tokio::test]
async fn lenient_mode_accepts_what_strict_mode_refuses() {
    let app = TestApp::start_strict(false).await;
    let mut body = call_body(&app.backend.url, "restaurant");
    body["someFutureField"] = json!(true);
    body["joinTimeout"] = json!("half a minute");
    let call = app.create_call(&body).await;
    assert_eq!(call["callId"].as_str().map(str::len), Some(36));
}
