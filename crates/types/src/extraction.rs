//! Extraction wire types: the input and output of the `extractParameters`
//! tool (`shared/nlu/SPEC.md`).
//!
//! The input is camelCase (`businessType`, `expectedParameters`, `sessionId`),
//! the output snake_case (`item_name`, `unrecognized_items`), exactly as the
//! SPEC shows them. Parameters that were not found are absent, never null.
//! The rules that fill these types live in `voice-domain::extract`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::business::{OrderType, TicketPriority};

use crate::session::BusinessType;

/// One caller utterance to extract parameters from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExtractInput {
    /// The transcript line, as said.
    pub text: String,
    pub business_type: BusinessType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ExtractContext>,
    /// Parameter names the agent is waiting for (a hint; may be absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_parameters: Option<Vec<String>>,
}

/// Where and when the utterance was said.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExtractContext {
    /// Local wall-clock time of the business, `YYYY-MM-DDTHH:MM:SS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// IANA time zone name, e.g. `Europe/London`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

/// What the caller wants, as one of the SPEC's intents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Intent {
    GetMenu,
    PlaceOrder,
    OrderStatus,
    CheckAvailability,
    BookAppointment,
    CreateTicket,
    HumanHandoff,
    Cancel,
    Unknown,
}

impl Intent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GetMenu => "get_menu",
            Self::PlaceOrder => "place_order",
            Self::OrderStatus => "order_status",
            Self::CheckAvailability => "check_availability",
            Self::BookAppointment => "book_appointment",
            Self::CreateTicket => "create_ticket",
            Self::HumanHandoff => "human_handoff",
            Self::Cancel => "cancel",
            Self::Unknown => "unknown",
        }
    }
}

/// Support ticket category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum TicketCategory {
    Technical,
    Billing,
    Product,
    General,
}

/// One ordered menu item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExtractedItem {
    /// The menu's canonical name.
    pub item_name: String,
    /// A positive integer.
    pub quantity: u32,
    /// Modifier words for this item ("no onions", "extra cheese"), or null.
    pub special_instructions: Option<String>,
}

/// The parameters found in an utterance; absent when not found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExtractedParameters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ExtractedItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_type: Option<OrderType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// E.164, e.g. `+447700900123`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The catalog's canonical service name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_type: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment_date: Option<String>,
    /// `HH:MM`, 24 hour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<TicketPriority>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<TicketCategory>,
}

/// The result of extraction: the tool's structured content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Extraction {
    pub intent: Intent,
    pub parameters: ExtractedParameters,
    /// Confidence in [0, 1] per returned parameter, keyed by parameter name.
    #[serde(default)]
    pub confidence: BTreeMap<String, f64>,
    /// Required parameters of the intent's business tool still not known.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Things asked for that are not on the menu, as said.
    #[serde(default)]
    pub unrecognized_items: Vec<String>,
}
