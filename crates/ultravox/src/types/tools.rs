//! Tool wire types (reference §3): the `selectedTools` entries of a call and
//! the inline tool definitions they may carry.
//!
//! Lists and maps that are empty are left out of the JSON, and so are unset
//! options, because Ultravox tells "absent" from "empty" in a few places
//! (e.g. exactly one of `toolId` / `toolName` / `temporaryTool`). Auth tokens
//! are secrets: `Debug` names their keys only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One entry of `selectedTools`: exactly one of `tool_id`, `tool_name` or
/// `temporary_tool` should be set; the constructors make sure of it.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectedTool {
    /// A durable tool, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_id: Option<String>,
    /// A durable or built-in tool (`hangUp`, `queryCorpus`, ...), by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    /// A tool defined inline for this call only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_tool: Option<ToolDefinition>,
    /// The name the model sees instead of the tool's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_override: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_override: Option<String>,
    /// Requirement name → secret, satisfying the tool's `requirements`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub auth_tokens: BTreeMap<String, String>,
    /// Parameter name → fixed value; overridden parameters are hidden from the model.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameter_overrides: BTreeMap<String, Value>,
}

impl SelectedTool {
    /// A tool defined inline for this call.
    pub fn temporary(definition: ToolDefinition) -> Self {
        Self {
            temporary_tool: Some(definition),
            ..Self::default()
        }
    }

    /// A built-in (or durable) tool by name, e.g. `"hangUp"`.
    pub fn built_in(name: impl Into<String>) -> Self {
        Self {
            tool_name: Some(name.into()),
            ..Self::default()
        }
    }
}

impl std::fmt::Debug for SelectedTool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token_names: Vec<&String> = self.auth_tokens.keys().collect();
        f.debug_struct("SelectedTool")
            .field("tool_id", &self.tool_id)
            .field("tool_name", &self.tool_name)
            .field("temporary_tool", &self.temporary_tool)
            .field("name_override", &self.name_override)
            .field("description_override", &self.description_override)
            .field("auth_tokens (names only)", &token_names)
            .field("parameter_overrides", &self.parameter_overrides)
            .finish()
    }
}

/// An inline tool definition (`temporaryTool`, reference §3.2). Exactly one
/// of `http`, `client` or `data_connection` says where the tool runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolDefinition {
    pub model_tool_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dynamic_parameters: Vec<DynamicParameter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub static_parameters: Vec<StaticParameter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub automatic_parameters: Vec<AutomaticParameter>,
    /// A duration string (see `duration_string`); 2.5 s by default, 40 s at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpToolDetails>,
    /// `{}` for a tool the joined client implements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<Value>,
    /// `{}` for a tool the data-connection WebSocket implements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_connection: Option<Value>,
    /// `AGENT_REACTION_SPEAKS` (default), `AGENT_REACTION_LISTENS` or `AGENT_REACTION_SPEAKS_ONCE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_reaction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precomputable: Option<bool>,
    /// Security requirements, passed through as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<Value>,
}

/// Where Ultravox calls an HTTP tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpToolDetails {
    /// The URL, with `{name}` placeholders for path parameters.
    pub base_url_pattern: String,
    /// `GET`, `POST`, ...
    pub http_method: String,
}

/// A parameter the model fills in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DynamicParameter {
    pub name: String,
    pub location: ParameterLocation,
    /// A JSON Schema object.
    pub schema: Value,
    #[serde(default)]
    pub required: bool,
}

/// A parameter with a fixed value, hidden from the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaticParameter {
    pub name: String,
    pub location: ParameterLocation,
    pub value: Value,
}

/// A parameter Ultravox fills in at invocation time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutomaticParameter {
    pub name: String,
    pub location: ParameterLocation,
    pub known_value: KnownValue,
}

/// Where a parameter goes in the tool's HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ParameterLocation {
    #[serde(rename = "PARAMETER_LOCATION_QUERY")]
    Query,
    #[serde(rename = "PARAMETER_LOCATION_PATH")]
    Path,
    #[serde(rename = "PARAMETER_LOCATION_HEADER")]
    Header,
    #[serde(rename = "PARAMETER_LOCATION_BODY")]
    Body,
    /// Any value this crate does not know; written back as the unspecified value.
    #[serde(rename = "PARAMETER_LOCATION_UNSPECIFIED", other)]
    Unknown,
}

