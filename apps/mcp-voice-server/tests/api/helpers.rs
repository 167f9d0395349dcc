//! The test harness: `TestApp` starts the MCP server in-process on port 0
//! (through `startup::build`, as `main` does) and connects an rmcp client;
//! `SessionManagerProcess` runs the real session manager binary for the
//! business tools.

use std::{net::SocketAddr, path::PathBuf, process::Command};

use mcp_voice_server::{config::Config, startup};
use rmcp::{
    RoleClient, ServiceError, ServiceExt,
    model::{CallToolRequestParams, CallToolResult, ErrorData, JsonObject},
    service::RunningService,
    transport::StreamableHttpClientTransport,
};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

/// The session manager's credential for this MCP server, in every test.
pub const SERVICE_TOKEN: &str = "rust-mcp-service-token-0123456789";

/// Nothing listens here: tools that need the session manager fail fast.
const NO_SESSION_MANAGER: &str = "http://127.0.0.1:9";

pub type Client = RunningService<RoleClient, ()>;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: Client,
    shutdown: CancellationToken,
}

impl TestApp {
    /// The server without a session manager (extraction, resources, prompts).
    pub async fn spawn() -> Self {
        Self::spawn_with(NO_SESSION_MANAGER).await
    }

    /// The server using the session manager at `session_manager_url`.
    pub async fn spawn_with(session_manager_url: &str) -> Self {
        let config = Config {
            bind: "127.0.0.1:0".parse().unwrap(),
            stdio: false,
            session_manager_url: session_manager_url.parse().unwrap(),
            service_token: SERVICE_TOKEN.to_owned(),
            mcp_token: None,
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            worker_threads: 1,
            log_format: Default::default(),
        };
        let app = startup::build(config).await.unwrap();
        let addr = app.addr();
        let shutdown = app.shutdown_token();
        tokio::spawn(app.run_until_stopped());
        let transport = StreamableHttpClientTransport::from_uri(format!("http://{addr}/mcp"));
        let client = ().serve(transport).await.unwrap();
        Self {
            addr,
            client,
            shutdown,
        }
    }

    /// Calls `tool` and returns its result (a tool error is still `Ok`).
    pub async fn call(&self, tool: &str, arguments: Value) -> Result<CallToolResult, ServiceError> {
        let params = CallToolRequestParams::new(tool.to_owned()).with_arguments(object(arguments));
        self.client.call_tool(params).await
    }

    /// Calls `tool`, expecting success, and returns its structured content
    /// after checking the text content carries the same JSON.
    pub async fn call_ok(&self, tool: &str, arguments: Value) -> Value {
        let result = self.call(tool, arguments).await.unwrap();
        assert_ne!(result.is_error, Some(true), "{tool} failed: {result:?}");
        structured(&result)
    }

    /// Calls `tool`, expecting a JSON-RPC error, and returns it.
    pub async fn call_err(&self, tool: &str, arguments: Value) -> ErrorData {
        match self.call(tool, arguments).await {
            Err(ServiceError::McpError(error)) => error,
            other => panic!("{tool}: expected a protocol error, got {other:?}"),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// The structured content, checked against the text content's JSON.
pub fn structured(result: &CallToolResult) -> Value {
    let structured = result
        .structured_content
        .clone()
        .expect("the result has structured content");
    let text = result.content[0]
        .as_text()
        .expect("the first block is text");
    let from_text: Value = serde_json::from_str(&text.text).unwrap();
    assert_eq!(
        from_text, structured,
        "text content and structured content differ"
    );
    structured
}

pub fn object(value: Value) -> JsonObject {
    match value {
        Value::Object(map) => map,
        other => panic!("arguments must be an object, not {other}"),
    }
}

/// The real session manager binary, in-memory store and no voice provider;
/// killed on drop.
pub struct SessionManagerProcess {
    pub url: String,
    _child: testkit::ChildGuard,
}

impl SessionManagerProcess {
    pub fn start() -> Self {
        let bin = session_manager_bin();
        let (child, addr) = testkit::spawn_service(
            bin.to_str().unwrap(),
            &["--bind", "127.0.0.1:0"],
            &[
                ("DATA_DIR", ":memory:"),
                ("VOICE_PROVIDER", "off"),
                ("SERVICE_TOKEN", SERVICE_TOKEN),
                ("STAFF_TOKEN", "rust-mcp-staff-token-0123456789"),
                ("RUST_LOG", "warn"),
            ],
        );
        Self {
            url: format!("http://{addr}"),
            _child: child,
        }
    }
}

/// `target/<profile>/voice-session-manager`, next to this test's own
/// directory. Apps never depend on each other, so it is not a
/// dev-dependency: `cargo test --workspace` builds it, and a run of this
/// package alone builds it here when it is missing.
fn session_manager_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/api-<hash> → target/<profile>
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = profile_dir.join(format!(
        "voice-session-manager{}",
        std::env::consts::EXE_SUFFIX
    ));
    if !bin.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let status = Command::new(cargo)
            .args(["build", "-p", "voice-session-manager"])
            .current_dir(root)
            .status()
            .unwrap();
        assert!(
            status.success() && bin.exists(),
            "voice-session-manager is missing at {}; run `cargo build -p voice-session-manager`",
            bin.display()
        );
    }
    bin
}
