//! Dynamic forms: what the customer's page shows while the caller speaks
//! (`generateDynamicForm`, pushed by `synchronizeUI` as a `form_update`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::session::BusinessType;

/// A form for one business tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DynamicForm {
    pub business_type: BusinessType,
    /// The business tool the form fills: placeOrder, bookAppointment, createSupportTicket.
    pub tool: String,
    pub title: String,
    pub fields: Vec<FormField>,
    /// Names of required fields still empty.
    pub missing: Vec<String>,
    /// True when every required field has a value.
    pub complete: bool,
}

/// One field of a dynamic form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FormField {
    /// The business tool's parameter name, e.g. `customer_name`.
    pub name: String,
    pub label: String,
    /// text, tel, email, date, time, select, textarea, items.
    pub kind: String,
    pub required: bool,
    /// Choices for `select` fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// A regular expression the value must match, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// A sentence explaining the rule, for the page and for the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Prefilled from what the caller said (absent when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// How sure the extraction was of `value`, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}
