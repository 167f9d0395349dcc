//! Strict validation of `POST /api/calls` (reference §2.1, §3, §9.2): the
//! checks the real API makes, so code that passes here does not get a 400
//! from Ultravox.
//!
//! Errors are DRF-style, keyed by the path of the offending field
//! (`selectedTools[1].temporaryTool.modelToolName`), each with a list of
//! lower-case messages. `null` counts as absent, as in protobuf JSON. This
//! module only judges; it never builds a call.

mod tools;

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use url::Url;

use crate::duration;
use crate::validate::tools::selected_tools;

/// Field path → messages. Empty means accepted.
pub type Errors = BTreeMap<String, Vec<String>>;

/// The documented `StartCallRequest` fields.
pub const START_CALL_FIELDS: &[&str] = &[
    "systemPrompt",
    "temperature",
    "model",
    "voice",
    "externalVoice",
    "voiceOverrides",
    "languageHint",
    "initialMessages",
    "joinTimeout",
    "maxDuration",
    "timeExceededMessage",
    "inactivityMessages",
    "selectedTools",
    "medium",
    "recordingEnabled",
    "firstSpeaker",
    "firstSpeakerSettings",
    "initialOutputMedium",
    "vadSettings",
    "metadata",
    "initialState",
    "dataConnection",
    "callbacks",
    "sharedSecrets",
    "retentionPolicy",
    "experimentalSettings",
    "transcriptOptional",
];

const MEDIUMS: &[&str] = &[
    "webRtc",
    "twilio",
    "serverWebSocket",
    "telnyx",
    "plivo",
    "exotel",
    "sip",
];
const END_BEHAVIORS: &[&str] = &[
    "END_BEHAVIOR_UNSPECIFIED",
    "END_BEHAVIOR_HANG_UP_SOFT",
    "END_BEHAVIOR_HANG_UP_STRICT",
];
const ROLES: &[&str] = &[
    "MESSAGE_ROLE_UNSPECIFIED",
    "MESSAGE_ROLE_USER",
    "MESSAGE_ROLE_AGENT",
    "MESSAGE_ROLE_TOOL_CALL",
    "MESSAGE_ROLE_TOOL_RESULT",
];
const OUTPUT_MEDIUMS: &[&str] = &["MESSAGE_MEDIUM_VOICE", "MESSAGE_MEDIUM_TEXT"];
const FIRST_SPEAKERS: &[&str] = &["FIRST_SPEAKER_AGENT", "FIRST_SPEAKER_USER"];
const RETENTION: &[&str] = &[
    "CALL_RETENTION_POLICY_RETAIN",
    "CALL_RETENTION_POLICY_AUTO_DELETE",
];

