//! One HTTP tool invocation: the request built from the tool's parameters
//! and the model's arguments, sent with the tool's timeout, logged, and its
//! answer read for the control headers (`X-Ultravox-Response-Type`,
//! `X-Ultravox-Update-Call-State`, `X-Ultravox-Agent-Reaction`).

use reqwest::Method;
use serde_json::{Map, Value, json};
use url::Url;

use crate::duration;
use crate::state::{Shared, ToolRequestLog, lock};
use crate::tools::{Location, ToolDef, ToolKind};

/// What Ultravox fills in for automatic parameters.
#[derive(Debug, Clone)]
pub struct KnownValues {
    pub call_id: String,
    pub call_state: Map<String, Value>,
    pub metadata: Map<String, Value>,
    pub stage_id: String,
    pub history: Vec<Value>,
}

impl KnownValues {
    fn get(&self, known: &str) -> Option<Value> {
        match known {
            "KNOWN_PARAM_CALL_ID" => Some(Value::String(self.call_id.clone())),
            "KNOWN_PARAM_CALL_STATE" => Some(Value::Object(self.call_state.clone())),
            "KNOWN_PARAM_CALL_METADATA" => Some(Value::Object(self.metadata.clone())),
            "KNOWN_PARAM_CALL_STAGE_ID" => Some(Value::String(self.stage_id.clone())),
            "KNOWN_PARAM_CONVERSATION_HISTORY" => Some(Value::Array(self.history.clone())),
            "KNOWN_PARAM_OUTPUT_SAMPLE_RATE" => Some(json!(48000)),
            _ => None,
        }
    }
}

/// How an invocation ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A 2xx answer, with the control headers it carried.
    Answered {
        status: u16,
        body: String,
        /// `X-Ultravox-Response-Type: hang-up`.
        hang_up: bool,
        /// `X-Ultravox-Response-Type: new-stage`.
        new_stage: bool,
        /// `X-Ultravox-Update-Call-State`, when it held a JSON object.
        update_state: Option<Map<String, Value>>,
        /// `X-Ultravox-Agent-Reaction` (`speaks`, `listens`, `speaks-once`).
        reaction: Option<String>,
    },
    /// Non-2xx, timeout, unreachable, or a tool the provider cannot run.
    Failed { detail: String },
}

/// Sends one invocation of `tool` with the model's `args` and logs it.
pub async fn invoke(
    shared: &Shared,
    tool: &ToolDef,
    args: &Map<String, Value>,
    known: &KnownValues,
    invocation_id: &str,
) -> Outcome {
    let ToolKind::Http {
        url_pattern,
        method,
    } = &tool.kind
    else {
        let detail = format!(
            "tool {} is not an HTTP tool; the local provider runs only HTTP tools",
            tool.name
        );
        tracing::warn!(call_id = %known.call_id, tool = %tool.name, "{detail}");
        return Outcome::Failed { detail };
    };
    let request = match build(tool, url_pattern, method, args, known) {
        Ok(r) => r,
        Err(detail) => {
            tracing::warn!(call_id = %known.call_id, tool = %tool.name, %detail, "cannot build the tool request");
            return Outcome::Failed { detail };
        }
    };
    let mut log = ToolRequestLog {
        call_id: known.call_id.clone(),
        tool: tool.name.clone(),
        invocation_id: invocation_id.to_owned(),
        method: request.method.to_string(),
        url: request.url.to_string(),
        headers: request.headers.clone(),
        body: request.body.clone(),
        status: None,
        response_body: None,
        error: None,
    };
    let outcome = send(shared, tool, request).await;
    match &outcome {
        SendResult::Answer { status, body, .. } => {
            log.status = Some(*status);
            log.response_body = Some(body.clone());
        }
        SendResult::NoAnswer(e) => log.error = Some(e.clone()),
    }
    tracing::info!(
        call_id = %known.call_id, tool = %tool.name, url = %log.url,
        status = ?log.status, error = ?log.error, "invoked http tool"
    );
    lock(&shared.tool_requests).push(log);
    interpret(outcome)
}

