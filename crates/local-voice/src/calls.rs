//! A call's life: its creation (from what `setup` derives of the request),
//! every change after it (joined, ended, billed) with the webhook each
//! sends, the join and duration timers, and the messages and transcript
//! lines recorded along the way.
//!
//! The only code that changes a `CallRecord`. It never talks to the agent
//! (that is `turns`) and never parses HTTP (that is `api`).

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Map, Value, json};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use voice_types::voice::JoinServerMessage;

use crate::agent::Agent;
use crate::duration;
use crate::setup::{agent_setup, call_json, join_url, settings};
use crate::state::{CallEntry, CallRecord, Shared};
use crate::tools;
use crate::webhooks;

/// How long after `call.ended` the call is billed.
const BILLED_AFTER: Duration = Duration::from_millis(100);

/// The end reasons of the Call object.
pub const END_REASONS: &[&str] = &[
    "unjoined",
    "hangup",
    "agent_hangup",
    "timeout",
    "connection_error",
    "system_error",
];

/// Who said a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    User,
    Agent,
}

/// Creates a call from an accepted request body (already merged with the
/// prior call's settings, if any) and sends `call.started`.
pub fn create(
    shared: &Arc<Shared>,
    body: &Map<String, Value>,
    history: Vec<Value>,
) -> Arc<CallEntry> {
    let id = uuid::Uuid::new_v4().to_string();
    let created = Timestamp::now();
    let json = call_json(&id, body, &join_url(&shared.config.base_url, &id), created);
    let selected = body
        .get("selectedTools")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let tools = tools::parse_selected(selected);
    let settings = settings(body);
    let setup = agent_setup(body, &tools, &settings);
    let business = setup.business;
    let agent = Agent::new(setup, shared.catalog, Arc::clone(&shared.extractor));
    let mut messages = history;
    for m in body
        .get("initialMessages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        messages.push(m.clone());
    }
    let (frames, _) = broadcast::channel(256);
    let entry = Arc::new(CallEntry {
        id: id.clone(),
        record: std::sync::Mutex::new(CallRecord {
            json,
            created,
            joined_at: None,
            is_ended: false,
            messages,
            transcript: Vec::new(),
            call_state: body
                .get("initialState")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            stage_id: uuid::Uuid::new_v4().to_string(),
            sockets: 0,
            socket_joins: 0,
            caller_turns: 0,
        }),
        agent: tokio::sync::Mutex::new(agent),
        frames,
        ended: CancellationToken::new(),
        tools,
        settings,
        request: body.clone(),
    });
    shared.calls.insert(id.clone(), Arc::clone(&entry));
    tracing::info!(call_id = %id, business = business.as_str(), "call created");
    let snapshot = entry.lock().snapshot();
    webhooks::emit(shared, "call.started", snapshot, body.get("callbacks"));
    spawn_join_timer(Arc::clone(shared), Arc::clone(&entry));
    entry
}

/// Marks the call joined; returns false when it already was, or has ended.
pub fn mark_joined(
    shared: &Arc<Shared>,
    entry: &Arc<CallEntry>,
    client_version: Option<String>,
) -> bool {
    let snapshot = {
        let mut r = entry.lock();
        if r.is_ended || r.joined_at.is_some() {
            return false;
        }
        let now = Timestamp::now();
        r.joined_at = Some(now);
        r.json.insert("joined".into(), json!(now.to_string()));
        if let Some(v) = client_version {
            r.json.insert("clientVersion".into(), json!(v));
        }
        r.snapshot()
    };
    tracing::info!(call_id = %entry.id, "call joined");
    webhooks::emit(
        shared,
        "call.joined",
        snapshot,
        entry.request.get("callbacks"),
    );
    spawn_max_duration_timer(Arc::clone(shared), Arc::clone(entry));
    crate::inactivity::spawn(Arc::clone(shared), Arc::clone(entry));
    true
}

/// Ends the call with `reason`; returns false when it had ended already.
/// Sends `call_ended` to joined sockets, `call.ended` now and `call.billed`
/// shortly after.
pub fn end(shared: &Arc<Shared>, entry: &Arc<CallEntry>, reason: &str) -> bool {
    let snapshot = {
        let mut r = entry.lock();
        if r.is_ended {
            return false;
        }
        r.is_ended = true;
        r.json
            .insert("ended".into(), json!(Timestamp::now().to_string()));
        r.json.insert("endReason".into(), json!(reason));
        // Sent under the lock, so a socket joining now either sees the
        // frame or finds the call ended in its snapshot.
        let _ = entry.frames.send(JoinServerMessage::CallEnded {
            end_reason: reason.to_owned(),
        });
        r.snapshot()
    };
    entry.ended.cancel();
    tracing::info!(call_id = %entry.id, reason, "call ended");
    webhooks::emit(
        shared,
        "call.ended",
        snapshot,
        entry.request.get("callbacks"),
    );
    let (shared, entry) = (Arc::clone(shared), Arc::clone(entry));
    tokio::spawn(async move {
        tokio::time::sleep(BILLED_AFTER).await;
        let snapshot = {
            let mut r = entry.lock();
            let billed = match r.joined_at {
                Some(joined) => Timestamp::now().duration_since(joined).unsigned_abs(),
                None => Duration::ZERO,
            };
            let billed =
                Duration::from_millis(u64::try_from(billed.as_millis()).unwrap_or(u64::MAX));
            r.json
                .insert("billingStatus".into(), json!("BILLING_STATUS_BILLED"));
            r.json
                .insert("billedDuration".into(), json!(duration::format(billed)));
            r.snapshot()
        };
        webhooks::emit(
            &shared,
            "call.billed",
            snapshot,
            entry.request.get("callbacks"),
        );
    });
    true
}

