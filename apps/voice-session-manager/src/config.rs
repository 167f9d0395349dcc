//! Typed configuration: every option is a flag and an environment variable
//! (a flag beats the variable, which beats the default). No config files.
//!
//! Secrets are wrapped in [`Secret`] so they never reach `--help`, `Debug`
//! output or logs.

use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Parser, ValueEnum};
pub use voice_service::LogFormat;

/// The voice session manager: sessions, caller queue, live events.
#[derive(Debug, Clone, Parser)]
#[command(name = "voice-session-manager", version, about, long_about = None)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "SESSION_MANAGER_BIND", default_value = "127.0.0.1:3001")]
    pub bind: SocketAddr,

    /// Redis (or `redis-cluster://`) URL for sessions, capacity, queue and
    /// events shared by every instance. Unset: everything in memory (one instance).
    #[arg(long, env = "REDIS_URL")]
    pub redis_url: Option<String>,

    /// Concurrent calls for the whole deployment, across every instance.
    #[arg(long, env = "MAX_CONCURRENT_CALLS", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrent_calls: u32,

    /// Staff bearer token. Unset: a random one is generated and printed once.
    #[arg(long, env = "STAFF_TOKEN", hide_env_values = true)]
    pub staff_token: Option<Secret>,

    /// Directory for embedded data (the business store), created on start;
    /// `:memory:` keeps it in memory (tests).
    #[arg(long, env = "DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Token of trusted services (the MCP server, integrations) for the
    /// business tool routes. Staff tokens are accepted there too.
    #[arg(long, env = "SERVICE_TOKEN", hide_env_values = true)]
    pub service_token: Option<Secret>,

    /// Support staff on duty, in round-robin order for High and Critical tickets.
    #[arg(
        long,
        env = "SUPPORT_STAFF",
        value_delimiter = ',',
        default_value = "Alex Morgan,Sam Patel"
    )]
    pub support_staff: Vec<String>,

    /// ERPNext site with our Frappe apps. Set: every order, booking and
    /// ticket is also delivered there through the outbox (ERPNext is the
    /// system of record); unset: the embedded store only.
    #[arg(long, env = "ERPNEXT_URL")]
    pub erpnext_url: Option<url::Url>,

    /// API key of the ERPNext integration user.
    #[arg(long, env = "ERPNEXT_API_KEY", default_value = "")]
    pub erpnext_api_key: String,

    /// API secret of the ERPNext integration user.
    #[arg(long, env = "ERPNEXT_API_SECRET", hide_env_values = true)]
    pub erpnext_api_secret: Option<Secret>,

    /// Shared secret of the signed webhooks ERPNext sends to `/webhooks/erpnext`
    /// (the Password field in Voice Agent Settings). Unset: the route is off.
    #[arg(long, env = "ERPNEXT_WEBHOOK_SECRET", hide_env_values = true)]
    pub erpnext_webhook_secret: Option<Secret>,

    /// Timeout of one call to ERPNext.
    #[arg(long, env = "ERPNEXT_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub erpnext_timeout: Duration,

    /// Public base URL of this service, used in the WebSocket URLs handed to
    /// callers. Unset: derived from the request's Host header.
    #[arg(long, env = "PUBLIC_BASE_URL")]
    pub public_base_url: Option<url::Url>,

    /// Browser origins allowed to call the API (comma-separated).
    #[arg(
        long,
        env = "CORS_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = "http://127.0.0.1:3000,http://localhost:3000"
    )]
    pub cors_allowed_origins: Vec<String>,

    /// Session creations allowed per second and client IP (sustained).
    #[arg(long, env = "SESSION_CREATE_RATE", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub session_create_rate: u64,

    /// Session creations a client IP may make in a burst.
    #[arg(long, env = "SESSION_CREATE_BURST", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_create_burst: u32,

    /// Take the client IP from X-Forwarded-For / Forwarded (only behind a trusted proxy).
    #[arg(long, env = "TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// How long a live session record lives without activity.
    #[arg(long, env = "SESSION_TTL", default_value = "3600s", value_parser = parse_duration)]
    pub session_ttl: Duration,

    /// How long an ended session record is kept.
    #[arg(long, env = "ENDED_SESSION_TTL", default_value = "86400s", value_parser = parse_duration)]
    pub ended_session_ttl: Duration,

    /// Redis mode: how often the shared business log is compacted (a
    /// snapshot of the business data replaces the entries before it); 0:
    /// this instance never compacts.
    #[arg(long, env = "SHARED_LOG_COMPACT_INTERVAL", default_value = "300s", value_parser = parse_duration)]
    pub shared_log_compact_interval: Duration,

    /// Redis mode: log entries younger than this are kept when the log is
    /// compacted, so a replica that paused briefly catches up from the log
    /// rather than reloading the snapshot.
    #[arg(long, env = "SHARED_LOG_RETAIN", default_value = "600s", value_parser = parse_duration)]
    pub shared_log_retain: Duration,

    /// How long an idempotency key (and a handled webhook's id) is
    /// remembered: a request repeated with the same key within this time
    /// returns the first answer; older keys are forgotten (pruned hourly),
    /// so the store does not grow with them forever.
    #[arg(long, env = "IDEMPOTENCY_RETENTION", default_value = "30d", value_parser = parse_duration)]
    pub idempotency_retention: Duration,

    /// Lease on a call slot or queue place; renewed by the instance serving
    /// it, so a crashed instance's capacity comes back after this long.
    #[arg(long, env = "CAPACITY_LEASE", default_value = "30s", value_parser = parse_duration)]
    pub capacity_lease: Duration,

    /// A queued caller without a connected WebSocket for this long leaves the queue.
    #[arg(long, env = "QUEUE_DISCONNECT_GRACE", default_value = "30s", value_parser = parse_duration)]
    pub queue_disconnect_grace: Duration,

    /// A queued caller who has waited this long gives up (leaves the queue).
    #[arg(long, env = "QUEUE_MAX_WAIT", default_value = "900s", value_parser = parse_duration)]
    pub queue_max_wait: Duration,

    /// WebSocket ping interval; a peer silent for two intervals is dropped.
    #[arg(long, env = "WS_HEARTBEAT", default_value = "20s", value_parser = parse_duration)]
    pub ws_heartbeat: Duration,

    /// Events a WebSocket client may fall behind before it is disconnected.
    #[arg(long, env = "WS_MAX_LAG", default_value_t = 256)]
    pub ws_max_lag: usize,

    /// Staff sockets keep their writes at least this far apart: an event
    /// after a quiet spell is written at once, events in a busy spell gather
    /// into one write (customer sockets never wait; 0 turns it off).
    #[arg(long, env = "STAFF_FLUSH_INTERVAL", default_value = "2ms", value_parser = parse_duration)]
    pub staff_flush_interval: Duration,

    /// Events kept per session stream for `?since=` resume.
    #[arg(long, env = "REPLAY_SESSION_EVENTS", default_value_t = 256)]
    pub replay_session_events: usize,

    /// Events kept on the staff stream for `?since=` resume.
    #[arg(long, env = "REPLAY_STAFF_EVENTS", default_value_t = 10_000)]
    pub replay_staff_events: usize,

    /// A name for this instance in logs and records (default: random).
    #[arg(long, env = "INSTANCE_ID")]
    pub instance_id: Option<String>,

    /// Runtime threads: 1 runs everything on one thread (the least CPU per
    /// request), 0 uses one worker per core (the most requests per second
    /// on a host of its own: see docs/BENCHMARKS.md, webhooks).
    #[arg(long, env = "WORKER_THREADS", default_value_t = 1)]
    pub worker_threads: usize,

    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(flatten)]
    pub voice: VoiceConfig,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// One-off tasks instead of serving.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Registers (or updates) our webhook with Ultravox for call.joined,
    /// call.ended and call.billed, at PUBLIC_BASE_URL/webhooks/ultravox, and
    /// prints its secret when Ultravox generated one.
    RegisterWebhook {
        /// The URL Ultravox should call; default PUBLIC_BASE_URL/webhooks/ultravox.
        #[arg(long)]
        url: Option<url::Url>,
    },
}

