//! Creating and reading calls, hanging up, and the errors around them.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use voice_ultravox::types::{
    AutomaticParameter, EndBehavior, HttpToolDetails, KnownValue, ParameterLocation,
};
use voice_ultravox::{
    ClientConfig, CreateCallRequest, EndReason, FirstSpeakerSettings, InactivityMessage,
    MessageMedium, SelectedTool, ToolDefinition, UltravoxClient, UltravoxError, duration_string,
};

use crate::helpers::{API_KEY, FakeUltravox, assert_clean_json};

fn created_call() -> Value {
    json!({
        "callId": "3f1c2a9e-0000-4000-8000-000000000001",
        "created": "2026-11-22T10:00:00Z",
        "joined": null, "ended": null, "endReason": null,
        "joinUrl": "wss://voice.ultravox.ai/calls/3f1c2a9e/web",
        "metadata": {"sessionId": "sess-1"},
        "joinTimeout": "30s", "maxDuration": "600s",
        "billingStatus": "BILLING_STATUS_PENDING"
    })
}

fn full_request() -> CreateCallRequest {
    let order_tool = ToolDefinition {
        model_tool_name: "placeOrder".into(),
        description: "Places the caller's order".into(),
        automatic_parameters: vec![AutomaticParameter {
            name: "callId".into(),
            location: ParameterLocation::Body,
            known_value: KnownValue::CallId,
        }],
        timeout: Some(duration_string(Duration::from_millis(2500))),
        http: Some(HttpToolDetails {
            base_url_pattern: "https://voice.example.org/tools/order".into(),
            http_method: "POST".into(),
        }),
        ..ToolDefinition::default()
    };
    CreateCallRequest {
        system_prompt: Some("You take pizza orders.".into()),
        temperature: Some(0.3),
        voice: Some("Mark".into()),
        language_hint: Some("en-GB".into()),
        join_timeout: Some(duration_string(Duration::from_secs(30))),
        max_duration: Some(duration_string(Duration::from_secs(600))),
        time_exceeded_message: Some("Sorry, we are out of time.".into()),
        inactivity_messages: vec![InactivityMessage {
            duration: duration_string(Duration::from_secs(8)),
            message: "Are you still there?".into(),
            end_behavior: EndBehavior::HangUpSoft,
        }],
        selected_tools: vec![
            SelectedTool::temporary(order_tool),
            SelectedTool::built_in("hangUp"),
        ],
        recording_enabled: Some(false),
        first_speaker_settings: Some(FirstSpeakerSettings::agent_says("Hello, Mario's here.")),
        initial_output_medium: Some(MessageMedium::Voice),
        metadata: BTreeMap::from([("sessionId".to_owned(), "sess-1".to_owned())]),
        ..CreateCallRequest::default()
    }
}

#[tokio::test]
async fn create_call_sends_the_key_and_the_exact_json() {
    // Arrange
    let api = Router::new().route(
        "/calls",
        post(|| async { (StatusCode::CREATED, Json(created_call())) }),
    );
    let fake = FakeUltravox::spawn(api).await;
    // Act
    let call = fake
        .client(0)
        .create_call(&full_request())
        .await
        .expect("created");
    // Assert
    assert_eq!(call.call_id, "3f1c2a9e-0000-4000-8000-000000000001");
    assert_eq!(
        call.join_url.as_deref(),
        Some("wss://voice.ultravox.ai/calls/3f1c2a9e/web")
    );
    assert_eq!(call.session_id(), Some("sess-1"));
    assert!(!call.is_live());
    let seen = fake.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/api/calls");
    assert_eq!(seen[0].api_key.as_deref(), Some(API_KEY));
    assert_eq!(seen[0].content_type.as_deref(), Some("application/json"));
    let body = seen[0].body.clone().expect("a JSON body");
    assert_clean_json(&body, "body");
    assert_eq!(
        body,
        json!({
            "systemPrompt": "You take pizza orders.",
            "temperature": 0.3,
            "voice": "Mark",
            "languageHint": "en-GB",
            "joinTimeout": "30s",
            "maxDuration": "600s",
            "timeExceededMessage": "Sorry, we are out of time.",
            "inactivityMessages": [{"duration": "8s", "message": "Are you still there?",
                                    "endBehavior": "END_BEHAVIOR_HANG_UP_SOFT"}],
            "selectedTools": [
                {"temporaryTool": {
                    "modelToolName": "placeOrder",
                    "description": "Places the caller's order",
                    "automaticParameters": [{"name": "callId", "location": "PARAMETER_LOCATION_BODY",
                                             "knownValue": "KNOWN_PARAM_CALL_ID"}],
                    "timeout": "2.5s",
                    "http": {"baseUrlPattern": "https://voice.example.org/tools/order",
                             "httpMethod": "POST"}
                }},
                {"toolName": "hangUp"}
            ],
            "recordingEnabled": false,
            "firstSpeakerSettings": {"agent": {"text": "Hello, Mario's here."}},
            "initialOutputMedium": "MESSAGE_MEDIUM_VOICE",
            "metadata": {"sessionId": "sess-1"}
        })
    );
}