/// A request ready to send.
#[derive(Debug, Clone)]
struct Built {
    method: Method,
    url: Url,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

fn build(
    tool: &ToolDef,
    url_pattern: &str,
    method: &str,
    args: &Map<String, Value>,
    known: &KnownValues,
) -> Result<Built, String> {
    let mut values: Vec<(&str, Location, Value)> = Vec::new();
    for p in &tool.dynamic {
        let value = tool.overrides.get(&p.name).or_else(|| args.get(&p.name));
        if let Some(v) = value {
            values.push((&p.name, p.location, v.clone()));
        }
    }
    for p in &tool.statics {
        values.push((&p.name, p.location, p.value.clone()));
    }
    for p in &tool.automatic {
        if let Some(v) = p.value.as_str().and_then(|k| known.get(k)) {
            values.push((&p.name, p.location, v));
        }
    }
    let mut url_text = url_pattern.to_owned();
    for (name, location, value) in &values {
        if *location == Location::Path {
            url_text = url_text.replace(&format!("{{{name}}}"), &encode_path(&plain(value)));
        }
    }
    let mut url = Url::parse(&url_text).map_err(|e| format!("bad tool url {url_text}: {e}"))?;
    let mut headers = Vec::new();
    let mut body = Map::new();
    for (name, location, value) in values {
        match location {
            Location::Query => {
                url.query_pairs_mut().append_pair(name, &plain(&value));
            }
            Location::Header => headers.push((name.to_ascii_lowercase(), plain(&value))),
            Location::Body => {
                body.insert(name.to_owned(), value);
            }
            Location::Path => {}
        }
    }
    apply_auth(tool, &mut url, &mut headers);
    let method = Method::from_bytes(method.as_bytes())
        .map_err(|e| format!("bad http method {method}: {e}"))?;
    let body = (!body.is_empty() || method != Method::GET).then_some(Value::Object(body));
    if body.is_some() {
        headers.push(("content-type".into(), "application/json".into()));
    }
    Ok(Built {
        method,
        url,
        headers,
        body,
    })
}

/// `authTokens` applied to the first security option they satisfy.
fn apply_auth(tool: &ToolDef, url: &mut Url, headers: &mut Vec<(String, String)>) {
    let options = tool
        .definition
        .pointer("/requirements/httpSecurityOptions/options")
        .and_then(Value::as_array);
    let Some(options) = options else { return };
    for option in options {
        let Some(reqs) = option.get("requirements").and_then(Value::as_object) else {
            continue;
        };
        if !reqs.keys().all(|k| tool.auth_tokens.contains_key(k)) {
            continue;
        }
        for (req_name, req) in reqs {
            let token = tool
                .auth_tokens
                .get(req_name)
                .map(plain)
                .unwrap_or_default();
            if let Some(name) = req.pointer("/queryApiKey/name").and_then(Value::as_str) {
                url.query_pairs_mut().append_pair(name, &token);
            } else if let Some(name) = req.pointer("/headerApiKey/name").and_then(Value::as_str) {
                headers.push((name.to_ascii_lowercase(), token));
            } else if let Some(scheme) = req.pointer("/httpAuth/scheme").and_then(Value::as_str) {
                headers.push(("authorization".into(), format!("{scheme} {token}")));
            }
        }
        return;
    }
}

enum SendResult {
    Answer {
        status: u16,
        body: String,
        headers: reqwest::header::HeaderMap,
    },
    NoAnswer(String),
}

async fn send(shared: &Shared, tool: &ToolDef, built: Built) -> SendResult {
    let mut request = shared
        .http
        .request(built.method, built.url)
        .timeout(tool.timeout);
    for (name, value) in &built.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    if let Some(body) = &built.body {
        request = request.body(body.to_string());
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => {
            return SendResult::NoAnswer(format!(
                "timed out after {}",
                duration::format(tool.timeout)
            ));
        }
        Err(e) => return SendResult::NoAnswer(format!("request failed: {e}")),
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    match response.text().await {
        Ok(body) => SendResult::Answer {
            status,
            body,
            headers,
        },
        Err(e) if e.is_timeout() => SendResult::NoAnswer(format!(
            "timed out reading the answer after {}",
            duration::format(tool.timeout)
        )),
        Err(e) => SendResult::NoAnswer(format!("reading the answer failed: {e}")),
    }
}

fn interpret(result: SendResult) -> Outcome {
    let (status, body, headers) = match result {
        SendResult::Answer {
            status,
            body,
            headers,
        } => (status, body, headers),
        SendResult::NoAnswer(detail) => return Outcome::Failed { detail },
    };
    if !(200..300).contains(&status) {
        return Outcome::Failed {
            detail: format!("status {status}: {}", clip(&body, 500)),
        };
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let response_type = header("x-ultravox-response-type").unwrap_or_default();
    let update_state = header("x-ultravox-update-call-state")
        .and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .and_then(|v| v.as_object().cloned());
    Outcome::Answered {
        status,
        body,
        hang_up: response_type.eq_ignore_ascii_case("hang-up"),
        new_stage: response_type.eq_ignore_ascii_case("new-stage"),
        update_state,
        reaction: header("x-ultravox-agent-reaction"),
    }
}

/// A value as a header, query or path string: strings bare, the rest as JSON.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::tools::{DEFAULT_TIMEOUT, MAX_TIMEOUT, parse_selected};

    fn known() -> KnownValues {
        KnownValues {
            call_id: "c-1".into(),
            call_state: Map::new(),
            metadata: Map::new(),
            stage_id: "s-1".into(),
            history: Vec::new(),
        }
    }

    #[test]
    fn places_every_parameter_where_its_definition_says() {
        let entry = json!({"temporaryTool": {
            "modelToolName": "getOrderStatus",
            "dynamicParameters": [
                {"name": "orderId", "location": "PARAMETER_LOCATION_PATH", "schema": {"type": "string"}, "required": true},
                {"name": "verbose", "location": "PARAMETER_LOCATION_QUERY", "schema": {"type": "boolean"}},
                {"name": "phone", "location": "PARAMETER_LOCATION_BODY", "schema": {"type": "string"}}
            ],
            "staticParameters": [{"name": "X-Voice-Tool-Secret", "location": "PARAMETER_LOCATION_HEADER", "value": "s3cret"}],
            "automaticParameters": [{"name": "callId", "location": "PARAMETER_LOCATION_BODY", "knownValue": "KNOWN_PARAM_CALL_ID"}],
            "http": {"baseUrlPattern": "http://example.test/orders/{orderId}", "httpMethod": "post"}
        }});
        let tools = parse_selected(&[entry]);
        let tool = &tools[0];
        let ToolKind::Http {
            url_pattern,
            method,
        } = &tool.kind
        else {
            panic!("an http tool")
        };
        let args = json!({"orderId": "A 1", "verbose": true, "phone": "+447700900123"});
        let built = build(
            tool,
            url_pattern,
            method,
            args.as_object().unwrap(),
            &known(),
        )
        .unwrap();
        assert_eq!(built.method, Method::POST);
        assert_eq!(
            built.url.as_str(),
            "http://example.test/orders/A%201?verbose=true"
        );
        assert!(
            built
                .headers
                .contains(&("x-voice-tool-secret".into(), "s3cret".into()))
        );
        assert_eq!(
            built.body,
            Some(json!({"phone": "+447700900123", "callId": "c-1"}))
        );
    }

    #[test]
    fn timeouts_default_and_cap() {
        let t = |timeout: Option<&str>| {
            let mut tool = json!({"modelToolName": "x", "http": {"baseUrlPattern": "http://a.test/", "httpMethod": "GET"}});
            if let Some(t) = timeout {
                tool["timeout"] = json!(t);
            }
            parse_selected(&[json!({"temporaryTool": tool})])[0].timeout
        };
        assert_eq!(t(None), DEFAULT_TIMEOUT);
        assert_eq!(t(Some("5s")), Duration::from_secs(5));
        assert_eq!(t(Some("90s")), MAX_TIMEOUT);
    }
}
