//! The local demo agent: a real text conversation for one call, driven by
//! the NLU of `voice_domain::extract` instead of a language model.
//!
//! Pure: the agent hears a line and answers with actions (say a line, call
//! a tool, hang up); the caller of these methods runs the actions and feeds
//! tool answers back through [`Agent::tool_result`]. It fills the business
//! task of the call (an order, a booking or a ticket) one missing parameter
//! at a time, reads it back, calls the tool on "yes", offers alternatives
//! when a slot is taken, and hangs up after "that's all". It does no IO and
//! reads no clock: `now` comes in with every line.

mod args;
mod cues;
mod dialogue;
mod prompts;
mod results;
pub mod speech;

use std::sync::Arc;

use jiff::civil::{Date, DateTime};
use serde_json::{Map, Value};
use voice_domain::catalog::Catalog;
use voice_domain::extract::{ConversationContext, Extractor};
use voice_types::extraction::{ExtractInput, ExtractedParameters, Extraction, Intent};
use voice_types::session::BusinessType;
use voice_types::voice::{ToolReply, VoiceTool};

/// What the agent knows about its call before the first line.
#[derive(Debug, Clone)]
pub struct AgentSetup {
    pub business: BusinessType,
    /// The tools the agent may call.
    pub tools: Vec<AgentTool>,
    /// `firstSpeakerSettings.agent.text`, said instead of the greeting.
    pub greeting: Option<String>,
    /// False when the caller speaks first (`firstSpeakerSettings.user`).
    pub speaks_first: bool,
}

/// One of our business tools as the call declared it.
#[derive(Debug, Clone)]
pub struct AgentTool {
    pub tool: VoiceTool,
    /// The model-facing name.
    pub name: String,
    /// The dynamic parameters the agent may fill.
    pub parameters: Vec<String>,
}

/// What the agent does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Say(String),
    Call(ToolCall),
    HangUp,
}

/// A tool invocation: arguments are only declared dynamic parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    pub tool: VoiceTool,
    pub name: String,
    pub args: Map<String, Value>,
}

/// How a tool answered.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolOutcome {
    /// A 2xx `ToolReply`.
    Reply(ToolReply),
    /// A 2xx answer that is not a `ToolReply` (its `message`, or the text).
    Text(String),
    /// Non-2xx, timeout or unreachable.
    Failed(String),
}

/// The business type of a call: `metadata.businessType` when it names one,
/// else the business whose tool is present.
pub fn business_for(metadata_business: Option<&str>, tools: &[VoiceTool]) -> BusinessType {
    if let Some(b) = metadata_business.and_then(BusinessType::parse) {
        return b;
    }
    if tools.contains(&VoiceTool::BookAppointment) || tools.contains(&VoiceTool::CheckAvailability)
    {
        BusinessType::Appointment
    } else if tools.contains(&VoiceTool::CreateSupportTicket)
        && !tools.contains(&VoiceTool::PlaceOrder)
    {
        BusinessType::Support
    } else {
        BusinessType::Restaurant
    }
}

/// A parameter the agent asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Items,
    OrderType,
    Address,
    Name,
    Phone,
    Service,
    Date,
    Time,
    Issue,
}

impl Field {
    /// The extraction parameter name (a hint for bare answers).
    fn param(self) -> &'static str {
        match self {
            Self::Items => "items",
            Self::OrderType => "order_type",
            Self::Address => "delivery_address",
            Self::Name => "customer_name",
            Self::Phone => "phone",
            Self::Service => "service_type",
            Self::Date => "appointment_date",
            Self::Time => "appointment_time",
            Self::Issue => "issue_description",
        }
    }
}

/// A free slot offered by `bookAppointment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub date: String,
    pub time: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Collecting,
    Confirming,
    ChoosingSlot(Vec<Slot>),
    AwaitingOrderRef,
    AnythingElse,
    Ended,
}

const ANYTHING_ELSE: &str = "Is there anything else I can help you with?";

/// One call's conversation.
#[derive(Debug)]
pub struct Agent {
    setup: AgentSetup,
    catalog: &'static Catalog,
    extractor: Arc<Extractor>,
    context: ConversationContext,
    stage: Stage,
    asked: Option<Field>,
    today: Option<Date>,
}

impl Agent {
    pub fn new(setup: AgentSetup, catalog: &'static Catalog, extractor: Arc<Extractor>) -> Self {
        Agent {
            context: ConversationContext::new(setup.business),
            setup,
            catalog,
            extractor,
            stage: Stage::Collecting,
            asked: None,
            today: None,
        }
    }

    pub fn business(&self) -> BusinessType {
        self.setup.business
    }

