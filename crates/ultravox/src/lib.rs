//! Ultravox: the REST client the session manager uses for voice calls, the
//! wire types of calls, messages, tools and webhooks, and webhook signatures.
//!
//! Everything follows `shared/ref/ultravox.md`: camelCase JSON, durations as
//! `"30s"` strings, lenient enums (unknown values parse as `Unknown`), and
//! unknown fields ignored. `client` retries only what is safe to repeat and
//! never logs the api key. The same client talks to the real service and to
//! the local provider (`voice-local`), which differ only in base URL and key.
//! This crate decides no business rules and holds no state.

pub mod client;
pub mod error;
pub mod signature;
pub mod types;

pub use client::{ClientConfig, DEFAULT_BASE_URL, UltravoxClient};
pub use error::{UltravoxError, UrlError};
pub use types::{
    Call, CreateCallRequest, CreateWebhookRequest, EndReason, FirstSpeakerSettings,
    InactivityMessage, Message, MessageMedium, MessageRole, Paginated, SelectedTool,
    ToolDefinition, Webhook, WebhookDelivery, WebhookEvent, duration_string, parse_duration,
};
