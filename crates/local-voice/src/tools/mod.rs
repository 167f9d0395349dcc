//! HTTP tools as Ultravox invokes them (reference §3.3, §9 "Tool invocation
//! fidelity"): the tool definitions a call selected, and one request per
//! invocation built from them.
//!
//! Method from `httpMethod`; `{name}` PATH parameters substituted into
//! `baseUrlPattern`; QUERY parameters appended; HEADER parameters (dynamic,
//! static and automatic alike) sent as headers; every BODY parameter merged
//! into one flat JSON object sent as `application/json`. There is no
//! envelope. Every request and its answer go to the tool log. This module
//! does not decide what the agent says about the answer.

mod invoke;

use std::time::Duration;

use serde_json::{Map, Value, json};
use voice_types::voice::VoiceTool;

use crate::duration;

pub use crate::tools::invoke::{KnownValues, Outcome, invoke};

/// Used when a tool declares no `timeout` (reference §3.2).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(2500);
/// The longest timeout Ultravox allows.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(40);

/// The tools Ultravox knows by name without a definition.
pub const BUILT_IN_TOOLS: &[&str] = &[
    "hangUp",
    "queryCorpus",
    "leaveVoicemail",
    "playDtmfSounds",
    "coldTransfer",
    "warmTransfer",
];

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Query,
    Path,
    Header,
    Body,
}

impl Location {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PARAMETER_LOCATION_QUERY" => Some(Self::Query),
            "PARAMETER_LOCATION_PATH" => Some(Self::Path),
            "PARAMETER_LOCATION_HEADER" => Some(Self::Header),
            "PARAMETER_LOCATION_BODY" => Some(Self::Body),
            _ => None,
        }
    }
}

/// A parameter and where it goes; `value` is fixed for static ones.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub location: Location,
    pub value: Value,
}

/// How a tool runs.
#[derive(Debug, Clone)]
pub enum ToolKind {
    Http { url_pattern: String, method: String },
    Client,
    DataConnection,
    BuiltIn,
}

/// One tool a call selected.
#[derive(Debug, Clone)]
pub struct ToolDef {
    pub call_tool_id: String,
    pub tool_id: Option<String>,
    /// The model-facing name (`nameOverride`, else `modelToolName` or `toolName`).
    pub name: String,
    /// Ours, when the name is one of our business tools.
    pub voice_tool: Option<VoiceTool>,
    pub definition: Value,
    pub kind: ToolKind,
    /// Dynamic parameters (chosen by the model); `value` unused.
    pub dynamic: Vec<Param>,
    pub statics: Vec<Param>,
    /// Automatic parameters; `value` holds the `knownValue` name.
    pub automatic: Vec<Param>,
    /// `parameterOverrides`: fixed values, hidden from the model.
    pub overrides: Map<String, Value>,
    pub auth_tokens: Map<String, Value>,
    pub timeout: Duration,
}

impl ToolDef {
    /// The dynamic parameters the model may fill (overridden ones are hidden).
    pub fn model_parameters(&self) -> Vec<String> {
        self.dynamic
            .iter()
            .filter(|p| !self.overrides.contains_key(&p.name))
            .map(|p| p.name.clone())
            .collect()
    }

    /// `GET /api/calls/{id}/tools` entry.
    pub fn to_call_tool(&self) -> Value {
        json!({
            "callToolId": self.call_tool_id,
            "toolId": self.tool_id,
            "name": self.name,
            "definition": self.definition,
        })
    }
}

/// Reads `selectedTools` leniently: entries that make no sense are skipped
/// (strict validation has refused them already when strict).
pub fn parse_selected(selected: &[Value]) -> Vec<ToolDef> {
    selected.iter().filter_map(parse_entry).collect()
}

fn parse_entry(entry: &Value) -> Option<ToolDef> {
    let entry = entry.as_object()?;
    let name_override = entry.get("nameOverride").and_then(Value::as_str);
    let (base_name, definition, kind, tool_id) = if let Some(tool) = entry.get("temporaryTool") {
        let name = tool.get("modelToolName")?.as_str()?.to_owned();
        (name, tool.clone(), tool_kind(tool)?, None)
    } else if let Some(name) = entry.get("toolName").and_then(Value::as_str) {
        let definition = json!({"modelToolName": name, "description": "built-in tool"});
        (name.to_owned(), definition, ToolKind::BuiltIn, None)
    } else {
        let id = entry.get("toolId")?.as_str()?.to_owned();
        let definition = json!({"modelToolName": id});
        (id.clone(), definition, ToolKind::BuiltIn, Some(id))
    };
    let mut definition = definition;
    if let (Some(d), Some(obj)) = (
        entry.get("descriptionOverride").and_then(Value::as_str),
        definition.as_object_mut(),
    ) {
        obj.insert("description".into(), Value::String(d.to_owned()));
    }
    let name = name_override.map_or(base_name, str::to_owned);
    let timeout = definition
        .get("timeout")
        .and_then(Value::as_str)
        .and_then(duration::parse)
        .unwrap_or(DEFAULT_TIMEOUT)
        .min(MAX_TIMEOUT);
    Some(ToolDef {
        call_tool_id: uuid::Uuid::new_v4().to_string(),
        tool_id,
        voice_tool: VoiceTool::parse(&name),
        dynamic: params(&definition, "dynamicParameters", None),
        statics: params(&definition, "staticParameters", Some("value")),
        automatic: params(&definition, "automaticParameters", Some("knownValue")),
        overrides: object(entry.get("parameterOverrides")),
        auth_tokens: object(entry.get("authTokens")),
        name,
        definition,
        kind,
        timeout,
    })
}

fn tool_kind(tool: &Value) -> Option<ToolKind> {
    if let Some(http) = tool.get("http") {
        return Some(ToolKind::Http {
            url_pattern: http.get("baseUrlPattern")?.as_str()?.to_owned(),
            method: http
                .get("httpMethod")
                .and_then(Value::as_str)
                .unwrap_or("POST")
                .to_uppercase(),
        });
    }
    if tool.get("client").is_some() {
        return Some(ToolKind::Client);
    }
    tool.get("dataConnection").map(|_| ToolKind::DataConnection)
}

fn params(definition: &Value, key: &str, value_key: Option<&str>) -> Vec<Param> {
    let Some(list) = definition.get(key).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| {
            Some(Param {
                name: p.get("name")?.as_str()?.to_owned(),
                location: Location::parse(p.get("location")?.as_str()?)?,
                value: value_key
                    .and_then(|k| p.get(k).cloned())
                    .unwrap_or(Value::Null),
            })
        })
        .collect()
}

fn object(v: Option<&Value>) -> Map<String, Value> {
    v.and_then(Value::as_object).cloned().unwrap_or_default()
}
