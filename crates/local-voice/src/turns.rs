//! Turns: runs the agent against a call. Records the caller's line, asks
//! the agent, and carries out its actions in order: say a line (recorded
//! and sent to joined sockets), invoke a tool over HTTP (recorded as
//! TOOL_CALL / TOOL_RESULT, its control headers obeyed) and feed the answer
//! back, or hang up.
//!
//! A whole turn holds the call's agent lock, so turns never interleave.
//! State frames show `thinking` while extracting or waiting for a tool,
//! `speaking` while a line is said, then `listening`.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::Value;
use voice_domain::extract::clock_now;
use voice_types::voice::{ToolReply, VoiceTool};

use crate::agent::{Action, Agent, ToolCall, ToolOutcome};
use crate::calls::{self, Speaker};
use crate::state::{CallEntry, Shared};
use crate::tools::{self, KnownValues, Outcome};

/// Why a caller's turn was not taken.
#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    #[error("call {0} has ended")]
    Ended(String),
}

/// The agent's opening line(s), if it speaks first.
pub async fn greet(shared: &Arc<Shared>, entry: &Arc<CallEntry>) -> Vec<String> {
    let mut agent = entry.agent.lock().await;
    let actions = agent.greet();
    let lines = run(shared, entry, &mut agent, actions).await;
    finish(entry);
    lines
}

/// The caller says `text` (`medium` is `voice` or `text`); returns what
/// the agent said in answer, after any tool calls finished.
pub async fn caller_says(
    shared: &Arc<Shared>,
    entry: &Arc<CallEntry>,
    text: &str,
    medium: &str,
) -> Result<Vec<String>, TurnError> {
    let mut agent = entry.agent.lock().await;
    if !calls::record_line(entry, Speaker::User, medium, text) {
        return Err(TurnError::Ended(entry.id.clone()));
    }
    calls::set_state(entry, "thinking");
    pause(shared).await;
    // Like a model told to, pass every caller turn to `processVoiceInput`
    // when the call has it (it fills the caller's on-screen form); its
    // answer does not change what the agent says.
    if entry
        .tools
        .iter()
        .any(|t| t.name == VoiceTool::ProcessVoiceInput.name())
    {
        let mut args = serde_json::Map::new();
        args.insert("text".to_owned(), Value::String(text.to_owned()));
        let call = ToolCall {
            tool: VoiceTool::ProcessVoiceInput,
            name: VoiceTool::ProcessVoiceInput.name().to_owned(),
            args,
        };
        invoke(shared, entry, &call).await;
    }
    let now = clock_now(&shared.catalog.timezone);
    let actions = agent.hear(text, now);
    tracing::debug!(call_id = %entry.id, text, actions = actions.len(), "caller turn");
    let lines = run(shared, entry, &mut agent, actions).await;
    finish(entry);
    Ok(lines)
}

/// The agent says `text` as it is (`forced_agent_message`, hang-up words).
pub async fn agent_says(shared: &Arc<Shared>, entry: &Arc<CallEntry>, text: &str) {
    let mut agent = entry.agent.lock().await;
    run(
        shared,
        entry,
        &mut agent,
        vec![Action::Say(text.to_owned())],
    )
    .await;
    finish(entry);
}

/// An inactivity message, said only if the caller has said nothing since
/// their `seen`-th line. A caller's turn holds the agent for its whole
/// length, so the check and the line cannot interleave with one.
pub async fn say_if_silent(
    shared: &Arc<Shared>,
    entry: &Arc<CallEntry>,
    text: &str,
    seen: u64,
) -> bool {
    let mut agent = entry.agent.lock().await;
    {
        let r = entry.lock();
        if r.is_ended || r.caller_turns != seen {
            return false;
        }
    }
    run(
        shared,
        entry,
        &mut agent,
        vec![Action::Say(text.to_owned())],
    )
    .await;
    finish(entry);
    true
}

async fn run(
    shared: &Arc<Shared>,
    entry: &Arc<CallEntry>,
    agent: &mut Agent,
    actions: Vec<Action>,
) -> Vec<String> {
    let mut queue: VecDeque<Action> = actions.into();
    let mut lines = Vec::new();
    while let Some(action) = queue.pop_front() {
        if entry.lock().is_ended {
            break;
        }
        match action {
            Action::Say(line) => {
                if speak(shared, entry, &line).await {
                    lines.push(line);
                }
            }
            Action::Call(call) => {
                calls::set_state(entry, "thinking");
                let answer = invoke(shared, entry, &call).await;
                if let Some(goodbye) = answer.hang_up {
                    if let Some(line) = goodbye
                        && speak(shared, entry, &line).await
                    {
                        lines.push(line);
                    }
                    calls::end(shared, entry, "agent_hangup");
                    break;
                }
                let mut follow = agent.tool_result(call.tool, answer.outcome);
                if answer.listens {
                    follow.retain(|a| !matches!(a, Action::Say(_)));
                }
                for a in follow.into_iter().rev() {
                    queue.push_front(a);
                }
            }
            Action::HangUp => {
                calls::end(shared, entry, "agent_hangup");
                break;
            }
        }
    }
    lines
}

