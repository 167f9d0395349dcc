//! The handshake: protocol version, server identity and capabilities.

use rmcp::model::ProtocolVersion;

use crate::helpers::TestApp;

#[tokio::test]
async fn initialize_reports_the_protocol_and_every_capability() {
    // Arrange
    let app = TestApp::spawn().await;
    // Act
    let info = app
        .client
        .peer_info()
        .expect("the server answered initialize");
    // Assert
    assert_eq!(
        info.protocol_version,
        ProtocolVersion::LATEST_WITH_INITIALIZE
    );
    let server = info.server_info.as_ref().expect("server info");
    assert_eq!(server.name, "mcp-voice-server");
    assert_eq!(server.version, env!("CARGO_PKG_VERSION"));
    let caps = &info.capabilities;
    assert!(caps.tools.is_some(), "tools capability");
    assert!(caps.resources.is_some(), "resources capability");
    assert!(caps.prompts.is_some(), "prompts capability");
    let instructions = info.instructions.as_deref().unwrap_or_default();
    assert!(instructions.contains("business://menu"), "{instructions}");
}
