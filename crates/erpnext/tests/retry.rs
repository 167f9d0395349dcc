//! Retries, idempotency and auth against the stateful stand-in.
//!
//! The contract allows retrying only 429, 5xx and connection failures, and
//! only for calls carrying an idempotency key; these tests count the requests
//! the stand-in saw and the documents it created, so "retried" and "exactly
//! once" are observed, not inferred.

use std::time::{Duration, Instant};

use voice_erpnext::voice_agent::{ErpSessionStatus, UpsertSessionRequest};
use voice_erpnext::{ErpError, ErpNextClient, ErpNextConfig};
use voice_erpnext_standin::{API_KEY, API_SECRET, NO_ROLE_API_KEY, NO_ROLE_API_SECRET, StandIn};
use voice_types::business::{
    BookAppointmentRequest, BookAppointmentResult, CreateTicketRequest, OrderItemRequest,
    OrderType, PlaceOrderRequest, PlaceOrderResult, TicketPriority,
};

fn client_with(url: &url::Url, secret: &str, max_attempts: u32) -> ErpNextClient {
    let key = if secret == NO_ROLE_API_SECRET {
        NO_ROLE_API_KEY
    } else {
        API_KEY
    };
    ErpNextClient::new(ErpNextConfig {
        base_url: url.clone(),
        api_key: key.into(),
        api_secret: secret.into(),
        timeout: Duration::from_secs(5),
        max_attempts,
        base_backoff: Duration::from_millis(20),
    })
    .expect("client")
}

fn client(stand_in: &StandIn) -> ErpNextClient {
    client_with(stand_in.url(), API_SECRET, 6)
}

fn order(key: Option<&str>) -> PlaceOrderRequest {
    PlaceOrderRequest {
        idempotency_key: key.map(str::to_owned),
        session_id: Some("sess-1".into()),
        customer_name: Some("Jane Smith".into()),
        phone: Some("+447700900123".into()),
        order_type: OrderType::Takeaway,
        delivery_address: None,
        special_instructions: None,
        items: vec![OrderItemRequest {
            item_name: "Margherita Pizza".into(),
            quantity: 2,
            special_instructions: None,
        }],
    }
}

fn ticket(key: &str) -> CreateTicketRequest {
    CreateTicketRequest {
        idempotency_key: Some(key.into()),
        session_id: Some("sess-3".into()),
        customer_name: Some("Alex Brown".into()),
        phone: None,
        email: Some("alex@example.org".into()),
        issue_description: "The app crashes when I log in".into(),
        priority: TicketPriority::High,
        category: Some("Technical".into()),
    }
}

fn n_calls(stand_in: &StandIn, method_suffix: &str) -> usize {
    let seen = stand_in.requests_seen();
    seen.iter()
        .filter(|r| r.method.ends_with(method_suffix))
        .count()
}

#[tokio::test]
async fn a_keyed_order_is_retried_while_the_site_is_down_and_placed_once() {
    let stand_in = StandIn::start().await;
    stand_in.set_down(true);
    let client = client(&stand_in);
    let request = order(Some("uv-call-1:3"));
    let (result, ()) = tokio::join!(client.place_order(&request), async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        stand_in.set_down(false);
    });
    assert!(
        matches!(result, Ok(PlaceOrderResult::Success { .. })),
        "{result:?}"
    );
    assert!(n_calls(&stand_in, "place_order") >= 2);
    assert_eq!(stand_in.orders().len(), 1);
    assert_eq!(stand_in.created_count("uv-call-1:3"), 1);
}

#[tokio::test]
async fn a_keyed_ticket_is_retried_after_server_errors() {
    let stand_in = StandIn::start().await;
    stand_in.fail_next(2);
    let result = client(&stand_in)
        .create_ticket(&ticket("uv-call-3:2"))
        .await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(n_calls(&stand_in, "create_ticket"), 3);
    assert_eq!(stand_in.tickets().len(), 1);
}

