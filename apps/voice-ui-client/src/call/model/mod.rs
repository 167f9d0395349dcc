//! The customer's call as plain data: what the page shows, updated by the
//! session's live events and by the voice call's messages.
//!
//! No signals and no browser here, so every rule is tested on the host.
//! `apply_*` return the [`Effect`]s the page must carry out (join the voice
//! call, speak a line, stop); the page does the IO.

use std::collections::BTreeMap;

use serde_json::Value;
use voice_types::{
    BusinessType, LiveEvent, QueueInfo, SessionStatus, SessionView,
    business::{
        AlternativeSlot, AppointmentView, BookAppointmentResult, CreateTicketResult, OrderStatus,
        OrderView, PlaceOrderResult, PricedOrderLine, TicketPriority, TicketView,
    },
    events::{AgentState, Speaker},
    forms::DynamicForm,
    voice::JoinServerMessage,
};

/// Which voice provider runs the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// The offline demo agent: text turns over a WebSocket.
    Local,
    /// Ultravox, joined with the `ultravox-client` SDK.
    Ultravox,
}

impl Provider {
    pub fn parse(name: Option<&str>) -> Self {
        match name {
            Some("ultravox") => Self::Ultravox,
            _ => Self::Local,
        }
    }
}

/// Something the page must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Join the voice call at this URL.
    Join { url: String, provider: Provider },
    /// Say an agent line aloud (when the caller wants that).
    Speak(String),
    /// The session is over: close the voice call and forget the session.
    Finish,
    /// The event stream lost events: reload the session.
    Reload,
}

/// One line of the conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub ordinal: u32,
    pub speaker: Speaker,
    pub text: String,
    pub is_final: bool,
}

/// The order the caller placed, kept current as the kitchen moves it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderCard {
    pub order_id: String,
    pub status: OrderStatus,
    pub items: Vec<PricedOrderLine>,
    pub total_amount: String,
    pub currency: String,
    pub estimated_ready_at: String,
    pub order_type: Option<String>,
}

/// The booking: confirmed, or the alternatives offered.
#[derive(Debug, Clone, PartialEq)]
pub enum BookingCard {
    Confirmed {
        appointment_id: String,
        service_type: String,
        date: String,
        time: String,
        duration_minutes: u32,
        estimated_cost: String,
        status: String,
    },
    Alternatives {
        message: String,
        slots: Vec<AlternativeSlot>,
    },
    Refused {
        message: String,
    },
}

/// The support ticket that was opened.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketCard {
    pub ticket_id: String,
    pub reference: String,
    pub priority: TicketPriority,
    pub category: String,
    pub response_time: String,
    pub assigned_to: Option<String>,
    pub status: String,
}

/// Everything the customer's page shows about one call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallModel {
    pub business: BusinessType,
    pub status: SessionStatus,
    pub queue: Option<QueueInfo>,
    pub agent: Option<AgentState>,
    pub provider: Option<Provider>,
    pub join_url: Option<String>,
    pub transcript: BTreeMap<u32, Line>,
    pub order: Option<OrderCard>,
    pub booking: Option<BookingCard>,
    pub ticket: Option<TicketCard>,
    pub form: Option<DynamicForm>,
    /// The last thing a tool said when it refused (not on the menu, ...).
    pub tool_notice: Option<String>,
    pub end_reason: Option<String>,
    /// Agent lines already spoken aloud (a rejoin replays the transcript).
    spoken_up_to: Option<u32>,
}

impl CallModel {
    pub fn new(business: BusinessType, status: SessionStatus, queue: Option<QueueInfo>) -> Self {
        Self {
            business,
            status,
            queue,
            agent: None,
            provider: None,
            join_url: None,
            transcript: BTreeMap::new(),
            order: None,
            booking: None,
            ticket: None,
            form: None,
            tool_notice: None,
            end_reason: None,
            spoken_up_to: None,
        }
    }

    pub fn is_over(&self) -> bool {
        self.status.is_terminal()
    }

    /// Takes what a fresh `GET /api/sessions/{id}` says (after a resync or
    /// a page reload).
    pub fn apply_view(&mut self, view: &SessionView) -> Vec<Effect> {
        self.status = view.status;
        self.queue = view.queue;
        if view.status.is_terminal() {
            self.end_reason = view.end_reason.clone();
            return vec![Effect::Finish];
        }
        if let Some(name) = view.voice_provider.as_deref() {
            self.provider = Some(Provider::parse(Some(name)));
        }
        match &view.join_url {
            Some(url) if self.join_url.as_deref() != Some(url) => {
                self.join_url = Some(url.clone());
                let provider = *self.provider.get_or_insert(Provider::Local);
                vec![Effect::Join {
                    url: url.clone(),
                    provider,
                }]
            }
            _ => Vec::new(),
        }
    }

