//! Strict validation of `selectedTools`: each entry names exactly one tool
//! (`toolId`, `toolName` or `temporaryTool`), temporary tools have exactly
//! one implementation, valid and unique model-facing names, parameters in
//! documented locations, absolute http(s) URLs and timeouts of at most 40 s.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::tools::{BUILT_IN_TOOLS, Location, MAX_TIMEOUT};
use crate::validate::{Check, is_http_url, is_tool_name};

const KNOWN_VALUES: &[&str] = &[
    "KNOWN_PARAM_CALL_ID",
    "KNOWN_PARAM_CONVERSATION_HISTORY",
    "KNOWN_PARAM_OUTPUT_SAMPLE_RATE",
    "KNOWN_PARAM_CALL_STATE",
    "KNOWN_PARAM_CALL_STAGE_ID",
    "KNOWN_PARAM_THREAD_ID",
    "KNOWN_PARAM_THREAD_STATES",
    "KNOWN_PARAM_CALL_METADATA",
];
const REACTIONS: &[&str] = &[
    "AGENT_REACTION_SPEAKS",
    "AGENT_REACTION_LISTENS",
    "AGENT_REACTION_SPEAKS_ONCE",
];
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];
const SELECTED_TOOL_FIELDS: &[&str] = &[
    "toolId",
    "toolName",
    "temporaryTool",
    "nameOverride",
    "descriptionOverride",
    "authTokens",
    "parameterOverrides",
];
const TOOL_FIELDS: &[&str] = &[
    "modelToolName",
    "description",
    "dynamicParameters",
    "staticParameters",
    "automaticParameters",
    "requirements",
    "timeout",
    "precomputable",
    "http",
    "client",
    "dataConnection",
    "defaultReaction",
    "staticResponse",
];

pub(super) fn selected_tools(c: &mut Check, v: &Value) {
    let Some(list) = c.array("selectedTools", Some(v)) else {
        return;
    };
    let mut names = BTreeSet::new();
    for (i, entry) in list.iter().enumerate() {
        let path = format!("selectedTools[{i}]");
        let Some(e) = c.object(&path, Some(entry)) else {
            continue;
        };
        c.unknown_keys(&path, e, SELECTED_TOOL_FIELDS);
        let set = |k: &str| e.get(k).filter(|v| !v.is_null());
        let chosen = ["toolId", "toolName", "temporaryTool"]
            .into_iter()
            .filter(|k| set(k).is_some())
            .count();
        if chosen != 1 {
            c.err(
                &path,
                "set exactly one of toolId, toolName or temporaryTool",
            );
        }
        let mut name: Option<(String, String)> = None;
        if let Some(id) = c.string(&format!("{path}.toolId"), set("toolId")) {
            if uuid::Uuid::parse_str(id).is_err() {
                c.err(format!("{path}.toolId"), "must be a valid uuid");
            } else {
                c.err(format!("{path}.toolId"), "tool not found");
            }
        }
        if let Some(tool_name) = c.string(&format!("{path}.toolName"), set("toolName")) {
            if !BUILT_IN_TOOLS.contains(&tool_name) {
                c.err(
                    format!("{path}.toolName"),
                    format!("tool \"{tool_name}\" not found"),
                );
            }
            name = Some((format!("{path}.toolName"), tool_name.to_owned()));
        }
        if let Some(tool) = set("temporaryTool") {
            let tool_path = format!("{path}.temporaryTool");
            if let Some(n) = temporary_tool(c, &tool_path, tool) {
                name = Some((format!("{tool_path}.modelToolName"), n));
            }
        }
        if let Some(over) = c.string(&format!("{path}.nameOverride"), set("nameOverride")) {
            if !is_tool_name(over) {
                c.err(
                    format!("{path}.nameOverride"),
                    "must match ^[a-zA-Z0-9_-]{1,64}$",
                );
            }
            name = Some((format!("{path}.nameOverride"), over.to_owned()));
        }
        c.string(
            &format!("{path}.descriptionOverride"),
            set("descriptionOverride"),
        );
        if let Some(tokens) = c.object(&format!("{path}.authTokens"), set("authTokens")) {
            for (k, t) in tokens {
                if !t.is_string() {
                    c.err(format!("{path}.authTokens.{k}"), "must be a string");
                }
            }
        }
        c.object(
            &format!("{path}.parameterOverrides"),
            set("parameterOverrides"),
        );
        if let Some((name_path, name)) = name
            && !names.insert(name.clone())
        {
            c.err(
                name_path,
                format!("tool name \"{name}\" is used twice; names must be unique per call"),
            );
        }
    }
}

