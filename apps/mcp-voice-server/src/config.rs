//! Typed configuration (clap with env): where to listen and where the
//! session manager is.

use std::net::SocketAddr;

use clap::Parser;
use voice_service::LogFormat;

/// MCP tools for voice agents: extraction and the business tools.
#[derive(Debug, Clone, Parser)]
#[command(name = "mcp-voice-server", version, about, long_about = None)]
pub struct Config {
    /// Streamable HTTP address; the endpoint is `/mcp`.
    #[arg(long, env = "MCP_BIND", default_value = "127.0.0.1:3002")]
    pub bind: SocketAddr,

    /// Serve over stdin/stdout instead of HTTP.
    #[arg(long)]
    pub stdio: bool,

    /// The session manager, which executes every effect.
    #[arg(
        long,
        env = "SESSION_MANAGER_URL",
        default_value = "http://127.0.0.1:3001"
    )]
    pub session_manager_url: url::Url,

    /// This server's credential at the session manager (its SERVICE_TOKEN).
    #[arg(
        long,
        env = "SERVICE_TOKEN",
        hide_env_values = true,
        default_value = ""
    )]
    pub service_token: String,

    /// Bearer token MCP clients must send (unset: no token; bind to loopback only then).
    #[arg(long, env = "MCP_TOKEN", hide_env_values = true)]
    pub mcp_token: Option<String>,

    /// Browser origins allowed to call `/mcp` (a request with another Origin
    /// header is refused); loopback origins are always allowed.
    #[arg(long, env = "MCP_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Host names accepted in the Host header (DNS-rebinding protection);
    /// loopback names are always accepted.
    #[arg(long, env = "MCP_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,

    /// Runtime threads: 1 runs everything on one thread (no cross-thread
    /// wake-ups, the least CPU per call), 0 uses one per core.
    #[arg(long, env = "WORKER_THREADS", default_value_t = 1)]
    pub worker_threads: usize,

    /// Log format (logs go to stderr).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}
