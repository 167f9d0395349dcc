//! What the agent asks and reads back: the next missing parameter per
//! business type, the question for it, and the full read-back that ends
//! in "Shall I ...?".
//!
//! Part of the pure agent: no IO.

use voice_types::extraction::OrderType;
use voice_types::session::BusinessType;

use crate::agent::{Action, Agent, Field, Stage, speech};

impl Agent {
    /// Asks for the first missing parameter, or reads the task back.
    pub(super) fn next_step(&mut self, mut lines: Vec<String>) -> Vec<Action> {
        match self.next_missing() {
            Some(field) => {
                lines.push(self.question(field));
                self.asked = Some(field);
                self.stage = Stage::Collecting;
            }
            None => {
                lines.push(self.readback());
                self.asked = None;
                self.stage = Stage::Confirming;
            }
        }
        lines.into_iter().map(Action::Say).collect()
    }

    pub(super) fn next_missing(&self) -> Option<Field> {
        let p = &self.context.parameters;
        let needed: Vec<(Field, bool)> = match self.business() {
            BusinessType::Restaurant => vec![
                (
                    Field::Items,
                    p.items.as_ref().is_some_and(|i| !i.is_empty()),
                ),
                (Field::OrderType, p.order_type.is_some()),
                (
                    Field::Address,
                    p.order_type != Some(OrderType::Delivery) || p.delivery_address.is_some(),
                ),
                (Field::Name, p.customer_name.is_some()),
                (Field::Phone, p.phone.is_some()),
            ],
            BusinessType::Appointment => vec![
                (Field::Service, p.service_type.is_some()),
                (Field::Date, p.appointment_date.is_some()),
                (Field::Time, p.appointment_time.is_some()),
                (Field::Name, p.customer_name.is_some()),
                (Field::Phone, p.phone.is_some()),
            ],
            BusinessType::Support => vec![
                (Field::Issue, p.issue_description.is_some()),
                (Field::Name, p.customer_name.is_some()),
                (Field::Phone, p.phone.is_some()),
            ],
        };
        needed.into_iter().find(|(_, known)| !known).map(|(f, _)| f)
    }

    pub(super) fn question(&self, field: Field) -> String {
        match field {
            Field::Items => "What would you like to order?".into(),
            Field::OrderType => "Is that for collection or delivery?".into(),
            Field::Address => "What's the delivery address?".into(),
            Field::Name => "Can I take your name, please?".into(),
            Field::Phone => "And what's the best phone number to reach you on?".into(),
            Field::Service => format!(
                "Which service would you like: {}?",
                speech::list_or(&self.service_names())
            ),
            Field::Date => "What day would you like to come in?".into(),
            Field::Time => "And what time would suit you?".into(),
            Field::Issue => "Could you describe the problem you're having?".into(),
        }
    }

    /// The whole task said back, ending in the question to confirm.
    pub(super) fn readback(&self) -> String {
        let p = &self.context.parameters;
        let who = match (&p.customer_name, &p.phone) {
            (Some(name), Some(phone)) => format!("for {name} on {}", speech::phone(phone)),
            (Some(name), None) => format!("for {name}"),
            (None, Some(phone)) => format!("on {}", speech::phone(phone)),
            (None, None) => "for you".into(),
        };
        match self.business() {
            BusinessType::Restaurant => {
                let items: Vec<String> = p.items.iter().flatten().map(speech::item).collect();
                let how = match p.order_type {
                    Some(OrderType::Delivery) => format!(
                        "for delivery to {}",
                        p.delivery_address.as_deref().unwrap_or("your address")
                    ),
                    Some(OrderType::DineIn) => "to eat in".into(),
                    Some(OrderType::Takeaway) | None => "for collection".into(),
                };
                format!(
                    "So that's {} {how}, {who}. Shall I place the order?",
                    speech::list_and(&items)
                )
            }
            BusinessType::Appointment => {
                let service = p.service_type.as_deref().unwrap_or("appointment");
                format!(
                    "So that's {} {service} appointment {} at {}, {who}. Shall I book it?",
                    speech::article(service),
                    self.day_phrase(p.appointment_date.as_deref().unwrap_or_default()),
                    p.appointment_time.as_deref().unwrap_or_default(),
                )
            }
            BusinessType::Support => format!(
                "So I'll open a support ticket about \"{}\", {who}. Shall I go ahead?",
                p.issue_description
                    .as_deref()
                    .unwrap_or_default()
                    .trim_end_matches('.')
            ),
        }
    }
}
