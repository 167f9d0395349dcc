//! The business outcome of a finished call, from the tools that succeeded
//! during it and how it ended.
//!
//! The strongest business result wins, in this order: an order placed, an
//! appointment booked, a ticket created. A call that achieved none of those
//! was `handed_off` when it ended by transfer to a person, and `abandoned`
//! otherwise (hung up, timed out, failed, or finished without a result).
//! A result counts only when its tool succeeded: a `partial` booking answer
//! (alternatives offered) or a refused order is not a success.
//! Handing off after placing an order is still `order_placed`: the order
//! exists and is what the dashboard counts; the handoff shows in the end reason.

use serde::{Deserialize, Serialize};

/// What a finished call achieved; stored as the session's `business_outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    OrderPlaced,
    Booked,
    Ticket,
    Abandoned,
    HandedOff,
}

impl CallOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrderPlaced => "order_placed",
            Self::Booked => "booked",
            Self::Ticket => "ticket",
            Self::Abandoned => "abandoned",
            Self::HandedOff => "handed_off",
        }
    }
}

/// The business tools that can produce an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolKind {
    PlaceOrder,
    BookAppointment,
    CreateTicket,
    /// Lookups and anything else: no outcome of their own.
    Other,
}

impl ToolKind {
    /// From a tool name as logged (`place_order`, `bookAppointment`, ...).
    pub fn from_tool_name(name: &str) -> Self {
        let key: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "placeorder" => Self::PlaceOrder,
            "bookappointment" => Self::BookAppointment,
            "createticket" => Self::CreateTicket,
            _ => Self::Other,
        }
    }
}

/// One tool invocation of the session, as logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolCall {
    pub tool: ToolKind,
    /// The tool answered `"status": "success"`.
    pub succeeded: bool,
}

/// How the call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallEnding {
    /// The agent closed the conversation normally.
    Completed,
    CallerHungUp,
    /// Transferred to a person.
    HandedOff,
    TimedOut,
    Failed,
}

/// Decides the outcome (see the module header for the rule).
pub fn decide_outcome(tools: &[ToolCall], ending: CallEnding) -> CallOutcome {
    let achieved = |kind| tools.iter().any(|t| t.tool == kind && t.succeeded);
    if achieved(ToolKind::PlaceOrder) {
        CallOutcome::OrderPlaced
    } else if achieved(ToolKind::BookAppointment) {
        CallOutcome::Booked
    } else if achieved(ToolKind::CreateTicket) {
        CallOutcome::Ticket
    } else if ending == CallEnding::HandedOff {
        CallOutcome::HandedOff
    } else {
        CallOutcome::Abandoned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CallEnding::*;
    use ToolKind::*;

    fn ok(tool: ToolKind) -> ToolCall {
        ToolCall {
            tool,
            succeeded: true,
        }
    }

    fn failed(tool: ToolKind) -> ToolCall {
        ToolCall {
            tool,
            succeeded: false,
        }
    }

    #[test]
    fn the_strongest_result_wins() {
        let cases: &[(&[ToolCall], CallEnding, CallOutcome)] = &[
            (&[ok(PlaceOrder)], Completed, CallOutcome::OrderPlaced),
            (
                &[ok(CreateTicket), ok(PlaceOrder)],
                CallerHungUp,
                CallOutcome::OrderPlaced,
            ),
            (&[ok(PlaceOrder)], HandedOff, CallOutcome::OrderPlaced),
            (
                &[failed(PlaceOrder), ok(BookAppointment)],
                Completed,
                CallOutcome::Booked,
            ),
            (
                &[failed(BookAppointment)],
                Completed,
                CallOutcome::Abandoned,
            ),
            (&[ok(CreateTicket)], TimedOut, CallOutcome::Ticket),
            (&[ok(Other)], HandedOff, CallOutcome::HandedOff),
            (&[], HandedOff, CallOutcome::HandedOff),
            (&[], CallerHungUp, CallOutcome::Abandoned),
            (&[ok(Other)], Completed, CallOutcome::Abandoned),
            (&[failed(PlaceOrder)], Failed, CallOutcome::Abandoned),
        ];
        for (tools, ending, expected) in cases {
            assert_eq!(
                decide_outcome(tools, *ending),
                *expected,
                "{tools:?} {ending:?}"
            );
        }
    }

    #[test]
    fn tool_names_and_wire_names() {
        assert_eq!(ToolKind::from_tool_name("place_order"), PlaceOrder);
        assert_eq!(ToolKind::from_tool_name("bookAppointment"), BookAppointment);
        assert_eq!(ToolKind::from_tool_name("create-ticket"), CreateTicket);
        assert_eq!(ToolKind::from_tool_name("get_menu"), Other);
        assert_eq!(CallOutcome::HandedOff.as_str(), "handed_off");
        let json = serde_json::to_string(&CallOutcome::OrderPlaced).expect("json");
        assert_eq!(json, "\"order_placed\"");
    }
}
