//! The stateful stand-in driven through the typed client: the order status
//! flow, appointment capacity, sessions, transcripts, the interaction log,
//! settings and the dashboard.
//!
//! These pin the behaviour the session manager's tests will lean on; the
//! exact wording of messages is `voice-domain`'s and is not asserted here.

use std::time::Duration;

use voice_erpnext::voice_agent::*;
use voice_erpnext::{ErpError, ErpNextClient, ErpNextConfig};
use voice_erpnext_standin::{API_KEY, API_SECRET, StandIn};
use voice_types::business::*;

async fn setup() -> (StandIn, ErpNextClient) {
    let stand_in = StandIn::start().await;
    stand_in.set_now(jiff::civil::date(2026, 11, 20).at(12, 0, 0, 0));
    let client = ErpNextClient::new(ErpNextConfig {
        base_url: stand_in.url().clone(),
        api_key: API_KEY.into(),
        api_secret: API_SECRET.into(),
        timeout: Duration::from_secs(5),
        max_attempts: 1,
        base_backoff: Duration::from_millis(10),
    })
    .expect("client");
    (stand_in, client)
}

fn pizza_order(key: &str) -> PlaceOrderRequest {
    PlaceOrderRequest {
        idempotency_key: Some(key.into()),
        session_id: Some("sess-1".into()),
        customer_name: Some("Jane Smith".into()),
        phone: Some("+447700900123".into()),
        order_type: OrderType::Takeaway,
        delivery_address: None,
        special_instructions: None,
        items: vec![OrderItemRequest {
            item_name: "marg".into(),
            quantity: 2,
            special_instructions: None,
        }],
    }
}

fn repair_at(key: &str, time: &str) -> BookAppointmentRequest {
    BookAppointmentRequest {
        idempotency_key: Some(key.into()),
        session_id: Some("sess-2".into()),
        customer_name: Some("Sam Patel".into()),
        phone: None,
        email: Some("sam@example.org".into()),
        service_type: "Repair".into(),
        appointment_date: "2026-11-23".into(),
        appointment_time: time.into(),
        notes: None,
    }
}