/// What Ultravox puts in an automatic parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KnownValue {
    /// The call's id, the same string as `Call::call_id`.
    #[serde(rename = "KNOWN_PARAM_CALL_ID")]
    CallId,
    #[serde(rename = "KNOWN_PARAM_CONVERSATION_HISTORY")]
    ConversationHistory,
    #[serde(rename = "KNOWN_PARAM_OUTPUT_SAMPLE_RATE")]
    OutputSampleRate,
    #[serde(rename = "KNOWN_PARAM_CALL_STATE")]
    CallState,
    #[serde(rename = "KNOWN_PARAM_CALL_STAGE_ID")]
    CallStageId,
    #[serde(rename = "KNOWN_PARAM_THREAD_ID")]
    ThreadId,
    #[serde(rename = "KNOWN_PARAM_THREAD_STATES")]
    ThreadStates,
    #[serde(rename = "KNOWN_PARAM_CALL_METADATA")]
    CallMetadata,
    /// Any value this crate does not know; written back as the unspecified value.
    #[serde(rename = "KNOWN_PARAM_UNSPECIFIED", other)]
    Unknown,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_temporary_http_tool_has_the_reference_shape() {
        let tool = SelectedTool::temporary(ToolDefinition {
            model_tool_name: "placeOrder".into(),
            description: "Places an order".into(),
            dynamic_parameters: vec![DynamicParameter {
                name: "items".into(),
                location: ParameterLocation::Body,
                schema: json!({"type": "array"}),
                required: true,
            }],
            automatic_parameters: vec![AutomaticParameter {
                name: "callId".into(),
                location: ParameterLocation::Body,
                known_value: KnownValue::CallId,
            }],
            timeout: Some("5s".into()),
            http: Some(HttpToolDetails {
                base_url_pattern: "https://example.org/tools/order".into(),
                http_method: "POST".into(),
            }),
            ..ToolDefinition::default()
        });
        let wire = serde_json::to_value(&tool).expect("serializes");
        assert_eq!(
            wire,
            json!({"temporaryTool": {
                "modelToolName": "placeOrder",
                "description": "Places an order",
                "dynamicParameters": [{"name": "items", "location": "PARAMETER_LOCATION_BODY",
                                       "schema": {"type": "array"}, "required": true}],
                "automaticParameters": [{"name": "callId", "location": "PARAMETER_LOCATION_BODY",
                                         "knownValue": "KNOWN_PARAM_CALL_ID"}],
                "timeout": "5s",
                "http": {"baseUrlPattern": "https://example.org/tools/order", "httpMethod": "POST"}
            }})
        );
        let back: SelectedTool = serde_json::from_value(wire).expect("deserializes");
        assert_eq!(back, tool);
    }

    #[test]
    fn a_built_in_tool_is_only_its_name() {
        let wire = serde_json::to_value(SelectedTool::built_in("hangUp")).expect("serializes");
        assert_eq!(wire, json!({"toolName": "hangUp"}));
    }

    #[test]
    fn unknown_locations_and_known_values_parse_as_unknown() {
        let parameter: AutomaticParameter = serde_json::from_value(json!({
            "name": "x", "location": "PARAMETER_LOCATION_COOKIE",
            "knownValue": "KNOWN_PARAM_SOMETHING_NEW", "extra": 1
        }))
        .expect("lenient");
        assert_eq!(parameter.location, ParameterLocation::Unknown);
        assert_eq!(parameter.known_value, KnownValue::Unknown);
    }

    #[test]
    fn debug_hides_auth_tokens() {
        let mut tool = SelectedTool::built_in("lookup");
        tool.auth_tokens
            .insert("apiKey".into(), "super-secret-token".into());
        let printed = format!("{tool:?}");
        assert!(printed.contains("apiKey"));
        assert!(!printed.contains("super-secret-token"));
    }
}