/// Records a caller or agent line as a message and a transcript frame.
/// Returns false (and records nothing) once the call has ended.
pub fn record_line(entry: &CallEntry, speaker: Speaker, medium: &str, text: &str) -> bool {
    let mut r = entry.lock();
    if r.is_ended {
        return false;
    }
    let (role, who) = match speaker {
        Speaker::User => ("MESSAGE_ROLE_USER", "user"),
        Speaker::Agent => ("MESSAGE_ROLE_AGENT", "agent"),
    };
    let medium_name = if medium == "text" {
        "MESSAGE_MEDIUM_TEXT"
    } else {
        "MESSAGE_MEDIUM_VOICE"
    };
    let message = json!({"role": role, "text": text, "medium": medium_name});
    push_message(&mut r, message);
    if speaker == Speaker::User {
        r.caller_turns += 1;
    }
    let ordinal = u32::try_from(r.transcript.len()).unwrap_or(u32::MAX);
    let frame = JoinServerMessage::Transcript {
        role: who.to_owned(),
        medium: medium.to_owned(),
        text: text.to_owned(),
        is_final: true,
        ordinal,
    };
    r.transcript.push(frame.clone());
    let _ = entry.frames.send(frame);
    true
}

/// Records a `MESSAGE_ROLE_TOOL_CALL` (arguments JSON-encoded).
pub fn record_tool_call(
    entry: &CallEntry,
    tool: &str,
    invocation_id: &str,
    args: &Map<String, Value>,
) {
    let mut r = entry.lock();
    let text = Value::Object(args.clone()).to_string();
    push_message(
        &mut r,
        json!({"role": "MESSAGE_ROLE_TOOL_CALL", "text": text, "toolName": tool, "invocationId": invocation_id}),
    );
}

/// Records a `MESSAGE_ROLE_TOOL_RESULT`; `error_details` for failures,
/// `state_update` merged into the call state when the tool sent one.
pub fn record_tool_result(
    entry: &CallEntry,
    tool: &str,
    invocation_id: &str,
    text: &str,
    error_details: Option<&str>,
    state_update: Option<&Map<String, Value>>,
) {
    let mut r = entry.lock();
    let mut message = json!({
        "role": "MESSAGE_ROLE_TOOL_RESULT",
        "text": text,
        "toolName": tool,
        "invocationId": invocation_id,
    });
    if let Some(details) = error_details {
        message["errorDetails"] = json!(details);
    }
    if let Some(update) = state_update {
        for (k, v) in update {
            r.call_state.insert(k.clone(), v.clone());
        }
        message["callState"] = Value::Object(r.call_state.clone());
    }
    push_message(&mut r, message);
}

/// Starts a new call stage (a `new-stage` tool answer).
pub fn new_stage(entry: &CallEntry) {
    entry.lock().stage_id = uuid::Uuid::new_v4().to_string();
}

/// Tells joined sockets what the agent is doing.
pub fn set_state(entry: &CallEntry, state: &str) {
    let r = entry.lock();
    if !r.is_ended {
        let _ = entry.frames.send(JoinServerMessage::State {
            state: state.to_owned(),
        });
    }
}

fn push_message(r: &mut CallRecord, mut message: Value) {
    let start = r.joined_at.unwrap_or(r.created);
    let offset = Timestamp::now().duration_since(start).unsigned_abs();
    let at = duration::format(Duration::from_millis(
        u64::try_from(offset.as_millis()).unwrap_or(0),
    ));
    message["callStageId"] = json!(r.stage_id);
    message["callStageMessageIndex"] = json!(r.messages.len());
    message["timespan"] = json!({"start": at, "end": at});
    r.messages.push(message);
}

fn spawn_join_timer(shared: Arc<Shared>, entry: Arc<CallEntry>) {
    let wait = entry.settings.join_timeout;
    tokio::spawn(async move {
        tokio::select! {
            () = entry.ended.cancelled() => {}
            () = tokio::time::sleep(wait) => {
                let joined = entry.lock().joined_at.is_some();
                if !joined {
                    tracing::info!(call_id = %entry.id, "nobody joined within joinTimeout");
                    end(&shared, &entry, "unjoined");
                }
            }
        }
    });
}

fn spawn_max_duration_timer(shared: Arc<Shared>, entry: Arc<CallEntry>) {
    let wait = entry.settings.max_duration;
    tokio::spawn(async move {
        tokio::select! {
            () = entry.ended.cancelled() => {}
            () = tokio::time::sleep(wait) => {
                tracing::info!(call_id = %entry.id, "call reached maxDuration");
                if let Some(message) = &entry.settings.time_exceeded_message {
                    record_line(&entry, Speaker::Agent, entry.settings.agent_medium, message);
                }
                end(&shared, &entry, "timeout");
            }
        }
    });
}
