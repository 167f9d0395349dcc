//! Tests of the call model: queue, joining, transcript, cards, the end.

use serde_json::json;
use voice_types::SessionId;

use super::*;

fn sid() -> SessionId {
    SessionId("s1".into())
}

fn model() -> CallModel {
    CallModel::new(BusinessType::Restaurant, SessionStatus::Ready, None)
}

#[test]
fn queue_positions_update_until_the_call_is_ready() {
    let mut m = CallModel::new(
        BusinessType::Restaurant,
        SessionStatus::Queued,
        Some(QueueInfo {
            position: 2,
            estimated_wait_seconds: 240,
        }),
    );
    m.apply_event(&LiveEvent::QueuePosition {
        session_id: sid(),
        position: 1,
        estimated_wait_seconds: 120,
    });
    assert_eq!(m.queue.map(|q| q.position), Some(1));
    let effects = m.apply_event(&LiveEvent::CallReady {
        session_id: sid(),
        join_url: None,
        provider: None,
    });
    assert!(effects.is_empty(), "no URL yet: nothing to join");
    assert_eq!(m.status, SessionStatus::Ready);
    assert_eq!(m.queue, None);
}

#[test]
fn the_second_call_ready_joins_once() {
    let mut m = model();
    let ready = LiveEvent::CallReady {
        session_id: sid(),
        join_url: Some("ws://x/join".into()),
        provider: Some("local".into()),
    };
    assert_eq!(
        m.apply_event(&ready),
        vec![Effect::Join {
            url: "ws://x/join".into(),
            provider: Provider::Local
        }]
    );
    assert!(
        m.apply_event(&ready).is_empty(),
        "a replayed event does not rejoin"
    );
}

#[test]
fn transcript_lines_merge_by_ordinal_and_speak_once() {
    let mut m = model();
    let line = |text: &str, is_final| JoinServerMessage::Transcript {
        role: "agent".into(),
        medium: "text".into(),
        text: text.into(),
        is_final,
        ordinal: 0,
    };
    assert!(m.apply_voice(&line("Hel", false)).is_empty());
    assert_eq!(
        m.apply_voice(&line("Hello", true)),
        vec![Effect::Speak("Hello".into())]
    );
    assert_eq!(m.transcript.len(), 1);
    m.mark_spoken();
    assert!(m.apply_voice(&line("Hello", true)).is_empty(), "replay");
}

#[test]
fn an_order_card_follows_the_kitchen() {
    let mut m = model();
    let placed = json!({"status": "success", "order_id": "ORD-00001", "total_amount": "22.00",
        "currency": "GBP", "estimated_minutes": 20, "estimated_ready_at": "2026-11-20T15:05:00",
        "items": [{"item_name": "Pepperoni Pizza", "quantity": 2, "unit_price": "11.00",
                   "line_total": "22.00", "special_instructions": null}],
        "message": "Order placed"});
    m.apply_event(&LiveEvent::ToolExecuted {
        session_id: sid(),
        tool: "placeOrder".into(),
        success: true,
        message: "Order placed".into(),
        result: placed,
    });
    assert_eq!(
        m.order.as_ref().map(|o| o.status),
        Some(OrderStatus::Pending)
    );
    let view = json!({"order_id": "ORD-00001", "status": "Ready", "order_type": "Takeaway",
        "items": [], "total_amount": "22.00", "currency": "GBP",
        "estimated_ready_at": "2026-11-20T15:05:00", "created_at_ms": 1});
    m.apply_event(&LiveEvent::OrderUpdated {
        session_id: Some(sid()),
        order_id: "ORD-00001".into(),
        status: "Ready".into(),
        order: view,
    });
    assert_eq!(m.order.as_ref().map(|o| o.status), Some(OrderStatus::Ready));
}

#[test]
fn alternatives_and_refusals_are_shown() {
    let mut m = model();
    m.apply_event(&LiveEvent::ToolExecuted {
        session_id: sid(),
        tool: "bookAppointment".into(),
        success: false,
        message: "taken".into(),
        result: json!({"status": "partial", "message": "That slot is taken",
            "alternative_slots": [{"date": "2026-11-21", "time": "10:00"}]}),
    });
    assert!(
        matches!(m.booking, Some(BookingCard::Alternatives { ref slots, .. }) if slots.len() == 1)
    );
    m.apply_event(&LiveEvent::ToolExecuted {
        session_id: sid(),
        tool: "placeOrder".into(),
        success: false,
        message: "no".into(),
        result: json!({"status": "error", "message": "We don't have sushi",
            "unavailable_items": ["sushi"]}),
    });
    assert_eq!(m.tool_notice.as_deref(), Some("We don't have sushi"));
}

#[test]
fn the_end_finishes_the_call() {
    let mut m = model();
    let effects = m.apply_event(&LiveEvent::SessionEnded {
        session_id: sid(),
        status: SessionStatus::Ended,
        reason: Some("caller hung up".into()),
        duration_seconds: 30,
    });
    assert_eq!(effects, vec![Effect::Finish]);
    assert!(m.is_over());
}