    /// One event of the session's stream.
    pub fn apply_event(&mut self, event: &LiveEvent) -> Vec<Effect> {
        match event {
            LiveEvent::SessionStatus { status, reason, .. } => {
                self.status = *status;
                if !matches!(status, SessionStatus::Queued) {
                    self.queue = None;
                }
                if status.is_terminal() {
                    self.end_reason = reason.clone();
                    self.agent = None;
                    return vec![Effect::Finish];
                }
            }
            LiveEvent::QueuePosition {
                position,
                estimated_wait_seconds,
                ..
            } => {
                self.queue = Some(QueueInfo {
                    position: *position,
                    estimated_wait_seconds: *estimated_wait_seconds,
                });
            }
            LiveEvent::CallReady {
                join_url, provider, ..
            } => return self.call_ready(join_url.as_deref(), provider.as_deref()),
            LiveEvent::Transcript {
                ordinal,
                speaker,
                text,
                ..
            } => return self.line(*ordinal, *speaker, text, true),
            LiveEvent::AgentState { state, .. } => self.agent = Some(*state),
            LiveEvent::ToolExecuted {
                tool,
                success,
                message,
                result,
                ..
            } => self.tool_result(tool, *success, message, result),
            LiveEvent::OrderUpdated { order, .. } => self.order_update(order),
            LiveEvent::AppointmentUpdated { appointment, .. } => {
                self.appointment_update(appointment)
            }
            LiveEvent::TicketUpdated { ticket, .. } => self.ticket_update(ticket),
            LiveEvent::FormUpdate { form, .. } => {
                if let Ok(form) = serde_json::from_value::<DynamicForm>(form.clone()) {
                    self.form = Some(form);
                }
            }
            LiveEvent::SessionEnded { status, reason, .. } => {
                self.status = *status;
                self.end_reason = reason.clone();
                self.queue = None;
                self.agent = None;
                return vec![Effect::Finish];
            }
            LiveEvent::Resync { .. } => return vec![Effect::Reload],
            _ => {}
        }
        Vec::new()
    }

    /// One message of the voice call (the local provider's join socket).
    pub fn apply_voice(&mut self, message: &JoinServerMessage) -> Vec<Effect> {
        match message {
            JoinServerMessage::RoomInfo { .. } => {
                self.provider.get_or_insert(Provider::Local);
                Vec::new()
            }
            JoinServerMessage::State { state } => {
                self.agent = match state.as_str() {
                    "listening" => Some(AgentState::Listening),
                    "thinking" => Some(AgentState::Thinking),
                    "speaking" => Some(AgentState::Speaking),
                    _ => None,
                };
                Vec::new()
            }
            JoinServerMessage::Transcript {
                role,
                text,
                is_final,
                ordinal,
                ..
            } => {
                let speaker = if role == "agent" {
                    Speaker::Agent
                } else {
                    Speaker::User
                };
                self.line(*ordinal, speaker, text, *is_final)
            }
            JoinServerMessage::CallEnded { end_reason } => {
                self.agent = None;
                self.end_reason.get_or_insert_with(|| end_reason.clone());
                Vec::new()
            }
            JoinServerMessage::Unknown => Vec::new(),
        }
    }

    /// Marks every line so far as spoken: called when a (re)join starts, so
    /// the replayed transcript is not read aloud again.
    pub fn mark_spoken(&mut self) {
        self.spoken_up_to = self
            .transcript
            .keys()
            .next_back()
            .copied()
            .or(self.spoken_up_to);
    }

    fn call_ready(&mut self, join_url: Option<&str>, provider: Option<&str>) -> Vec<Effect> {
        if self.status == SessionStatus::Queued {
            self.status = SessionStatus::Ready;
        }
        self.queue = None;
        let provider = Provider::parse(provider);
        self.provider = Some(provider);
        match join_url {
            Some(url) if self.join_url.as_deref() != Some(url) => {
                self.join_url = Some(url.to_owned());
                vec![Effect::Join {
                    url: url.to_owned(),
                    provider,
                }]
            }
            _ => Vec::new(),
        }
    }

    fn line(&mut self, ordinal: u32, speaker: Speaker, text: &str, is_final: bool) -> Vec<Effect> {
        self.transcript.insert(
            ordinal,
            Line {
                ordinal,
                speaker,
                text: text.to_owned(),
                is_final,
            },
        );
        let new = self.spoken_up_to.is_none_or(|done| ordinal > done);
        if speaker == Speaker::Agent && is_final && new && !text.trim().is_empty() {
            self.spoken_up_to = Some(ordinal);
            return vec![Effect::Speak(text.to_owned())];
        }
        Vec::new()
    }