#[tokio::test]
async fn a_rate_limited_booking_waits_for_retry_after() {
    let stand_in = StandIn::start().await;
    stand_in.set_now(jiff::civil::date(2026, 11, 20).at(12, 0, 0, 0));
    stand_in.rate_limit_next(1, 1);
    let request = BookAppointmentRequest {
        idempotency_key: Some("uv-call-2:5".into()),
        session_id: Some("sess-2".into()),
        customer_name: Some("Sam Patel".into()),
        phone: None,
        email: None,
        service_type: "Repair".into(),
        appointment_date: "2026-11-23".into(),
        appointment_time: "11:00".into(),
        notes: None,
    };
    let started = Instant::now();
    let result = client(&stand_in).book_appointment(&request).await;
    assert!(
        matches!(result, Ok(BookAppointmentResult::Success { .. })),
        "{result:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(n_calls(&stand_in, "book_appointment"), 2);
    assert_eq!(stand_in.appointments().len(), 1);
}

#[tokio::test]
async fn retrying_stops_after_max_attempts() {
    let stand_in = StandIn::start().await;
    stand_in.set_down(true);
    let result = client_with(stand_in.url(), API_SECRET, 3)
        .place_order(&order(Some("k:1")))
        .await;
    assert!(
        matches!(result, Err(ErpError::Server { status: 503, .. })),
        "{result:?}"
    );
    assert_eq!(n_calls(&stand_in, "place_order"), 3);
}

#[tokio::test]
async fn posts_without_a_key_are_never_retried() {
    let stand_in = StandIn::start().await;
    let client = client(&stand_in);
    stand_in.fail_next(1);
    let result = client.place_order(&order(None)).await;
    assert!(
        matches!(result, Err(ErpError::Server { status: 500, .. })),
        "{result:?}"
    );
    stand_in.fail_next(1);
    let upsert = UpsertSessionRequest {
        session_id: "sess-1".into(),
        status: Some(ErpSessionStatus::Active),
        ..Default::default()
    };
    let result = client.upsert_session(&upsert).await;
    assert!(matches!(&result, Err(e) if e.is_retryable()), "{result:?}");
    assert_eq!(stand_in.requests_seen().len(), 2);
    assert!(stand_in.orders().is_empty());
}

#[tokio::test]
async fn a_validation_error_is_not_retried() {
    let stand_in = StandIn::start().await;
    let mut request = order(Some("uv-call-1:4"));
    request.order_type = OrderType::Delivery;
    let result = client(&stand_in).place_order(&request).await;
    match result {
        Err(ErpError::Validation { field, .. }) => {
            assert_eq!(field.as_deref(), Some("delivery_address"));
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(n_calls(&stand_in, "place_order"), 1);
}

#[tokio::test]
async fn the_same_key_twice_creates_one_order_and_returns_the_first_result() {
    let stand_in = StandIn::start().await;
    let client = client(&stand_in);
    let first = client
        .place_order(&order(Some("uv-call-1:3")))
        .await
        .expect("first");
    let mut again = order(Some("uv-call-1:3"));
    again.items[0].quantity = 5;
    let second = client.place_order(&again).await.expect("second");
    assert_eq!(first, second);
    assert_eq!(stand_in.orders().len(), 1);
    assert_eq!(stand_in.created_count("uv-call-1:3"), 1);
    let other = client
        .place_order(&order(Some("uv-call-1:9")))
        .await
        .expect("third");
    assert_ne!(first, other);
    assert_eq!(stand_in.orders().len(), 2);
}

#[tokio::test]
async fn a_wrong_secret_is_an_authentication_error() {
    let stand_in = StandIn::start().await;
    let result = client_with(stand_in.url(), "wrong", 4)
        .get_menu(&Default::default())
        .await;
    assert!(
        matches!(result, Err(ErpError::Authentication { .. })),
        "{result:?}"
    );
    let result = client_with(stand_in.url(), "wrong", 4)
        .create_ticket(&ticket("k:auth"))
        .await;
    assert!(matches!(&result, Err(e) if !e.is_retryable()), "{result:?}");
    assert_eq!(stand_in.requests_seen().len(), 2, "401 is not retried");
    assert!(stand_in.tickets().is_empty());
}

#[tokio::test]
async fn a_user_without_the_role_is_a_permission_error() {
    let stand_in = StandIn::start().await;
    let result = client_with(stand_in.url(), NO_ROLE_API_SECRET, 4)
        .create_ticket(&ticket("k:role"))
        .await;
    assert!(
        matches!(result, Err(ErpError::Permission { .. })),
        "{result:?}"
    );
    assert!(stand_in.tickets().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url =
        url::Url::parse(&format!("http://{}/", listener.local_addr().expect("addr"))).expect("url");
    drop(listener);
    let result = client_with(&url, API_SECRET, 2)
        .place_order(&order(Some("k:2")))
        .await;
    match result {
        Err(error @ ErpError::Transport(_)) => assert!(error.is_retryable()),
        other => panic!("expected a transport error, got {other:?}"),
    }
}