    /// The opening line, when the agent speaks first.
    pub fn greet(&mut self) -> Vec<Action> {
        if !self.setup.speaks_first {
            return Vec::new();
        }
        if let Some(text) = self
            .setup
            .greeting
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            return say(text);
        }
        let company = &self.catalog.company_name;
        let line = match self.business() {
            BusinessType::Restaurant => {
                self.asked = Some(Field::Items);
                format!(
                    "Hello, thanks for calling {company}. I'm the local demo agent, and I can take your order. What would you like?"
                )
            }
            BusinessType::Appointment => {
                self.asked = Some(Field::Service);
                format!(
                    "Hello, thanks for calling {company}. I'm the local demo agent, and I can book you in. Which service would you like: {}?",
                    speech::list_or(&self.service_names())
                )
            }
            BusinessType::Support => {
                self.asked = Some(Field::Issue);
                format!(
                    "Hello, you're through to {company} support. I'm the local demo agent. What seems to be the problem?"
                )
            }
        };
        vec![Action::Say(line)]
    }

    /// The caller said `text` at the business's local time `now`.
    pub fn hear(&mut self, text: &str, now: DateTime) -> Vec<Action> {
        self.today = Some(now.date());
        let w = cues::words(text);
        if self.stage == Stage::Ended || w.is_empty() {
            return Vec::new();
        }
        if cues::is_goodbye(&w) {
            return self.goodbye();
        }
        match std::mem::replace(&mut self.stage, Stage::Collecting) {
            Stage::AnythingElse => {
                if cues::is_closing(&w) {
                    return self.goodbye();
                }
                if cues::is_yes(&w) && !informative(&self.extract(text, now, None)) {
                    self.asked = None;
                    return say("Of course. What else can I help you with?");
                }
                self.collect(text, &w, now)
            }
            Stage::Confirming => self.confirming(text, &w, now),
            Stage::ChoosingSlot(slots) => self.choose_slot(text, &w, now, slots),
            Stage::AwaitingOrderRef => self.awaiting_order_ref(text, &w, now),
            Stage::Collecting | Stage::Ended => self.collect(text, &w, now),
        }
    }

    fn call_business_tool(&mut self) -> Vec<Action> {
        let p = &self.context.parameters;
        let (tool, args) = match self.business() {
            BusinessType::Restaurant => (VoiceTool::PlaceOrder, args::place_order(p)),
            BusinessType::Appointment => (VoiceTool::BookAppointment, args::book_appointment(p)),
            BusinessType::Support => (VoiceTool::CreateSupportTicket, args::create_ticket(p)),
        };
        self.stage = Stage::Confirming;
        self.call(tool, args).unwrap_or_else(|| {
            self.stage = Stage::AnythingElse;
            say(&format!(
                "Sorry, I can't {} in this demo: the {} tool isn't set up. {ANYTHING_ELSE}",
                results::task_verb(tool),
                tool.name()
            ))
        })
    }

    /// A call of `tool`, if the call declared it.
    fn call(&self, tool: VoiceTool, args: Map<String, Value>) -> Option<Vec<Action>> {
        let declared = self.setup.tools.iter().find(|t| t.tool == tool)?;
        Some(vec![Action::Call(ToolCall {
            tool,
            name: declared.name.clone(),
            args: args::only_declared(args, &declared.parameters),
        })])
    }

    /// Starts a fresh task, keeping who the caller is.
    fn finish_task(&mut self) {
        let kept = ExtractedParameters {
            customer_name: self.context.parameters.customer_name.take(),
            phone: self.context.parameters.phone.take(),
            email: self.context.parameters.email.take(),
            ..Default::default()
        };
        self.context = ConversationContext::new(self.business());
        self.context.parameters = kept;
        self.asked = None;
    }

    fn extract(&self, text: &str, now: DateTime, expect: Option<Field>) -> Extraction {
        let input = ExtractInput {
            text: text.to_owned(),
            business_type: self.business(),
            context: None,
            expected_parameters: expect.map(|f| vec![f.param().to_owned()]),
        };
        self.extractor.extract(&input, now)
    }

    fn service_names(&self) -> Vec<String> {
        self.catalog
            .appointments
            .services
            .iter()
            .map(|s| s.service_name.clone())
            .collect()
    }

    fn day_phrase(&self, date: &str) -> String {
        match (date.parse::<Date>(), self.today) {
            (Ok(d), Some(today)) => speech::day(d, today),
            (Ok(d), None) => format!("on {}", d.strftime("%A %-d %B")),
            _ => date.to_owned(),
        }
    }
}

/// The extraction found an intent or a parameter.
fn informative(ex: &Extraction) -> bool {
    ex.intent != Intent::Unknown || ex.parameters != ExtractedParameters::default()
}

fn say(line: &str) -> Vec<Action> {
    vec![Action::Say(line.to_owned())]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