/// Who carries the voice calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VoiceProviderKind {
    /// Ultravox (needs ULTRAVOX_API_KEY and a PUBLIC_BASE_URL it can reach).
    Ultravox,
    /// The local provider, in this process: a text agent that speaks
    /// Ultravox's API offline (the default without an API key).
    Local,
    /// No voice calls: sessions only (API tests and benchmarks).
    Off,
}

/// Voice calls: provider, secrets, and what every call is created with.
#[derive(Debug, Clone, clap::Args)]
pub struct VoiceConfig {
    /// `ultravox`, `local` or `off`. Default: `ultravox` when ULTRAVOX_API_KEY
    /// is set, else `local`.
    #[arg(long, env = "VOICE_PROVIDER", value_enum)]
    pub voice_provider: Option<VoiceProviderKind>,

    /// Ultravox API key (server side only; never sent to a browser).
    #[arg(long, env = "ULTRAVOX_API_KEY", hide_env_values = true)]
    pub ultravox_api_key: Option<Secret>,

    /// Ultravox REST base URL.
    #[arg(
        long,
        env = "ULTRAVOX_BASE_URL",
        default_value = "https://api.ultravox.ai/api/"
    )]
    pub ultravox_base_url: url::Url,

    /// Secrets Ultravox signs webhooks with (comma-separated; two during a
    /// rotation). Generated for the local provider.
    #[arg(
        long,
        env = "ULTRAVOX_WEBHOOK_SECRETS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub ultravox_webhook_secrets: Vec<Secret>,

    /// Secret the voice provider sends (header X-Voice-Tool-Secret) on every
    /// tool request. Unset: generated per run (set it when several
    /// instances serve the same deployment).
    #[arg(long, env = "VOICE_TOOL_SECRET", hide_env_values = true)]
    pub voice_tool_secret: Option<Secret>,

    /// The agent's voice (an Ultravox voice name or id).
    #[arg(long, env = "VOICE_NAME", default_value = "Mark")]
    pub voice_name: String,

    /// The conversation's language (BCP-47).
    #[arg(long, env = "VOICE_LANGUAGE", default_value = "en-GB")]
    pub voice_language: String,

    /// Record calls' audio at the provider.
    #[arg(long, env = "VOICE_RECORDING", default_value_t = false)]
    pub voice_recording: bool,

    /// Longest call; the agent says goodbye and hangs up then.
    #[arg(long, env = "VOICE_MAX_DURATION", default_value = "600s", value_parser = parse_duration)]
    pub voice_max_duration: Duration,

    /// How long a caller has to join a created call before it ends unjoined.
    #[arg(long, env = "VOICE_JOIN_TIMEOUT", default_value = "60s", value_parser = parse_duration)]
    pub voice_join_timeout: Duration,

    /// Local provider only: how long its agent "thinks" before each answer
    /// (makes the listening/thinking/speaking states visible; 0 in tests).
    #[arg(long, env = "LOCAL_VOICE_TURN_DELAY", default_value = "400ms", value_parser = parse_duration)]
    pub local_voice_turn_delay: Duration,

    /// A call whose `call.ended` webhook has not arrived this long after it
    /// should have ended (after we hung up, or after its maximum duration)
    /// is read from the provider and recorded anyway.
    #[arg(long, env = "VOICE_RECONCILE_AFTER", default_value = "30s", value_parser = parse_duration)]
    pub reconcile_after: Duration,

    /// Webhooks signed longer ago than this are refused as stale.
    #[arg(long, env = "WEBHOOK_MAX_AGE", default_value = "60s", value_parser = parse_duration)]
    pub webhook_max_age: Duration,
}