/// Checks one temporary tool; returns its model tool name when valid.
fn temporary_tool(c: &mut Check, path: &str, v: &Value) -> Option<String> {
    let t = c.object(path, Some(v))?;
    c.unknown_keys(path, t, TOOL_FIELDS);
    let set = |k: &str| t.get(k).filter(|v| !v.is_null());
    let kinds = ["http", "client", "dataConnection"]
        .into_iter()
        .filter(|k| set(k).is_some())
        .count();
    if kinds != 1 {
        c.err(path, "set exactly one of http, client or dataConnection");
    }
    let mut url_pattern = None;
    if let Some(http) = c.object(&format!("{path}.http"), set("http")) {
        c.unknown_keys(
            &format!("{path}.http"),
            http,
            &["baseUrlPattern", "httpMethod"],
        );
        match http.get("baseUrlPattern").and_then(Value::as_str) {
            Some(p) if is_http_url(p) => url_pattern = Some(p.to_owned()),
            _ => c.err(
                format!("{path}.http.baseUrlPattern"),
                "must be an absolute http(s) URL",
            ),
        }
        match http.get("httpMethod").and_then(Value::as_str) {
            Some(m) if HTTP_METHODS.contains(&m.to_uppercase().as_str()) => {}
            _ => c.err(
                format!("{path}.http.httpMethod"),
                format!("must be one of {}", HTTP_METHODS.join(", ")),
            ),
        }
    }
    c.object(&format!("{path}.client"), set("client"));
    c.object(&format!("{path}.dataConnection"), set("dataConnection"));
    c.string(&format!("{path}.description"), set("description"));
    c.boolean(&format!("{path}.precomputable"), set("precomputable"));
    c.one_of(
        &format!("{path}.defaultReaction"),
        set("defaultReaction"),
        REACTIONS,
    );
    c.object(&format!("{path}.requirements"), set("requirements"));
    if let Some(d) = c.duration(&format!("{path}.timeout"), set("timeout"))
        && d > MAX_TIMEOUT
    {
        c.err(format!("{path}.timeout"), "must be at most 40s");
    }
    let body_only = set("http").is_none();
    for (key, extra) in [
        ("dynamicParameters", "schema"),
        ("staticParameters", "value"),
        ("automaticParameters", "knownValue"),
    ] {
        let Some(list) = c.array(&format!("{path}.{key}"), set(key)) else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            parameter(
                c,
                &format!("{path}.{key}[{i}]"),
                p,
                extra,
                body_only,
                url_pattern.as_deref(),
            );
        }
    }
    let name_path = format!("{path}.modelToolName");
    match set("modelToolName").and_then(Value::as_str) {
        Some(n) if is_tool_name(n) => Some(n.to_owned()),
        Some(_) => {
            c.err(name_path, "must match ^[a-zA-Z0-9_-]{1,64}$");
            None
        }
        None => {
            c.err(name_path, "this field is required");
            None
        }
    }
}

fn parameter(
    c: &mut Check,
    path: &str,
    p: &Value,
    extra: &str,
    body_only: bool,
    url_pattern: Option<&str>,
) {
    let Some(o) = c.object(path, Some(p)) else {
        return;
    };
    let allowed: &[&str] = match extra {
        "schema" => &["name", "location", "schema", "required"],
        "value" => &["name", "location", "value"],
        _ => &["name", "location", "knownValue"],
    };
    c.unknown_keys(path, o, allowed);
    let name = match o.get("name").and_then(Value::as_str) {
        Some(n) if !n.is_empty() => n,
        _ => {
            c.err(format!("{path}.name"), "this field is required");
            ""
        }
    };
    let location = o
        .get("location")
        .and_then(Value::as_str)
        .and_then(Location::parse);
    match location {
        None => c.err(
            format!("{path}.location"),
            "must be one of PARAMETER_LOCATION_QUERY, PARAMETER_LOCATION_PATH, PARAMETER_LOCATION_HEADER, PARAMETER_LOCATION_BODY",
        ),
        Some(l) if body_only && l != Location::Body => c.err(
            format!("{path}.location"),
            "client and data connection tools take body parameters only",
        ),
        Some(Location::Path) if url_pattern.is_some_and(|u| !u.contains(&format!("{{{name}}}"))) => {
            c.err(format!("{path}.location"), format!("baseUrlPattern has no {{{name}}} placeholder"));
        }
        Some(_) => {}
    }
    match extra {
        "schema" => {
            if !o.get("schema").is_some_and(Value::is_object) {
                c.err(format!("{path}.schema"), "must be a JSON schema object");
            }
            c.boolean(&format!("{path}.required"), o.get("required"));
        }
        "value" => {
            if o.get("value").is_none() {
                c.err(format!("{path}.value"), "this field is required");
            }
        }
        _ => match o.get("knownValue").and_then(Value::as_str) {
            Some(k) if KNOWN_VALUES.contains(&k) => {}
            _ => c.err(
                format!("{path}.knownValue"),
                format!("must be one of {}", KNOWN_VALUES.join(", ")),
            ),
        },
    }
}
