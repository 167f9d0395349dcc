//! The agent's moves within a conversation: filling the task from what
//! the caller says, confirming it, and the side roads (a person, cancel,
//! goodbye, order status, the menu, availability).
//!
//! Part of the pure agent: no IO.

use jiff::civil::DateTime;
use voice_domain::catalog::format_pence;
use voice_types::extraction::Intent;
use voice_types::session::BusinessType;
use voice_types::voice::VoiceTool;

use crate::agent::{ANYTHING_ELSE, Action, Agent, Field, Stage, args, cues, say, speech};

impl Agent {
    pub(super) fn collect(&mut self, text: &str, w: &[String], now: DateTime) -> Vec<Action> {
        let ex = self.extract(text, now, self.asked);
        match ex.intent {
            Intent::HumanHandoff => return self.handoff(text),
            Intent::Cancel => return self.cancel(),
            Intent::OrderStatus => return self.order_status(w, ex.parameters.phone.clone()),
            Intent::GetMenu if ex.parameters.items.is_none() => return self.menu(),
            _ => {}
        }
        let before = self.context.parameters.clone();
        let known_unrecognized = self.context.unrecognized_items.len();
        self.context.merge(&ex, text);
        if self.asked == Some(Field::Issue)
            && self.context.parameters.issue_description.is_none()
            && w.len() >= 2
        {
            self.context.parameters.issue_description = Some(text.trim().to_owned());
        }
        let mut lines: Vec<String> = self
            .context
            .unrecognized_items
            .iter()
            .skip(known_unrecognized)
            .map(|item| format!("Sorry, we don't have {item} on the menu."))
            .collect();
        if ex.intent == Intent::CheckAvailability
            && let Some(actions) = self.check_availability()
        {
            return actions;
        }
        if self.context.parameters == before && lines.is_empty() && self.asked.is_some() {
            lines.push("Sorry, I didn't quite catch that.".into());
        }
        self.next_step(lines)
    }

    pub(super) fn confirming(&mut self, text: &str, w: &[String], now: DateTime) -> Vec<Action> {
        // A bare "yes" goes straight through: the support extractor would
        // otherwise read "yes go ahead" as more of the problem description.
        if cues::is_plain_yes(w) {
            return self.call_business_tool();
        }
        let ex = self.extract(text, now, None);
        match ex.intent {
            Intent::HumanHandoff => return self.handoff(text),
            Intent::Cancel => return self.cancel(),
            _ => {}
        }
        let before = self.context.parameters.clone();
        self.context.merge(&ex, text);
        if self.context.parameters != before {
            return self.next_step(Vec::new());
        }
        if cues::is_yes(w) {
            return self.call_business_tool();
        }
        if cues::is_no(w) {
            self.asked = None;
            return say("No problem. What would you like to change?");
        }
        self.stage = Stage::Confirming;
        say(&format!("Sorry, I didn't catch that. {}", self.readback()))
    }

    pub(super) fn handoff(&mut self, text: &str) -> Vec<Action> {
        self.stage = Stage::Collecting;
        match self.call(VoiceTool::RequestHandoff, args::handoff(text)) {
            Some(mut call) => {
                call.insert(0, Action::Say("Of course, I'll ask a colleague to join you.".into()));
                call
            }
            None => self.next_step(vec![
                "I'm sorry, there's no one else available in this demo, but I'm happy to keep helping.".into(),
            ]),
        }
    }

    pub(super) fn cancel(&mut self) -> Vec<Action> {
        self.finish_task();
        self.stage = Stage::AnythingElse;
        say(&format!("No problem, I've cancelled that. {ANYTHING_ELSE}"))
    }

    pub(super) fn goodbye(&mut self) -> Vec<Action> {
        self.stage = Stage::Ended;
        vec![
            Action::Say(format!(
                "Thanks for calling {}. Goodbye!",
                self.catalog.company_name
            )),
            Action::HangUp,
        ]
    }

    pub(super) fn order_status(&mut self, w: &[String], phone: Option<String>) -> Vec<Action> {
        let reference = if phone.is_some() {
            None
        } else {
            cues::order_reference(w)
        };
        let phone = phone.or_else(|| self.context.parameters.phone.clone());
        if reference.is_none() && phone.is_none() {
            self.stage = Stage::AwaitingOrderRef;
            return say(
                "I can check that for you. What's your order number, or the phone number you ordered with?",
            );
        }
        self.stage = Stage::AnythingElse;
        self.call(
            VoiceTool::GetOrderStatus,
            args::order_status(reference, phone),
        )
        .unwrap_or_else(|| {
            say(&format!(
                "Sorry, I can't look up orders in this demo. {ANYTHING_ELSE}"
            ))
        })
    }

    pub(super) fn awaiting_order_ref(
        &mut self,
        text: &str,
        w: &[String],
        now: DateTime,
    ) -> Vec<Action> {
        let ex = self.extract(text, now, Some(Field::Phone));
        match ex.intent {
            Intent::HumanHandoff => return self.handoff(text),
            Intent::Cancel => return self.cancel(),
            _ => {}
        }
        let phone = ex.parameters.phone.clone();
        if phone.is_some() || cues::order_reference(w).is_some() {
            return self.order_status(w, phone);
        }
        if cues::is_no(w) {
            self.stage = Stage::AnythingElse;
            return say(&format!("No problem. {ANYTHING_ELSE}"));
        }
        self.stage = Stage::AwaitingOrderRef;
        say(
            "Sorry, I didn't catch that. What's your order number, or the phone number you ordered with?",
        )
    }

    pub(super) fn menu(&mut self) -> Vec<Action> {
        if self.business() == BusinessType::Restaurant
            && let Some(call) = self.call(VoiceTool::GetMenu, args::get_menu(None))
        {
            return call;
        }
        let line = match self.business() {
            BusinessType::Restaurant => {
                let mut categories: Vec<String> = Vec::new();
                for m in &self.catalog.restaurant.menu {
                    let c = m.category.to_lowercase();
                    if !categories.contains(&c) {
                        categories.push(c);
                    }
                }
                format!("We have {}.", speech::list_and(&categories))
            }
            BusinessType::Appointment => {
                let services: Vec<String> = self
                    .catalog
                    .appointments
                    .services
                    .iter()
                    .map(|s| {
                        format!(
                            "{} at £{} for {} minutes",
                            s.service_name,
                            format_pence(s.price),
                            s.duration_minutes
                        )
                    })
                    .collect();
                format!("We offer {}.", speech::list_and(&services))
            }
            BusinessType::Support => {
                "I can open a support ticket for any problem you're having.".into()
            }
        };
        self.next_step(vec![line])
    }

    pub(super) fn check_availability(&mut self) -> Option<Vec<Action>> {
        let p = &self.context.parameters;
        if p.service_type.is_none() || p.appointment_date.is_none() {
            return None;
        }
        self.stage = Stage::Collecting;
        self.call(VoiceTool::CheckAvailability, args::check_availability(p))
    }
}
