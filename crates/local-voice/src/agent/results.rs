//! What the agent does with a tool's answer: read its `message` aloud, then
//! ask "anything else?", offer the alternative slots of a `partial`
//! booking and take the caller's pick, or apologise for a failure and keep
//! the call going.
//!
//! Part of the pure agent: no IO.

use jiff::civil::{Date, DateTime};
use serde_json::Value;
use voice_types::voice::{ToolReply, ToolReplyStatus, VoiceTool};

use crate::agent::{
    ANYTHING_ELSE, Action, Agent, Field, Slot, Stage, ToolOutcome, cues, say, speech,
};

/// What a business tool does, for "I couldn't ... just now".
pub fn task_verb(tool: VoiceTool) -> &'static str {
    match tool {
        VoiceTool::PlaceOrder => "place your order",
        VoiceTool::BookAppointment => "book your appointment",
        VoiceTool::CreateSupportTicket => "open your ticket",
        VoiceTool::GetOrderStatus => "check your order",
        VoiceTool::CheckAvailability => "check availability",
        VoiceTool::GetMenu => "fetch the menu",
        VoiceTool::RequestHandoff => "reach a colleague",
        VoiceTool::ProcessVoiceInput => "note that",
    }
}

impl Agent {
    /// The answer of the tool the agent called last.
    pub fn tool_result(&mut self, tool: VoiceTool, outcome: ToolOutcome) -> Vec<Action> {
        let reply = match outcome {
            ToolOutcome::Failed(_) => return self.tool_failed(tool),
            ToolOutcome::Reply(r) => r,
            ToolOutcome::Text(message) => ToolReply {
                status: ToolReplyStatus::Success,
                message,
                result: Value::Null,
            },
        };
        let mut lines: Vec<String> = Some(speech::sentence(&reply.message))
            .filter(|m| !m.is_empty())
            .into_iter()
            .collect();
        let business_tool = matches!(
            tool,
            VoiceTool::PlaceOrder | VoiceTool::BookAppointment | VoiceTool::CreateSupportTicket
        );
        match (tool, reply.status) {
            (VoiceTool::BookAppointment, ToolReplyStatus::Partial) => {
                let slots = slots(&reply.result);
                if slots.is_empty() {
                    self.context.parameters.appointment_time = None;
                    return self.next_step(lines);
                }
                lines.push(self.offer(&slots, &reply.message));
                self.stage = Stage::ChoosingSlot(slots);
                self.asked = None;
            }
            (_, ToolReplyStatus::Success) if business_tool => {
                self.finish_task();
                lines.push(ANYTHING_ELSE.into());
                self.stage = Stage::AnythingElse;
            }
            (VoiceTool::GetOrderStatus, _) => {
                lines.push(ANYTHING_ELSE.into());
                self.stage = Stage::AnythingElse;
            }
            (VoiceTool::CheckAvailability | VoiceTool::GetMenu, _) => return self.next_step(lines),
            (VoiceTool::RequestHandoff, status) => {
                if lines.is_empty() {
                    lines.push("A colleague will be with you shortly.".into());
                }
                if status == ToolReplyStatus::Error {
                    lines.push("In the meantime, I'm happy to keep helping.".into());
                }
                self.stage = Stage::Collecting;
            }
            _ => {
                // A refusal: its message says what to ask; the caller's
                // next words change the task and it is read back again.
                if lines.is_empty() {
                    lines.push("Sorry, that didn't work. What would you like to change?".into());
                }
                self.stage = Stage::Collecting;
                self.asked = None;
            }
        }
        lines.into_iter().map(Action::Say).collect()
    }

