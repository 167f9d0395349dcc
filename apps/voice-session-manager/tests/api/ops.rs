//! Health, metrics, the generated OpenAPI document and event schema, and the
//! real binary.

use std::time::Duration;

use serde_json::Value;

use crate::helpers::{STAFF, spawn_app};

#[tokio::test]
async fn health_reports_the_store() {
    let app = spawn_app(|_| {}).await;
    let body = app.health().await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["store"], "memory");
    assert_eq!(body["storeReachable"], true);
}

#[tokio::test]
async fn metrics_expose_sessions_queue_sockets_and_latency() {
    let app = spawn_app(|c| c.max_concurrent_calls = 1).await;
    app.create("support").await;
    app.create("support").await;
    let _ws = app.ws_staff(None).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let text = app.metrics().await;
    for name in [
        "vsm_active_calls",
        "vsm_queue_length",
        "vsm_ws_subscribers",
        "vsm_http_request_duration_seconds_bucket",
        "vsm_sessions_created_total",
    ] {
        assert!(text.contains(name), "missing {name} in\n{text}");
    }
    assert!(
        text.contains("route=\"/api/sessions\""),
        "latency is per route"
    );
}

#[tokio::test]
async fn openapi_and_event_schema_are_generated_from_the_code() {
    let app = spawn_app(|_| {}).await;
    let doc = app.get_public_json("/api/openapi.json").await;
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/sessions",
        "/api/sessions/{id}",
        "/api/sessions/{id}/end",
        "/health",
    ] {
        assert!(doc["paths"].get(path).is_some(), "missing {path}");
    }
    assert!(
        doc["components"]["schemas"]
            .get("CreateSessionRequest")
            .is_some()
    );
    let schema = app.get_public_json("/api/events.schema.json").await;
    let text = schema.to_string();
    for kind in [
        "session_created",
        "queue_position",
        "call_ready",
        "transcript",
        "tool_executed",
        "order_updated",
        "form_update",
        "session_ended",
        "system_load",
        "resync",
    ] {
        assert!(text.contains(kind), "schema lacks {kind}");
    }
}

#[test]
fn the_real_binary_starts_answers_and_stops_cleanly() {
    let bin = env!("CARGO_BIN_EXE_voice-session-manager");
    let (mut child, addr) = testkit::spawn_service(
        bin,
        &["--bind", "127.0.0.1:0"],
        &[
            ("STAFF_TOKEN", STAFF),
            ("RUST_LOG", "warn"),
            ("DATA_DIR", ":memory:"),
        ],
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let body: Value = reqwest::get(format!("http://{addr}/health"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["status"], "ok");
    });
    assert!(
        child.terminate(Duration::from_secs(10)),
        "SIGTERM ends it with status 0"
    );
}

#[test]
fn help_documents_every_option_and_hides_secrets() {
    let bin = env!("CARGO_BIN_EXE_voice-session-manager");
    let out = std::process::Command::new(bin)
        .arg("--help")
        .env("STAFF_TOKEN", "do-not-print-this-secret")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "SESSION_MANAGER_BIND",
        "REDIS_URL",
        "MAX_CONCURRENT_CALLS",
        "STAFF_TOKEN",
        "DATA_DIR",
    ] {
        assert!(help.contains(option), "--help lacks {option}");
    }
    assert!(!help.contains("do-not-print-this-secret"));
}
