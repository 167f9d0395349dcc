//! A call is over: turn the provider's messages into our transcript and
//! record the finished session (outcome, sentiment, duration, summary)
//! through the business backend. Recording is an upsert by session id, so
//! a repeated `call.ended` changes nothing.

use voice_types::{SessionId, SessionStatus, events::Speaker};
use voice_ultravox::types::{Call, EndReason, Message, MessageMedium, MessageRole};

use crate::{
    business::{FinishedSession, TranscriptLine},
    error::ApiError,
    state::AppState,
    voice::{VoiceService, handoff_key},
};

/// Longest tool result kept in a transcript line.
const MAX_TOOL_TEXT: usize = 500;

/// What a provider's end reason means for the session.
pub fn end_outcome(reason: Option<&EndReason>) -> (SessionStatus, &'static str) {
    match reason {
        Some(EndReason::Unjoined) => (SessionStatus::Ended, "the caller never joined the call"),
        Some(EndReason::Hangup) => (SessionStatus::Ended, "the caller hung up"),
        Some(EndReason::AgentHangup) => (SessionStatus::Ended, "the agent ended the call"),
        Some(EndReason::Timeout) => (SessionStatus::Ended, "the call reached its time limit"),
        Some(EndReason::ConnectionError) => (SessionStatus::Failed, "the call's connection failed"),
        Some(EndReason::SystemError) => (SessionStatus::Failed, "the voice provider had an error"),
        _ => (SessionStatus::Ended, "the call ended"),
    }
}

/// The provider's messages as transcript lines: the caller, the agent, and
/// each tool's answer (tool calls themselves are left out).
pub fn transcript_lines(messages: &[Message]) -> Vec<TranscriptLine> {
    let mut out = Vec::new();
    for m in messages {
        let text = m.text.clone().unwrap_or_default();
        let speaker = match m.role {
            MessageRole::User => Speaker::User,
            MessageRole::Agent => Speaker::Agent,
            MessageRole::ToolResult => Speaker::Tool,
            _ => continue,
        };
        let text = if speaker == Speaker::Tool {
            let tool = m.tool_name.as_deref().unwrap_or("tool");
            let mut t = format!("{tool}: {text}");
            if t.len() > MAX_TOOL_TEXT {
                let mut cut = MAX_TOOL_TEXT;
                while !t.is_char_boundary(cut) {
                    cut -= 1;
                }
                t.truncate(cut);
                t.push('…');
            }
            t
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        let medium = match m.medium {
            Some(MessageMedium::Text) => "text",
            _ => "voice",
        };
        out.push(TranscriptLine {
            ordinal: out.len() as u32,
            speaker,
            text,
            medium: medium.to_owned(),
        });
    }
    out
}

/// Fetches the call's transcript and records the finished session.
pub async fn record_call(
    state: &AppState,
    voice: &VoiceService,
    session_id: &SessionId,
    call: &Call,
) -> Result<(), ApiError> {
    let messages = voice
        .client
        .list_messages(&call.call_id)
        .await
        .map_err(|e| ApiError::Upstream(format!("reading the transcript: {e}")))?;
    let Some(record) = state.store.get(session_id).await? else {
        tracing::warn!(%session_id, "the session expired before its call was recorded");
        return Ok(());
    };
    let handed_off = state
        .store
        .get_value(&handoff_key(session_id))
        .await?
        .is_some();
    let finished = FinishedSession {
        view: record.view,
        transcript: transcript_lines(&messages),
        summary: call.summary.clone().or_else(|| call.short_summary.clone()),
        handed_off,
    };
    let lines = finished.transcript.len();
    state.business.record_session(finished).await?;
    tracing::info!(%session_id, call_id = %call.call_id, lines, "finished call recorded");
    Ok(())
}
