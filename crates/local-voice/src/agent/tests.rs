//! Conversations with the pure agent, line by line.

use jiff::civil::{DateTime, date};
use serde_json::json;

use super::*;

/// Friday 27 March 2026, 10:00 at the business.
fn now() -> DateTime {
    date(2026, 3, 27).at(10, 0, 0, 0)
}

fn tool(t: VoiceTool, params: &[&str]) -> AgentTool {
    AgentTool {
        tool: t,
        name: t.name().to_owned(),
        parameters: params.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn agent(business: BusinessType) -> Agent {
    let tools = vec![
        tool(
            VoiceTool::PlaceOrder,
            &[
                "items",
                "orderType",
                "customerName",
                "phone",
                "deliveryAddress",
            ],
        ),
        tool(
            VoiceTool::BookAppointment,
            &["serviceType", "date", "time", "customerName", "phone"],
        ),
        tool(
            VoiceTool::CreateSupportTicket,
            &[
                "issueDescription",
                "priority",
                "category",
                "customerName",
                "phone",
            ],
        ),
        tool(VoiceTool::GetOrderStatus, &["orderId", "phone"]),
        tool(VoiceTool::RequestHandoff, &["reason"]),
    ];
    let catalog = Catalog::demo();
    Agent::new(
        AgentSetup {
            business,
            tools,
            greeting: None,
            speaks_first: true,
        },
        catalog,
        Arc::new(Extractor::new(catalog)),
    )
}

fn lines(actions: &[Action]) -> Vec<String> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Say(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn call_of(actions: &[Action]) -> Option<ToolCall> {
    actions.iter().find_map(|a| match a {
        Action::Call(c) => Some(c.clone()),
        _ => None,
    })
}

fn reply(status: ToolReplyStatus, message: &str, result: Value) -> ToolOutcome {
    ToolOutcome::Reply(ToolReply {
        status,
        message: message.into(),
        result,
    })
}

use voice_types::voice::ToolReplyStatus;

#[test]
fn a_restaurant_order_from_greeting_to_goodbye() {
    let mut a = agent(BusinessType::Restaurant);
    let greeting = lines(&a.greet());
    assert!(greeting[0].contains("local demo agent"), "{greeting:?}");
    let said = lines(&a.hear("two pepperoni pizzas please", now()));
    assert_eq!(said, ["Is that for collection or delivery?"]);
    let said = lines(&a.hear("collection", now()));
    assert_eq!(said, ["Can I take your name, please?"]);
    let said = lines(&a.hear("my name is Kevin", now()));
    assert_eq!(said, ["And what's the best phone number to reach you on?"]);
    let said = lines(&a.hear("07700 900123", now()));
    assert_eq!(
        said,
        [
            "So that's two Pepperoni Pizzas for collection, for Kevin on 07700 900123. Shall I place the order?"
        ]
    );
    let actions = a.hear("yes", now());
    let call = call_of(&actions).expect("placeOrder is called");
    assert_eq!(call.tool, VoiceTool::PlaceOrder);
    assert_eq!(
        Value::Object(call.args),
        json!({
            "items": [{"itemName": "Pepperoni Pizza", "quantity": 2}],
            "orderType": "takeaway",
            "customerName": "Kevin",
            "phone": "+447700900123"
        })
    );
    let said = lines(&a.tool_result(
        VoiceTool::PlaceOrder,
        reply(
            ToolReplyStatus::Success,
            "your order ORD-1 is placed; ready in 20 minutes",
            json!({}),
        ),
    ));
    assert_eq!(
        said,
        [
            "Your order ORD-1 is placed; ready in 20 minutes.",
            "Is there anything else I can help you with?"
        ]
    );
    let actions = a.hear("no thanks", now());
    assert!(lines(&actions)[0].contains("Goodbye"));
    assert_eq!(actions.last(), Some(&Action::HangUp));
}

#[test]
fn a_change_before_confirming_is_read_back_again() {
    let mut a = agent(BusinessType::Restaurant);
    a.greet();
    a.hear("a margherita pizza for delivery to 12 High Street", now());
    a.hear("I'm Ann Lee", now());
    let said = lines(&a.hear("07700 900123", now()));
    assert!(
        said[0].contains("one Margherita Pizza for delivery to 12 High Street"),
        "{said:?}"
    );
    let said = lines(&a.hear("make that three", now()));
    assert!(
        said[0].starts_with("So that's three Margherita Pizzas"),
        "{said:?}"
    );
    let said = lines(&a.hear("no", now()));
    assert_eq!(said, ["No problem. What would you like to change?"]);
    let said = lines(&a.hear("add a coke", now()));
    assert!(
        said[0].contains("three Margherita Pizzas and one Coca-Cola"),
        "{said:?}"
    );
}

#[test]
fn a_booking_takes_an_offered_alternative() {
    let mut a = agent(BusinessType::Appointment);
    a.greet();
    let said = lines(&a.hear("I'd like to book a repair tomorrow at 2pm", now()));
    assert_eq!(said, ["Can I take your name, please?"]);
    a.hear("Ann", now());
    let said = lines(&a.hear("07700 900123", now()));
    assert_eq!(
        said,
        [
            "So that's a Repair appointment tomorrow at 14:00, for Ann on 07700 900123. Shall I book it?"
        ]
    );
    let call = call_of(&a.hear("yes please", now())).expect("bookAppointment");
    assert_eq!(call.args["date"], "2026-03-28");
    assert_eq!(call.args["time"], "14:00");
    let said = lines(&a.tool_result(
        VoiceTool::BookAppointment,
        reply(
            ToolReplyStatus::Partial,
            "sorry, 14:00 is taken",
            json!({"alternative_slots": [{"date": "2026-03-28", "time": "15:00"}, {"date": "2026-03-28", "time": "15:30"}]}),
        ),
    ));
    assert_eq!(
        said,
        [
            "Sorry, 14:00 is taken.",
            "The nearest free times are 15:00 or 15:30 tomorrow; which would you like?"
        ]
    );
    let call = call_of(&a.hear("3:30pm please", now())).expect("booked again");
    assert_eq!(
        (call.args["date"].as_str(), call.args["time"].as_str()),
        (Some("2026-03-28"), Some("15:30"))
    );
}

#[test]
fn slot_choices_by_ordinal_and_yes() {
    for (answer, time) in [
        ("the first one", "15:00"),
        ("second", "15:30"),
        ("yes", "15:00"),
        ("3pm", "15:00"),
    ] {
        let mut a = agent(BusinessType::Appointment);
        a.hear(
            "book a consultation on Monday at 11am, I'm Ann, 07700 900123",
            now(),
        );
        call_of(&a.hear("yes", now())).expect("booked");
        a.tool_result(
            VoiceTool::BookAppointment,
            reply(
                ToolReplyStatus::Partial,
                "sorry, the nearest free times are 15:00 or 15:30 on Monday 30 March",
                json!({"alternative_slots": [{"date": "2026-03-30", "time": "15:00"}, {"date": "2026-03-30", "time": "15:30"}]}),
            ),
        );
        let call =
            call_of(&a.hear(answer, now())).unwrap_or_else(|| panic!("{answer} picks a slot"));
        assert_eq!(call.args["time"], time, "{answer}");
    }
}

#[test]
fn a_support_ticket() {
    let mut a = agent(BusinessType::Support);
    a.greet();
    let said = lines(&a.hear("my internet keeps dropping out every few minutes", now()));
    assert_eq!(said, ["Can I take your name, please?"]);
    a.hear("it's Sam Jones", now());
    let said = lines(&a.hear("07700 900123", now()));
    assert!(
        said[0].starts_with("So I'll open a support ticket about"),
        "{said:?}"
    );
    let call = call_of(&a.hear("go ahead", now())).expect("ticket");
    assert_eq!(call.tool, VoiceTool::CreateSupportTicket);
    assert!(
        call.args["issueDescription"]
            .as_str()
            .unwrap()
            .contains("internet")
    );
    assert_eq!(call.args["customerName"], "Sam Jones");
}

#[test]
fn handoff_status_failures_and_missing_tools() {
    let mut a = agent(BusinessType::Restaurant);
    let actions = a.hear("can I speak to a real person", now());
    assert_eq!(
        lines(&actions),
        ["Of course, I'll ask a colleague to join you."]
    );
    assert_eq!(
        call_of(&actions).map(|c| c.tool),
        Some(VoiceTool::RequestHandoff)
    );

    let mut a = agent(BusinessType::Restaurant);
    let said = lines(&a.hear("where is my order", now()));
    assert!(said[0].contains("order number"), "{said:?}");
    let call = call_of(&a.hear("it's ORD-1042", now())).expect("status");
    assert_eq!(Value::Object(call.args), json!({"orderId": "ORD-1042"}));

    let mut a = agent(BusinessType::Restaurant);
    a.hear(
        "one coke for collection, my name is Kevin, 07700 900123",
        now(),
    );
    call_of(&a.hear("yes", now())).expect("order");
    let said = lines(&a.tool_result(
        VoiceTool::PlaceOrder,
        ToolOutcome::Failed("status 500".into()),
    ));
    assert!(
        said[0].starts_with("Sorry, something went wrong"),
        "{said:?}"
    );
    assert!(call_of(&a.hear("yes", now())).is_some(), "yes retries");
}

#[test]
fn business_type_comes_from_metadata_then_tools() {
    assert_eq!(
        business_for(Some("support"), &[VoiceTool::PlaceOrder]),
        BusinessType::Support
    );
    assert_eq!(
        business_for(None, &[VoiceTool::BookAppointment]),
        BusinessType::Appointment
    );
    assert_eq!(
        business_for(Some("nonsense"), &[VoiceTool::CreateSupportTicket]),
        BusinessType::Support
    );
    assert_eq!(business_for(None, &[]), BusinessType::Restaurant);
}
