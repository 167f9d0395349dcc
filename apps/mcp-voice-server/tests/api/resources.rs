//! Resources: the menu, the services and the business hours, listed and
//! read over both the handshake protocol and the stateless 2026-07-28 one.

use rmcp::{
    ClientServiceExt,
    model::{ErrorCode, ProtocolVersion, ReadResourceRequestParams, ResourceContents},
    service::ClientLifecycleMode,
    transport::StreamableHttpClientTransport,
};
use serde_json::Value;

use crate::helpers::{Client, TestApp};

const URIS: [&str; 3] = ["business://menu", "business://services", "business://hours"];

#[tokio::test]
async fn the_catalog_resources_are_listed_with_names_and_json_type() {
    // Arrange
    let app = TestApp::spawn().await;
    // Act
    let listed = app.client.list_all_resources().await.unwrap();
    let templates = app.client.list_all_resource_templates().await.unwrap();
    // Assert
    let uris: Vec<&str> = listed.iter().map(|r| r.uri.as_str()).collect();
    assert_eq!(uris, URIS);
    for resource in &listed {
        assert!(!resource.name.is_empty());
        assert!(resource.title.is_some() && resource.description.is_some());
        assert_eq!(resource.mime_type.as_deref(), Some("application/json"));
        assert!(resource.size.is_some_and(|s| s > 0));
    }
    assert!(templates.is_empty(), "no templates: every URI is fixed");
}

#[tokio::test]
async fn each_resource_reads_as_the_catalog_in_json() {
    // Arrange
    let app = TestApp::spawn().await;
    // Act
    let menu = read_json(&app.client, "business://menu").await;
    let services = read_json(&app.client, "business://services").await;
    let hours = read_json(&app.client, "business://hours").await;
    // Assert
    assert_eq!(menu["currency"], "GBP");
    let items = menu["items"].as_array().unwrap();
    assert_eq!(items.len(), 24);
    let pepperoni = items
        .iter()
        .find(|i| i["item_name"] == "Pepperoni Pizza")
        .unwrap();
    assert_eq!(pepperoni["price"], "11.00");
    let repair = services["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_name"] == "Repair")
        .unwrap();
    assert_eq!(repair["duration_minutes"], 60);
    assert_eq!(services["slot_minutes"], 30);
    assert_eq!(hours["timezone"], "Europe/London");
    assert_eq!(
        hours["business_hours"]["monday"],
        serde_json::json!(["09:00", "18:00"])
    );
    assert!(
        hours["business_hours"]["sunday"].is_null(),
        "closed on Sunday"
    );
}

#[tokio::test]
async fn an_unknown_resource_is_not_found_naming_the_uri() {
    // Arrange
    let app = TestApp::spawn().await;
    // Act
    let err = app
        .client
        .read_resource(ReadResourceRequestParams::new("business://wine-list"))
        .await
        .unwrap_err();
    // Assert
    let rmcp::ServiceError::McpError(err) = err else {
        panic!("expected a protocol error, got {err:?}");
    };
    assert_eq!(err.code, ErrorCode::RESOURCE_NOT_FOUND);
    assert!(
        err.message.contains("business://wine-list"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn resources_work_over_the_stateless_protocol_too() {
    // Arrange: a client that discovers instead of initializing (2026-07-28).
    let app = TestApp::spawn().await;
    let transport = StreamableHttpClientTransport::from_uri(format!("http://{}/mcp", app.addr));
    let lifecycle = ClientLifecycleMode::Discover {
        preferred_versions: vec![ProtocolVersion::V_2026_07_28],
    };
    let client = ().serve_with_lifecycle(transport, lifecycle).await.unwrap();
    // Act
    let listed = client.list_all_resources().await.unwrap();
    let hours = read_json(&client, "business://hours").await;
    let missing = client
        .read_resource(ReadResourceRequestParams::new("business://nope"))
        .await
        .unwrap_err();
    // Assert
    let version = client.peer_info().map(|info| info.protocol_version.clone());
    assert_eq!(version, Some(ProtocolVersion::V_2026_07_28));
    assert_eq!(listed.len(), URIS.len());
    assert!(hours["business_hours"]["sunday"].is_null());
    let rmcp::ServiceError::McpError(missing) = missing else {
        panic!("expected a protocol error, got {missing:?}");
    };
    // The 2026-07-28 protocol reports a missing resource as invalid params.
    assert_eq!(missing.code, ErrorCode::INVALID_PARAMS);
    assert!(missing.message.contains("business://nope"));
}

/// Reads `uri` and parses its one JSON text content.
pub async fn read_json(client: &Client, uri: &str) -> Value {
    let result = client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
        .unwrap();
    assert_eq!(result.contents.len(), 1, "{uri}");
    match &result.contents[0] {
        ResourceContents::TextResourceContents {
            uri: got,
            mime_type,
            text,
            ..
        } => {
            assert_eq!(got, uri);
            assert_eq!(mime_type.as_deref(), Some("application/json"));
            serde_json::from_str(text).unwrap()
        }
        other => panic!("{uri} is not text: {other:?}"),
    }
}