/// Validates a create-call body and its query parameters.
pub fn start_call(body: &Value, query: &BTreeMap<String, String>) -> Errors {
    let mut c = Check::default();
    for (key, value) in query {
        match key.as_str() {
            "enableGreetingPrompt" if !matches!(value.as_str(), "true" | "false") => {
                c.err(key, "must be true or false");
            }
            "priorCallId" if uuid::Uuid::parse_str(value).is_err() => {
                c.err(key, "must be a valid uuid");
            }
            _ => {}
        }
    }
    let Some(obj) = body.as_object() else {
        c.err("non_field_errors", "expected a JSON object");
        return c.errors;
    };
    for key in obj.keys() {
        if !START_CALL_FIELDS.contains(&key.as_str()) {
            c.err(key, "unknown field");
        }
    }
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
    for key in ["systemPrompt", "model", "voice", "timeExceededMessage"] {
        c.string(key, get(key));
    }
    if let Some(hint) = c.string("languageHint", get("languageHint"))
        && hint.chars().count() > 16
    {
        c.err("languageHint", "must be at most 16 characters");
    }
    if let Some(t) = get("temperature") {
        match t.as_f64() {
            Some(t) if (0.0..=1.0).contains(&t) => {}
            _ => c.err("temperature", "must be a number from 0 to 1"),
        }
    }
    for key in ["joinTimeout", "maxDuration"] {
        c.duration(key, get(key));
    }
    for key in ["recordingEnabled", "transcriptOptional"] {
        c.boolean(key, get(key));
    }
    for key in [
        "externalVoice",
        "voiceOverrides",
        "initialState",
        "experimentalSettings",
    ] {
        c.object(key, get(key));
    }
    if get("voice").is_some() && get("externalVoice").is_some() {
        c.err(
            "externalVoice",
            "voice and externalVoice cannot both be set",
        );
    }
    if get("voiceOverrides").is_some() && get("voice").is_none() {
        c.err("voiceOverrides", "voiceOverrides requires voice");
    }
    c.one_of(
        "initialOutputMedium",
        get("initialOutputMedium"),
        OUTPUT_MEDIUMS,
    );
    c.one_of("retentionPolicy", get("retentionPolicy"), RETENTION);
    metadata(&mut c, get("metadata"));
    medium(&mut c, get("medium"));
    if let Some(tools) = get("selectedTools") {
        selected_tools(&mut c, tools);
    }
    inactivity(&mut c, get("inactivityMessages"));
    first_speaker(&mut c, get("firstSpeaker"), get("firstSpeakerSettings"));
    initial_messages(
        &mut c,
        get("initialMessages"),
        query.contains_key("priorCallId"),
    );
    vad(&mut c, get("vadSettings"));
    data_connection(&mut c, get("dataConnection"));
    callbacks(&mut c, get("callbacks"));
    shared_secrets(&mut c, get("sharedSecrets"));
    c.errors
}

/// Whether `name` is a valid model-facing tool name.
pub fn is_tool_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// An absolute http(s) URL with a host; `{param}` placeholders allowed.
pub fn is_http_url(pattern: &str) -> bool {
    let mut plain = String::with_capacity(pattern.len());
    let mut depth = 0;
    for ch in pattern.chars() {
        match ch {
            '{' => {
                depth += 1;
                plain.push('x');
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => plain.push(ch),
        }
    }
    Url::parse(&plain)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

#[derive(Default)]
struct Check {
    errors: Errors,
}

impl Check {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors
            .entry(path.into())
            .or_default()
            .push(message.into());
    }

    fn string<'v>(&mut self, path: &str, v: Option<&'v Value>) -> Option<&'v str> {
        let v = v?;
        let s = v.as_str();
        if s.is_none() {
            self.err(path, "must be a string");
        }
        s
    }

    fn boolean(&mut self, path: &str, v: Option<&Value>) {
        if v.is_some_and(|v| !v.is_boolean()) {
            self.err(path, "must be a boolean");
        }
    }

    fn object<'v>(&mut self, path: &str, v: Option<&'v Value>) -> Option<&'v Map<String, Value>> {
        let v = v?;
        let o = v.as_object();
        if o.is_none() {
            self.err(path, "must be a JSON object");
        }
        o
    }

    fn array<'v>(&mut self, path: &str, v: Option<&'v Value>) -> Option<&'v Vec<Value>> {
        let v = v?;
        let a = v.as_array();
        if a.is_none() {
            self.err(path, "must be a list");
        }
        a
    }

    fn duration(&mut self, path: &str, v: Option<&Value>) -> Option<std::time::Duration> {
        let s = self.string(path, v)?;
        let d = duration::parse(s);
        if d.is_none() {
            self.err(
                path,
                format!("\"{s}\" is not a duration: use seconds with an \"s\" suffix, like \"30s\" or \"2.5s\""),
            );
        }
        d
    }

    fn one_of(&mut self, path: &str, v: Option<&Value>, allowed: &[&str]) {
        if let Some(s) = self.string(path, v)
            && !allowed.contains(&s)
        {
            self.err(
                path,
                format!("\"{s}\" is not one of {}", allowed.join(", ")),
            );
        }
    }

    fn unknown_keys(&mut self, path: &str, o: &Map<String, Value>, allowed: &[&str]) {
        for key in o.keys() {
            if !allowed.contains(&key.as_str()) {
                self.err(format!("{path}.{key}"), "unknown field");
            }
        }
    }
}