async fn speak(shared: &Arc<Shared>, entry: &Arc<CallEntry>, line: &str) -> bool {
    calls::set_state(entry, "speaking");
    let said = calls::record_line(entry, Speaker::Agent, entry.settings.agent_medium, line);
    pause(shared).await;
    said
}

fn finish(entry: &CallEntry) {
    calls::set_state(entry, "listening");
}

async fn pause(shared: &Shared) {
    let delay = shared.config.agent_turn_delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}

/// A tool's answer as the turn needs it.
struct Answer {
    outcome: ToolOutcome,
    /// `Some` when the tool hung up, with the line to say first.
    hang_up: Option<Option<String>>,
    /// `X-Ultravox-Agent-Reaction: listens`: the agent stays quiet.
    listens: bool,
}

async fn invoke(shared: &Arc<Shared>, entry: &Arc<CallEntry>, call: &ToolCall) -> Answer {
    let invocation_id = uuid::Uuid::new_v4().to_string();
    calls::record_tool_call(entry, &call.name, &invocation_id, &call.args);
    let Some(tool) = entry.tools.iter().find(|t| t.name == call.name) else {
        let detail = format!("the call has no tool named {}", call.name);
        calls::record_tool_result(
            entry,
            &call.name,
            &invocation_id,
            "Tool call failed.",
            Some(&detail),
            None,
        );
        return failed(detail);
    };
    let known = {
        let r = entry.lock();
        KnownValues {
            call_id: entry.id.clone(),
            call_state: r.call_state.clone(),
            metadata: entry.settings.metadata.clone(),
            stage_id: r.stage_id.clone(),
            history: r.messages.clone(),
        }
    };
    match tools::invoke(shared, tool, &call.args, &known, &invocation_id).await {
        Outcome::Failed { detail } => {
            calls::record_tool_result(
                entry,
                &call.name,
                &invocation_id,
                "Tool call failed.",
                Some(&detail),
                None,
            );
            failed(detail)
        }
        Outcome::Answered {
            body,
            hang_up,
            new_stage,
            update_state,
            reaction,
            ..
        } => {
            let json: Option<Value> = serde_json::from_str(&body).ok();
            let result_text = if new_stage {
                calls::new_stage(entry);
                json.as_ref()
                    .and_then(|j| j.get("toolResultText"))
                    .and_then(Value::as_str)
                    .unwrap_or("OK")
                    .to_owned()
            } else {
                body.clone()
            };
            calls::record_tool_result(
                entry,
                &call.name,
                &invocation_id,
                &result_text,
                None,
                update_state.as_ref(),
            );
            let outcome = outcome_of(json, &result_text);
            let message = match &outcome {
                ToolOutcome::Reply(r) => Some(r.message.clone()),
                ToolOutcome::Text(t) => Some(t.clone()),
                ToolOutcome::Failed(_) => None,
            }
            .filter(|m| !m.trim().is_empty())
            .map(|m| crate::agent::speech::sentence(&m));
            Answer {
                outcome,
                hang_up: hang_up.then_some(message),
                listens: reaction.as_deref() == Some("listens"),
            }
        }
    }
}

fn failed(detail: String) -> Answer {
    Answer {
        outcome: ToolOutcome::Failed(detail),
        hang_up: None,
        listens: false,
    }
}

/// A `ToolReply` when the body is one; else its `message`, or the text.
fn outcome_of(json: Option<Value>, text: &str) -> ToolOutcome {
    if let Some(j) = json {
        if let Ok(reply) = serde_json::from_value::<ToolReply>(j.clone()) {
            return ToolOutcome::Reply(reply);
        }
        if let Some(m) = j.get("message").and_then(Value::as_str) {
            return ToolOutcome::Text(m.to_owned());
        }
    }
    let mut t = text.trim().to_owned();
    if t.len() > 300 {
        let mut end = 300;
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        t.truncate(end);
    }
    ToolOutcome::Text(t)
}