#[tokio::test]
async fn get_call_tolerates_unknown_fields_and_an_unknown_end_reason() {
    // Arrange
    let api = Router::new().route(
        "/calls/{call_id}",
        get(|| async {
            Json(json!({
                "callId": "c-9", "created": "2026-11-22T10:00:00Z",
                "joined": "2026-11-22T10:00:05Z", "ended": "2026-11-22T10:04:00Z",
                "endReason": "solar_flare", "metadata": {"sessionId": "sess-9"},
                "billedDuration": "235s", "billingStatus": "BILLING_STATUS_SOMETHING_NEW",
                "initialOutputMedium": "MESSAGE_MEDIUM_HOLOGRAM",
                "firstSpeakerSettings": {"both": {}},
                "brandNewField": {"deep": [1, 2, 3]}, "sipDetails": null
            }))
        }),
    );
    let fake = FakeUltravox::spawn(api).await;
    // Act
    let call = fake.client(0).get_call("c-9").await.expect("lenient");
    // Assert
    assert_eq!(call.end_reason, Some(EndReason::Unknown));
    assert_eq!(call.initial_output_medium, Some(MessageMedium::Unknown));
    assert_eq!(call.billed_duration.as_deref(), Some("235s"));
    assert_eq!(call.session_id(), Some("sess-9"));
    assert!(!call.is_live());
    assert_eq!(fake.seen()[0].path, "/api/calls/c-9");
    assert_eq!(fake.seen()[0].api_key.as_deref(), Some(API_KEY));
}

#[tokio::test]
async fn a_401_is_a_status_error_and_is_not_retried() {
    // Arrange
    let api = Router::new().route(
        "/calls/{call_id}",
        get(|| async {
            (
                StatusCode::UNAUTHORIZED,
                Json(json!({"detail": "Invalid API key."})),
            )
        }),
    );
    let fake = FakeUltravox::spawn(api).await;
    // Act
    let error = fake
        .client(3)
        .get_call("c-1")
        .await
        .expect_err("unauthorized");
    // Assert
    let UltravoxError::Status { status, body } = &error else {
        panic!("expected a status error, got {error:?}");
    };
    assert_eq!(*status, 401);
    assert!(body.contains("Invalid API key."));
    assert_eq!(fake.seen().len(), 1);
}

#[tokio::test]
async fn a_body_that_is_not_a_call_is_a_decode_error() {
    let api = Router::new().route("/calls/{call_id}", get(|| async { "<html>oops</html>" }));
    let fake = FakeUltravox::spawn(api).await;
    let error = fake.client(0).get_call("c-1").await.expect_err("not JSON");
    assert!(
        matches!(error, UltravoxError::Decode { what: "call", .. }),
        "{error:?}"
    );
    assert!(
        std::error::Error::source(&error).is_some(),
        "the cause is kept"
    );
}

