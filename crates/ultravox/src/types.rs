//! Ultravox wire types: calls, messages, pages, webhooks and tools, as the
//! JSON of `shared/ref/ultravox.md` spells them.
//!
//! Keys are camelCase; durations are protobuf strings (`duration_string`);
//! unset request fields and empty request lists are left out rather than
//! sent as `null` or `[]`. Reading is lenient, because Ultravox grows its
//! enums and objects: unknown fields are ignored, every enum read from the
//! wire has an `Unknown` variant, and a `null` list or map reads as empty.
//! Nothing here does IO.

mod calls;
mod duration;
mod messages;
mod tools;
mod webhooks;

use serde::{Deserialize, Deserializer};

pub use calls::{
    AgentFirstSpeaker, Call, CreateCallRequest, EndBehavior, EndReason, FirstSpeakerSettings,
    InactivityMessage, UserFallback, UserFirstSpeaker,
};
pub use duration::{duration_string, parse_duration};
pub use messages::{Message, MessageMedium, MessageRole, Paginated};
pub use tools::{
    AutomaticParameter, DynamicParameter, HttpToolDetails, KnownValue, ParameterLocation,
    SelectedTool, StaticParameter, ToolDefinition,
};
pub use webhooks::{CreateWebhookRequest, Webhook, WebhookDelivery, WebhookEvent};

/// Reads `null` as the type's default (an empty list or map), for response
/// fields Ultravox may send as `null` instead of leaving out.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
