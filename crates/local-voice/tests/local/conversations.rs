//! Whole conversations with the local agent, whose tools are HTTP requests
//! to the test backend, sent exactly as Ultravox sends them.

use serde_json::{Value, json};

use crate::helpers::{TOOL_SECRET, TestApp};

async fn say(app: &TestApp, id: &str, text: &str) -> Vec<String> {
    app.provider().say(id, text).await.unwrap()
}

#[tokio::test]
async fn a_restaurant_order_calls_place_order_once_with_a_flat_body() {
    let app = TestApp::start().await;
    let id = app.business_call("restaurant").await;
    assert_eq!(
        say(&app, &id, "two pepperoni pizzas please").await,
        ["Is that for collection or delivery?"]
    );
    assert_eq!(
        say(&app, &id, "collection").await,
        ["Can I take your name, please?"]
    );
    assert_eq!(
        say(&app, &id, "my name is Kevin").await,
        ["And what's the best phone number to reach you on?"]
    );
    assert_eq!(
        say(&app, &id, "07700 900123").await,
        [
            "So that's two Pepperoni Pizzas for collection, for Kevin on 07700 900123. Shall I place the order?"
        ]
    );
    assert!(
        app.backend.tool_hits("placeOrder").is_empty(),
        "nothing placed before yes"
    );
    assert_eq!(
        say(&app, &id, "yes").await,
        [
            "Your order ORD-1001 is placed and will be ready in 20 minutes.",
            "Is there anything else I can help you with?"
        ]
    );

    let hits = app.backend.tool_hits("placeOrder");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].body,
        json!({
            "items": [{"itemName": "Pepperoni Pizza", "quantity": 2}],
            "orderType": "takeaway",
            "customerName": "Kevin",
            "phone": "+447700900123",
            "callId": id,
        })
    );
    assert_eq!(hits[0].headers["x-voice-tool-secret"], TOOL_SECRET);
    assert_eq!(hits[0].headers["content-type"], "application/json");

    let logged = app.provider().tool_requests();
    assert_eq!(logged.len(), 1);
    assert_eq!(
        (
            logged[0].tool.as_str(),
            logged[0].method.as_str(),
            logged[0].status
        ),
        ("placeOrder", "POST", Some(200))
    );
    assert_eq!(logged[0].header("X-Voice-Tool-Secret"), Some(TOOL_SECRET));

    let messages = app.provider().messages(&id).unwrap();
    let call = messages
        .iter()
        .find(|m| m["role"] == "MESSAGE_ROLE_TOOL_CALL")
        .unwrap();
    let result = messages
        .iter()
        .find(|m| m["role"] == "MESSAGE_ROLE_TOOL_RESULT")
        .unwrap();
    assert_eq!(call["toolName"], "placeOrder");
    assert_eq!(call["invocationId"], result["invocationId"]);
    let args: Value = serde_json::from_str(call["text"].as_str().unwrap()).unwrap();
    assert!(
        args.get("callId").is_none(),
        "the model's arguments hold no call id"
    );
    assert!(result["text"].as_str().unwrap().contains("ORD-1001"));

    let goodbye = say(&app, &id, "no thanks, that's all").await;
    assert!(goodbye[0].contains("Goodbye"), "{goodbye:?}");
    assert_eq!(
        app.provider().call(&id).unwrap()["endReason"],
        "agent_hangup"
    );
}

#[tokio::test]
async fn a_booking_takes_an_alternative_slot_when_the_first_is_taken() {
    let app = TestApp::start().await;
    let id = app.business_call("appointment").await;
    say(&app, &id, "I'd like to book a repair tomorrow at 2pm").await;
    say(&app, &id, "Ann Lee").await;
    let readback = say(&app, &id, "07700 900123").await;
    assert!(
        readback[0].starts_with("So that's a Repair appointment tomorrow at 14:00"),
        "{readback:?}"
    );

    let tomorrow = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date()
        .tomorrow()
        .unwrap()
        .to_string();
    app.backend.script(
        "bookAppointment",
        (
            200,
            vec![],
            json!({
                "status": "partial",
                "message": "sorry, 14:00 is taken",
                "result": {"alternative_slots": [{"date": tomorrow, "time": "15:00"}, {"date": tomorrow, "time": "15:30"}]}
            }),
        ),
    );
    let offer = say(&app, &id, "yes please").await;
    assert_eq!(
        offer,
        [
            "Sorry, 14:00 is taken.",
            "The nearest free times are 15:00 or 15:30 tomorrow; which would you like?"
        ]
    );
    let booked = say(&app, &id, "the second one").await;
    assert!(booked[0].contains("15:30"), "{booked:?}");
    assert_eq!(booked[1], "Is there anything else I can help you with?");

    let hits = app.backend.tool_hits("bookAppointment");
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[0].body,
        json!({"serviceType": "Repair", "date": tomorrow, "time": "14:00", "customerName": "Ann Lee", "phone": "+447700900123", "callId": id})
    );
    assert_eq!(
        (hits[1].body["date"].as_str(), hits[1].body["time"].as_str()),
        (Some(tomorrow.as_str()), Some("15:30"))
    );
}