fn metadata(c: &mut Check, v: Option<&Value>) {
    let Some(m) = c.object("metadata", v) else {
        return;
    };
    for (key, value) in m {
        if key.starts_with("ultravox.") {
            c.err(
                format!("metadata.{key}"),
                "keys starting with \"ultravox.\" are reserved",
            );
        }
        if !value.is_string() {
            c.err(format!("metadata.{key}"), "metadata values must be strings");
        }
    }
}

fn medium(c: &mut Check, v: Option<&Value>) {
    let Some(m) = c.object("medium", v) else {
        return;
    };
    if m.len() > 1 {
        c.err("medium", "set at most one medium");
    }
    for (key, value) in m {
        if !MEDIUMS.contains(&key.as_str()) {
            c.err(
                format!("medium.{key}"),
                format!("unknown medium; use one of {}", MEDIUMS.join(", ")),
            );
        } else if !value.is_object() && !value.is_null() {
            c.err(format!("medium.{key}"), "must be a JSON object");
        }
    }
    if let Some(ws) = m.get("serverWebSocket").and_then(Value::as_object) {
        if ws.get("inputSampleRate").is_none_or(|r| !r.is_u64()) {
            c.err(
                "medium.serverWebSocket.inputSampleRate",
                "this field is required",
            );
        }
        c.duration(
            "medium.serverWebSocket.mediaIdleTimeout",
            ws.get("mediaIdleTimeout"),
        );
    }
}

fn inactivity(c: &mut Check, v: Option<&Value>) {
    let Some(list) = c.array("inactivityMessages", v) else {
        return;
    };
    for (i, m) in list.iter().enumerate() {
        let path = format!("inactivityMessages[{i}]");
        let Some(o) = c.object(&path, Some(m)) else {
            continue;
        };
        c.unknown_keys(&path, o, &["duration", "message", "endBehavior"]);
        c.duration(&format!("{path}.duration"), o.get("duration"));
        c.string(&format!("{path}.message"), o.get("message"));
        c.one_of(
            &format!("{path}.endBehavior"),
            o.get("endBehavior"),
            END_BEHAVIORS,
        );
    }
}