#[tokio::test]
async fn an_order_moves_through_the_status_flow() {
    let (stand_in, client) = setup().await;
    let placed = client
        .place_order(&pizza_order("k:1"))
        .await
        .expect("placed");
    let PlaceOrderResult::Success {
        order_id,
        total_amount,
        ..
    } = placed
    else {
        panic!("expected success, got {placed:?}");
    };
    assert_eq!(
        (order_id.as_str(), total_amount.as_str()),
        ("VRO-00001", "19.00")
    );
    let by_phone = GetOrderStatusRequest {
        order_id: None,
        phone: Some("+447700900123".into()),
    };
    let status = client.get_order_status(&by_phone).await.expect("status");
    assert_eq!(
        (status.order_id.as_str(), status.status),
        ("VRO-00001", OrderStatus::Pending)
    );
    let update = |status, key: &str| UpdateOrderStatusRequest {
        idempotency_key: Some(key.into()),
        order_id: order_id.clone(),
        status,
    };
    let moved = client
        .update_order_status(&update(OrderStatus::Preparing, "s:1"))
        .await;
    assert_eq!(moved.expect("moved").status, OrderStatus::Preparing);
    match client
        .update_order_status(&update(OrderStatus::Pending, "s:2"))
        .await
    {
        Err(ErpError::Validation { field, message, .. }) => {
            assert_eq!(field.as_deref(), Some("status"));
            assert!(
                message.contains("Preparing") && message.contains("Pending"),
                "{message}"
            );
        }
        other => panic!("expected a refused move, got {other:?}"),
    }
    assert_eq!(stand_in.orders()[0].status, OrderStatus::Preparing);
    let unknown = GetOrderStatusRequest {
        order_id: Some("VRO-09999".into()),
        phone: None,
    };
    let result = client.get_order_status(&unknown).await;
    assert!(
        matches!(result, Err(ErpError::NotFound { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_unknown_item_is_a_refusal_that_creates_nothing() {
    let (stand_in, client) = setup().await;
    let mut request = pizza_order("k:2");
    request.items[0].item_name = "cheeseburger deluxe with lobster".into();
    let result = client.place_order(&request).await.expect("answered");
    assert!(
        matches!(result, PlaceOrderResult::Error { .. }),
        "{result:?}"
    );
    assert!(stand_in.orders().is_empty());
    assert_eq!(stand_in.created_count("k:2"), 0);
}

#[tokio::test]
async fn a_full_slot_offers_alternatives_and_leaves_the_availability_list() {
    let (stand_in, client) = setup().await;
    let first = client.book_appointment(&repair_at("b:1", "11:00")).await;
    assert!(
        matches!(first, Ok(BookAppointmentResult::Success { .. })),
        "{first:?}"
    );
    let second = client.book_appointment(&repair_at("b:2", "11:00")).await;
    assert!(
        matches!(second, Ok(BookAppointmentResult::Partial { .. })),
        "{second:?}"
    );
    let asked = CheckAvailabilityRequest {
        service_type: "fix".into(),
        date: "2026-11-23".into(),
    };
    let free = client
        .check_availability(&asked)
        .await
        .expect("availability");
    assert_eq!(free.service_type, "Repair");
    assert!(!free.available_slots.contains(&"11:00".to_owned()));
    assert!(free.available_slots.contains(&"09:00".to_owned()));
    assert_eq!(stand_in.appointments().len(), 1);
}

#[tokio::test]
async fn sessions_are_upserted_and_a_finished_call_stays_finished() {
    let (stand_in, client) = setup().await;
    let mut upsert = UpsertSessionRequest {
        session_id: "sess-1".into(),
        session_type: Some(ErpSessionType::Restaurant),
        status: Some(ErpSessionStatus::Active),
        start_time: Some("2026-11-20T11:58:00".into()),
        ..Default::default()
    };
    let created = client.upsert_session(&upsert).await.expect("created");
    assert_eq!(created.status, ErpSessionStatus::Active);
    upsert.status = Some(ErpSessionStatus::Completed);
    upsert.duration_seconds = Some(390);
    client.upsert_session(&upsert).await.expect("finished");
    upsert.status = Some(ErpSessionStatus::Active);
    let late = client.upsert_session(&upsert).await.expect("late");
    assert_eq!(late.status, ErpSessionStatus::Completed);
    let session = stand_in.session("sess-1").expect("stored");
    assert_eq!(session["duration_seconds"], 390);
    let dashboard = client
        .get_dashboard_data(Some("2026-11-20"))
        .await
        .expect("dashboard");
    assert_eq!((dashboard.total_calls, dashboard.completed_calls), (1, 1));
    assert_eq!(dashboard.by_type["Restaurant"], 1);
}

#[tokio::test]
async fn transcript_lines_already_stored_are_skipped() {
    let (_stand_in, client) = setup().await;
    let line = |ordinal, text: &str| TranscriptMessage {
        ordinal,
        speaker: TranscriptSpeaker::User,
        text: text.into(),
        medium: Some(TranscriptMedium::Voice),
        timestamp: None,
    };
    let request = |messages| AppendTranscriptRequest {
        session_id: "sess-1".into(),
        messages,
    };
    let first = request(vec![line(0, "hi"), line(1, "two pizzas")]);
    let first = client.append_transcript(&first).await.expect("first");
    assert_eq!(first.stored, 2);
    let again = request(vec![line(1, "two pizzas"), line(2, "thanks")]);
    let again = client.append_transcript(&again).await.expect("again");
    assert_eq!(again.stored, 1);
    let empty = client.append_transcript(&request(vec![])).await;
    assert!(
        matches!(empty, Err(ErpError::Validation { .. })),
        "{empty:?}"
    );
}

#[tokio::test]
async fn an_interaction_logged_twice_under_one_key_is_stored_once() {
    let (stand_in, client) = setup().await;
    let request = LogInteractionRequest {
        idempotency_key: Some("uv-call-1:3".into()),
        session_id: "sess-1".into(),
        tool_name: "placeOrder".into(),
        success: Some(true),
        duration_ms: Some(184),
        ..Default::default()
    };
    let first = client.log_interaction(&request).await.expect("first");
    let second = client.log_interaction(&request).await.expect("second");
    assert_eq!(first, second);
    assert_eq!(first.name, "VI-0000001");
    assert_eq!(stand_in.interactions().len(), 1);
}

#[tokio::test]
async fn business_config_carries_the_fields_of_its_type() {
    let (_stand_in, client) = setup().await;
    let restaurant = client
        .get_business_config(ConfigBusinessType::Restaurant)
        .await;
    let restaurant = restaurant.expect("restaurant");
    assert_eq!(restaurant.min_order_amount.as_deref(), Some("10.00"));
    assert!(restaurant.business_hours.is_none());
    let appointment = client
        .get_business_config(ConfigBusinessType::Appointment)
        .await;
    let hours = appointment
        .expect("appointment")
        .business_hours
        .expect("hours");
    assert_eq!(hours["sunday"], None);
    let menu = client
        .get_menu(&GetMenuRequest {
            category: Some("Drinks".into()),
        })
        .await;
    assert!(
        menu.expect("menu")
            .items
            .iter()
            .all(|i| i.category == "Drinks")
    );
}