#[tokio::test]
async fn a_support_ticket_is_opened() {
    let app = TestApp::start().await;
    let id = app.business_call("support").await;
    assert_eq!(
        say(
            &app,
            &id,
            "my internet keeps dropping out every few minutes"
        )
        .await,
        ["Can I take your name, please?"]
    );
    say(&app, &id, "it's Sam Jones").await;
    let readback = say(&app, &id, "07700 900123").await;
    assert!(
        readback[0].contains("Sam Jones on 07700 900123"),
        "{readback:?}"
    );
    let said = say(&app, &id, "yes go ahead").await;
    assert_eq!(
        said[0],
        "Ticket TCK-7 is open; we will reply within 4 hours."
    );
    let hits = app.backend.tool_hits("createSupportTicket");
    assert_eq!(hits.len(), 1);
    let body = &hits[0].body;
    assert!(
        body["issueDescription"]
            .as_str()
            .unwrap()
            .contains("internet")
    );
    assert_eq!(body["customerName"], "Sam Jones");
    assert_eq!(body["callId"], id.as_str());
    assert!(body["priority"].is_string() && body["category"].is_string());
}

#[tokio::test]
async fn a_failing_tool_is_apologised_for_and_the_call_goes_on() {
    let app = TestApp::start().await;
    let id = app.business_call("restaurant").await;
    app.backend.script(
        "placeOrder",
        (500, vec![], json!({"error": "database down"})),
    );
    say(&app, &id, "one margherita pizza for collection").await;
    say(&app, &id, "my name is Kevin").await;
    say(&app, &id, "07700 900123").await;
    let said = say(&app, &id, "yes").await;
    assert!(
        said[0].starts_with("Sorry, something went wrong"),
        "{said:?}"
    );
    assert!(
        app.provider().call(&id).unwrap()["ended"].is_null(),
        "still live"
    );
    let failure = app
        .provider()
        .messages(&id)
        .unwrap()
        .into_iter()
        .find(|m| m["role"] == "MESSAGE_ROLE_TOOL_RESULT")
        .unwrap();
    assert!(
        failure["errorDetails"].as_str().unwrap().contains("500"),
        "{failure}"
    );

    let retried = say(&app, &id, "yes").await;
    assert!(retried[0].contains("ORD-1001"), "{retried:?}");
    assert_eq!(app.backend.tool_hits("placeOrder").len(), 2);
}

#[tokio::test]
async fn tool_control_headers_update_state_and_hang_up() {
    let app = TestApp::start().await;
    let id = app.business_call("restaurant").await;
    app.backend.script(
        "getOrderStatus",
        (
            200,
            vec![("X-Ultravox-Update-Call-State", r#"{"lastOrder":"ORD-1042"}"#.to_owned())],
            json!({"status": "success", "message": "order ORD-1042 is out for delivery", "result": {}}),
        ),
    );
    let said = say(&app, &id, "where is my order ORD-1042").await;
    assert_eq!(
        said,
        [
            "Order ORD-1042 is out for delivery.",
            "Is there anything else I can help you with?"
        ]
    );
    assert_eq!(
        app.backend.tool_hits("getOrderStatus")[0].body,
        json!({"orderId": "ORD-1042", "callId": id})
    );
    let result = app
        .provider()
        .messages(&id)
        .unwrap()
        .into_iter()
        .find(|m| m["role"] == "MESSAGE_ROLE_TOOL_RESULT")
        .unwrap();
    assert_eq!(result["callState"], json!({"lastOrder": "ORD-1042"}));

    app.backend.script(
        "requestHandoff",
        (
            200,
            vec![("X-Ultravox-Response-Type", "hang-up".to_owned())],
            json!({"status": "success", "message": "transferring you now", "result": {}}),
        ),
    );
    let said = say(&app, &id, "can I talk to a real person").await;
    assert_eq!(
        said,
        [
            "Of course, I'll ask a colleague to join you.",
            "Transferring you now."
        ]
    );
    assert_eq!(
        app.provider().call(&id).unwrap()["endReason"],
        "agent_hangup"
    );
    assert!(app.provider().say(&id, "hello?").await.is_err());
}