fn first_speaker(c: &mut Check, speaker: Option<&Value>, settings: Option<&Value>) {
    c.one_of("firstSpeaker", speaker, FIRST_SPEAKERS);
    let Some(s) = c.object("firstSpeakerSettings", settings) else {
        return;
    };
    c.unknown_keys("firstSpeakerSettings", s, &["agent", "user"]);
    let who: Vec<&str> = ["agent", "user"]
        .into_iter()
        .filter(|k| s.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    if who.len() != 1 {
        c.err("firstSpeakerSettings", "set exactly one of agent or user");
    }
    if let Some(agent) = c.object("firstSpeakerSettings.agent", s.get("agent")) {
        c.unknown_keys(
            "firstSpeakerSettings.agent",
            agent,
            &["uninterruptible", "text", "prompt", "delay"],
        );
        c.string("firstSpeakerSettings.agent.text", agent.get("text"));
        c.string("firstSpeakerSettings.agent.prompt", agent.get("prompt"));
        c.boolean(
            "firstSpeakerSettings.agent.uninterruptible",
            agent.get("uninterruptible"),
        );
        c.duration("firstSpeakerSettings.agent.delay", agent.get("delay"));
    }
    if let Some(user) = c.object("firstSpeakerSettings.user", s.get("user")) {
        c.unknown_keys("firstSpeakerSettings.user", user, &["fallback"]);
        if let Some(f) = c.object("firstSpeakerSettings.user.fallback", user.get("fallback")) {
            c.duration("firstSpeakerSettings.user.fallback.delay", f.get("delay"));
        }
    }
    let expected = match speaker.and_then(Value::as_str) {
        Some("FIRST_SPEAKER_AGENT") => Some("agent"),
        Some("FIRST_SPEAKER_USER") => Some("user"),
        _ => None,
    };
    if let (Some(e), [w]) = (expected, who.as_slice())
        && e != *w
    {
        c.err("firstSpeaker", "must match firstSpeakerSettings");
    }
}

fn initial_messages(c: &mut Check, v: Option<&Value>, prior_call: bool) {
    let Some(list) = c.array("initialMessages", v) else {
        return;
    };
    if prior_call {
        c.err(
            "initialMessages",
            "initialMessages cannot be set together with priorCallId",
        );
    }
    for (i, m) in list.iter().enumerate() {
        let path = format!("initialMessages[{i}]");
        let Some(o) = c.object(&path, Some(m)) else {
            continue;
        };
        c.one_of(&format!("{path}.role"), o.get("role"), ROLES);
        c.string(&format!("{path}.text"), o.get("text"));
        c.one_of(&format!("{path}.medium"), o.get("medium"), OUTPUT_MEDIUMS);
    }
}

fn vad(c: &mut Check, v: Option<&Value>) {
    let Some(o) = c.object("vadSettings", v) else {
        return;
    };
    c.unknown_keys(
        "vadSettings",
        o,
        &[
            "turnEndpointDelay",
            "minimumTurnDuration",
            "minimumInterruptionDuration",
            "frameActivationThreshold",
        ],
    );
    for key in [
        "turnEndpointDelay",
        "minimumTurnDuration",
        "minimumInterruptionDuration",
    ] {
        c.duration(&format!("vadSettings.{key}"), o.get(key));
    }
    if let Some(t) = o.get("frameActivationThreshold")
        && !t.as_f64().is_some_and(|t| (0.1..=1.0).contains(&t))
    {
        c.err(
            "vadSettings.frameActivationThreshold",
            "must be a number from 0.1 to 1",
        );
    }
}

fn data_connection(c: &mut Check, v: Option<&Value>) {
    let Some(o) = c.object("dataConnection", v) else {
        return;
    };
    let url = o.get("websocketUrl").and_then(Value::as_str);
    if !url
        .and_then(|u| Url::parse(u).ok())
        .is_some_and(|u| matches!(u.scheme(), "ws" | "wss"))
    {
        c.err(
            "dataConnection.websocketUrl",
            "must be an absolute ws(s) URL",
        );
    }
}

fn callbacks(c: &mut Check, v: Option<&Value>) {
    let Some(o) = c.object("callbacks", v) else {
        return;
    };
    c.unknown_keys("callbacks", o, &["joined", "ended", "billed"]);
    for (key, cb) in o {
        let path = format!("callbacks.{key}");
        let Some(cb) = c.object(&path, Some(cb)) else {
            continue;
        };
        if !cb
            .get("url")
            .and_then(Value::as_str)
            .is_some_and(is_http_url)
        {
            c.err(format!("{path}.url"), "must be an absolute http(s) URL");
        }
        if let Some(secrets) = c.array(&format!("{path}.secrets"), cb.get("secrets"))
            && secrets.iter().any(|s| !s.is_string())
        {
            c.err(format!("{path}.secrets"), "must be a list of strings");
        }
    }
}

fn shared_secrets(c: &mut Check, v: Option<&Value>) {
    let Some(list) = c.array("sharedSecrets", v) else {
        return;
    };
    for (i, s) in list.iter().enumerate() {
        if !s
            .as_str()
            .is_some_and(|s| (16..=127).contains(&s.chars().count()))
        {
            c.err(
                format!("sharedSecrets[{i}]"),
                "must be a string of 16 to 127 characters",
            );
        }
    }
}