#[tokio::test]
async fn hang_up_sends_the_data_message_and_reads_204_as_live() {
    // Arrange
    let api = Router::new().route(
        "/calls/{call_id}/send_data_message",
        post(|| async { StatusCode::NO_CONTENT }),
    );
    let fake = FakeUltravox::spawn(api).await;
    // Act
    let was_live = fake
        .client(0)
        .hang_up("c-1", Some("Goodbye!"))
        .await
        .expect("hung up");
    let again = fake.client(0).hang_up("c-1", None).await.expect("hung up");
    // Assert
    assert!(was_live && again);
    let seen = fake.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/api/calls/c-1/send_data_message");
    assert_eq!(
        seen[0].body,
        Some(json!({"type": "hang_up", "message": "Goodbye!"}))
    );
    assert_eq!(seen[1].body, Some(json!({"type": "hang_up"})));
}

#[tokio::test]
async fn hang_up_of_a_call_that_is_not_live_is_ok_false() {
    let api = Router::new().route(
        "/calls/{call_id}/send_data_message",
        post(|| async {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"detail": "Call is not live"})),
            )
        }),
    );
    let fake = FakeUltravox::spawn(api).await;
    let was_live = fake
        .client(2)
        .hang_up("c-1", None)
        .await
        .expect("not an error");
    assert!(!was_live);
    assert_eq!(fake.seen().len(), 1);
}

#[tokio::test]
async fn hang_up_of_an_unknown_call_is_a_404() {
    let api = Router::new().route(
        "/calls/{call_id}/send_data_message",
        post(|| async { (StatusCode::NOT_FOUND, Json(json!({"detail": "Not found."}))) }),
    );
    let fake = FakeUltravox::spawn(api).await;
    let error = fake
        .client(0)
        .hang_up("nope", None)
        .await
        .expect_err("not found");
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn a_500_on_create_is_not_retried_but_on_get_it_is() {
    // Arrange: the first two answers of each route are 500s.
    let posts = Arc::new(AtomicU32::new(0));
    let gets = Arc::new(AtomicU32::new(0));
    let api = Router::new()
        .route(
            "/calls",
            post({
                let posts = posts.clone();
                move || async move {
                    posts.fetch_add(1, Ordering::SeqCst);
                    (StatusCode::INTERNAL_SERVER_ERROR, "boom")
                }
            }),
        )
        .route(
            "/calls/{call_id}",
            get({
                let gets = gets.clone();
                move || async move {
                    if gets.fetch_add(1, Ordering::SeqCst) < 2 {
                        Err((StatusCode::BAD_GATEWAY, "upstream down"))
                    } else {
                        Ok(Json(created_call()))
                    }
                }
            }),
        );
    let fake = FakeUltravox::spawn(api).await;
    let client = fake.client(3);
    // Act
    let create = client.create_call(&CreateCallRequest::default()).await;
    let get = client.get_call("c-1").await;
    // Assert: one POST (it may have taken effect), three GETs (two backed-off retries).
    assert_eq!(create.expect_err("500").status(), Some(500));
    assert_eq!(posts.load(Ordering::SeqCst), 1);
    assert!(get.is_ok(), "{get:?}");
    assert_eq!(gets.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error_after_get_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = UltravoxClient::new(ClientConfig {
        base_url: url::Url::parse(&format!("http://{address}/api/")).expect("url"),
        api_key: API_KEY.into(),
        timeout: Duration::from_secs(2),
        max_retries: 2,
    })
    .expect("client");
    let error = client.get_call("c-1").await.expect_err("nobody listens");
    assert!(matches!(error, UltravoxError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn debug_never_shows_the_api_key() {
    let config = ClientConfig::new(
        url::Url::parse("https://api.ultravox.ai/api/").expect("url"),
        API_KEY,
    );
    let client = UltravoxClient::new(config.clone()).expect("client");
    for printed in [
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(!printed.contains(API_KEY), "{printed}");
        assert!(!printed.contains("Zk3pQ9xT"), "{printed}");
        assert!(printed.contains("api.ultravox.ai"), "{printed}");
    }
}