    fn tool_result(&mut self, tool: &str, success: bool, message: &str, result: &Value) {
        match tool {
            "placeOrder" => match serde_json::from_value::<PlaceOrderResult>(result.clone()) {
                Ok(PlaceOrderResult::Success {
                    order_id,
                    total_amount,
                    currency,
                    estimated_ready_at,
                    items,
                    ..
                }) => {
                    // A later `order_updated` may already have filled the card.
                    let status = self
                        .order
                        .as_ref()
                        .filter(|o| o.order_id == order_id)
                        .map_or(OrderStatus::Pending, |o| o.status);
                    let order_type = self.order.as_ref().and_then(|o| o.order_type.clone());
                    self.order = Some(OrderCard {
                        order_id,
                        status,
                        items,
                        total_amount,
                        currency,
                        estimated_ready_at,
                        order_type,
                    });
                    self.tool_notice = None;
                }
                Ok(PlaceOrderResult::Error { message, .. }) => self.tool_notice = Some(message),
                Err(_) => self.notice_unless(success, message),
            },
            "bookAppointment" => {
                match serde_json::from_value::<BookAppointmentResult>(result.clone()) {
                    Ok(BookAppointmentResult::Success {
                        appointment_id,
                        service_type,
                        appointment_date,
                        appointment_time,
                        duration_minutes,
                        estimated_cost,
                        ..
                    }) => {
                        self.booking = Some(BookingCard::Confirmed {
                            appointment_id,
                            service_type,
                            date: appointment_date,
                            time: appointment_time,
                            duration_minutes,
                            estimated_cost,
                            status: "Scheduled".to_owned(),
                        });
                    }
                    Ok(BookAppointmentResult::Partial {
                        message,
                        alternative_slots,
                    }) => {
                        self.booking = Some(BookingCard::Alternatives {
                            message,
                            slots: alternative_slots,
                        });
                    }
                    Ok(BookAppointmentResult::Error { message }) => {
                        self.booking = Some(BookingCard::Refused { message });
                    }
                    Err(_) => self.notice_unless(success, message),
                }
            }
            "createSupportTicket" => {
                if let Ok(CreateTicketResult::Success {
                    ticket_id,
                    ticket_reference,
                    priority,
                    category,
                    response_time,
                    assigned_to,
                    ..
                }) = serde_json::from_value::<CreateTicketResult>(result.clone())
                {
                    self.ticket = Some(TicketCard {
                        ticket_id,
                        reference: ticket_reference,
                        priority,
                        category,
                        response_time,
                        assigned_to,
                        status: "Open".to_owned(),
                    });
                } else {
                    self.notice_unless(success, message);
                }
            }
            _ => self.notice_unless(success, message),
        }
    }

    fn notice_unless(&mut self, success: bool, message: &str) {
        if !success && !message.is_empty() {
            self.tool_notice = Some(message.to_owned());
        }
    }

    fn order_update(&mut self, order: &Value) {
        let Ok(view) = serde_json::from_value::<OrderView>(order.clone()) else {
            return;
        };
        let card = OrderCard {
            order_id: view.order_id,
            status: view.status,
            items: view.items,
            total_amount: view.total_amount,
            currency: view.currency,
            estimated_ready_at: view.estimated_ready_at,
            order_type: Some(view.order_type.as_str().to_owned()),
        };
        self.order = Some(card);
    }

    fn appointment_update(&mut self, appointment: &Value) {
        let Ok(view) = serde_json::from_value::<AppointmentView>(appointment.clone()) else {
            return;
        };
        self.booking = Some(BookingCard::Confirmed {
            appointment_id: view.appointment_id,
            service_type: view.service_type,
            date: view.appointment_date,
            time: view.appointment_time,
            duration_minutes: view.duration_minutes,
            estimated_cost: view.estimated_cost,
            status: view.status,
        });
    }

    fn ticket_update(&mut self, ticket: &Value) {
        let Ok(view) = serde_json::from_value::<TicketView>(ticket.clone()) else {
            return;
        };
        self.ticket = Some(TicketCard {
            ticket_id: view.ticket_id,
            reference: view.ticket_reference,
            priority: view.priority,
            category: view.category,
            response_time: view.response_time,
            assigned_to: view.assigned_to,
            status: view.status,
        });
    }
}

#[cfg(test)]
mod tests;