/// A secret string: shown as `***` in `Debug` and never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() < 16 {
            return Err("a token needs at least 16 characters".into());
        }
        Ok(Self(s.to_owned()))
    }
}

/// `"30s"`, `"5m"`, `"2h"`, `"250ms"` or plain seconds (`"30"`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 30s, 5m, 2h, 30d or 250ms"))?;
    match unit {
        "" | "s" => Ok(Duration::from_secs(n)),
        "ms" => Ok(Duration::from_millis(n)),
        "m" => Ok(Duration::from_secs(n * 60)),
        "h" => Ok(Duration::from_secs(n * 3600)),
        "d" => Ok(Duration::from_secs(n * 86_400)),
        _ => Err(format!(
            "unknown unit `{unit}` in `{text}`: use ms, s, m, h or d"
        )),
    }
}

impl Config {
    /// Defaults for tests: port 0, in memory, a fixed staff token, generous limits.
    pub fn for_tests() -> Self {
        let mut config = Config::parse_from(["voice-session-manager", "--bind", "127.0.0.1:0"]);
        config.staff_token = Some(Secret::new("test-staff-token-0123456789".into()));
        config.session_create_rate = 10_000;
        config.session_create_burst = 10_000;
        config.data_dir = ":memory:".into();
        config.voice.voice_provider = Some(VoiceProviderKind::Off);
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("30d"), Ok(Duration::from_secs(30 * 86_400)));
        assert!(parse_duration("2w").is_err());
        assert!(parse_duration("s").is_err());
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let s: Secret = "super-secret-value-123".parse().expect("long enough");
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }
}