    fn tool_failed(&mut self, tool: VoiceTool) -> Vec<Action> {
        let sorry = format!(
            "Sorry, something went wrong on our side and I couldn't {} just now.",
            task_verb(tool)
        );
        match tool {
            VoiceTool::PlaceOrder | VoiceTool::BookAppointment | VoiceTool::CreateSupportTicket => {
                self.stage = Stage::Confirming;
                say(&format!("{sorry} Shall I try again?"))
            }
            VoiceTool::GetOrderStatus => {
                self.stage = Stage::AnythingElse;
                say(&format!("{sorry} {ANYTHING_ELSE}"))
            }
            VoiceTool::RequestHandoff => {
                self.stage = Stage::Collecting;
                say(&format!(
                    "{sorry} I'm happy to keep helping in the meantime."
                ))
            }
            VoiceTool::GetMenu | VoiceTool::CheckAvailability => self.next_step(vec![sorry]),
            // Its answers never reach the dialogue (see turns.rs).
            VoiceTool::ProcessVoiceInput => Vec::new(),
        }
    }

    /// "The nearest free times are 15:00 or 15:30 today; which would you
    /// like?", or just the question when the tool's message named them all.
    fn offer(&self, slots: &[Slot], message: &str) -> String {
        if slots.iter().all(|s| message.contains(&s.time)) {
            return "Which would you like?".into();
        }
        format!(
            "The nearest free times are {}; which would you like?",
            self.slots_phrase(slots)
        )
    }

    /// "15:00 or 15:30 today", "16:00 today or 10:00 tomorrow".
    fn slots_phrase(&self, slots: &[Slot]) -> String {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for s in slots {
            match groups.last_mut() {
                Some((date, times)) if *date == s.date => times.push(s.time.clone()),
                _ => groups.push((s.date.clone(), vec![s.time.clone()])),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|(date, times)| format!("{} {}", speech::list_or(times), self.day_phrase(date)))
            .collect();
        speech::list_or(&parts)
    }

    /// The caller's answer to an offer of slots.
    pub(super) fn choose_slot(
        &mut self,
        text: &str,
        w: &[String],
        now: DateTime,
        slots: Vec<Slot>,
    ) -> Vec<Action> {
        let mut pick = cues::ordinal_choice(w, slots.len()).and_then(|i| slots.get(i).cloned());
        if pick.is_none() {
            let ex = self.extract(text, now, Some(Field::Time));
            match ex.intent {
                voice_types::extraction::Intent::HumanHandoff => return self.handoff(text),
                voice_types::extraction::Intent::Cancel => return self.cancel(),
                _ => {}
            }
            let date = ex.parameters.appointment_date.clone();
            if let Some(time) = ex.parameters.appointment_time.clone() {
                let offered = slots
                    .iter()
                    .find(|s| s.time == time && date.as_ref().is_none_or(|d| *d == s.date))
                    .cloned();
                // A time that was not offered is still the caller's choice:
                // the tool decides whether it is free.
                let fallback_date = date
                    .or_else(|| self.context.parameters.appointment_date.clone())
                    .or_else(|| slots.first().map(|s| s.date.clone()))
                    .unwrap_or_default();
                pick = offered.or(Some(Slot {
                    date: fallback_date,
                    time,
                }));
            } else if let Some(date) = date.filter(|d| d.parse::<Date>().is_ok()) {
                self.context.parameters.appointment_date = Some(date);
                self.context.parameters.appointment_time = None;
                return self.next_step(Vec::new());
            }
        }
        if pick.is_none() && cues::is_yes(w) {
            pick = slots.first().cloned();
        }
        if let Some(slot) = pick {
            self.context.parameters.appointment_date = Some(slot.date);
            self.context.parameters.appointment_time = Some(slot.time);
            return self.call_business_tool();
        }
        if cues::is_no(w) {
            self.context.parameters.appointment_date = None;
            self.context.parameters.appointment_time = None;
            self.stage = Stage::Collecting;
            self.asked = Some(Field::Date);
            return say("No problem. What other day would suit you?");
        }
        let line = format!(
            "Sorry, which would you like: {}?",
            self.slots_phrase(&slots)
        );
        self.stage = Stage::ChoosingSlot(slots);
        say(&line)
    }
}

/// `result.alternative_slots` of a partial booking.
fn slots(result: &Value) -> Vec<Slot> {
    result
        .get("alternative_slots")
        .or_else(|| result.get("alternativeSlots"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    Some(Slot {
                        date: s.get("date")?.as_str()?.to_owned(),
                        time: s.get("time")?.as_str()?.to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}
