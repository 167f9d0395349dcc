//! The business tools over HTTP with the embedded store: pricing, events,
//! idempotency, the last free slot under concurrency, and bad input.

use std::time::Duration;

use serde_json::{Value, json};
use voice_types::LiveEvent;

use crate::helpers::{STAFF, close, next_open_day, spawn_app, wait_for};

fn next_sunday() -> String {
    let mut day = jiff::Zoned::now().date().tomorrow().unwrap();
    while day.weekday() != jiff::civil::Weekday::Sunday {
        day = day.tomorrow().unwrap();
    }
    day.to_string()
}

#[tokio::test]
async fn an_order_is_priced_seen_live_and_moved_on_by_the_kitchen() {
    let app = spawn_app(|_| {}).await;
    let s = app.create("restaurant").await;
    let id = s.session_id.as_str();
    let mut customer = app.ws_session(id, &s.session_token, None).await;
    let mut staff = app.ws_staff(None).await;
    tokio::time::sleep(Duration::from_millis(50)).await;

    let (status, order) = app
        .post_staff(
            "/api/business/orders",
            &json!({
        "idempotency_key": "call-1:placeOrder:abc", "session_id": id, "customer_name": "Kevin",
        "phone": "07700 900123", "order_type": "Takeaway",
        "items": [{"item_name": "pepperoni pizzas", "quantity": 2}, {"item_name": "coke"}]}),
        )
        .await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(order["status"], "success");
    assert_eq!(order["total_amount"], "24.00");
    assert_eq!(order["items"][0]["item_name"], "Pepperoni Pizza");
    assert_eq!(order["estimated_minutes"], 12);
    let order_id = order["order_id"].as_str().unwrap().to_owned();

    let tool = wait_for(&mut customer, |e| {
        matches!(e, LiveEvent::ToolExecuted { .. })
    })
    .await;
    assert!(
        matches!(tool.event, LiveEvent::ToolExecuted { ref tool, success: true, .. } if tool == "placeOrder")
    );
    wait_for(
        &mut staff,
        |e| matches!(e, LiveEvent::OrderUpdated { status, .. } if status == "Pending"),
    )
    .await;

    let (status, moved) = app
        .post_staff(
            &format!("/api/business/orders/{order_id}/status"),
            &json!({"status": "Preparing"}),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    let seen = wait_for(
        &mut customer,
        |e| matches!(e, LiveEvent::OrderUpdated { status, .. } if status == "Preparing"),
    )
    .await;
    assert!(
        matches!(seen.event, LiveEvent::OrderUpdated { ref order_id, .. } if *order_id == moved["order_id"])
    );

    let (status, err) = app
        .post_staff(
            &format!("/api/business/orders/{order_id}/status"),
            &json!({"status": "Completed"}),
        )
        .await;
    assert_eq!(status, 409, "Preparing cannot jump to Completed: {err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Preparing")
    );

    let (_, board) = app.get_staff("/api/business/orders").await;
    assert_eq!(board.as_array().unwrap().len(), 1);
    assert_eq!(board[0]["status"], "Preparing");
    let (_, by_phone) = app
        .get_staff("/api/business/order-status?phone=%2B447700900123")
        .await;
    assert_eq!(by_phone["order_id"], order_id.as_str());
    close(customer).await;
    close(staff).await;
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_first_answer_and_creates_nothing() {
    let app = spawn_app(|_| {}).await;
    let body = json!({"idempotency_key": "k-1", "customer_name": "Ann", "order_type": "Takeaway",
        "items": [{"item_name": "fish and chips", "quantity": 1}]});
    let (_, first) = app.post_staff("/api/business/orders", &body).await;
    let (_, second) = app.post_staff("/api/business/orders", &body).await;
    assert_eq!(first, second);
    let (_, board) = app.get_staff("/api/business/orders").await;
    assert_eq!(board.as_array().unwrap().len(), 1, "one order for one key");
    let date = next_open_day(2);
    let booking = json!({"idempotency_key": "k-2", "service_type": "Repair", "appointment_date": date,
        "appointment_time": "11:00", "customer_name": "Ann"});
    let (_, b1) = app.post_staff("/api/business/appointments", &booking).await;
    let (_, b2) = app.post_staff("/api/business/appointments", &booking).await;
    assert_eq!(b1["status"], "success");
    assert_eq!(b1, b2, "the replay is not refused as 'slot taken'");
    // The same key for another tool is a conflict, not a silent replay.
    let (status, err) = app
        .post_staff(
            "/api/business/tickets",
            &json!({"idempotency_key": "k-1",
        "issue_description": "the app crashes"}),
        )
        .await;
    assert_eq!(status, 409, "{err}");
}

#[tokio::test]
async fn exactly_one_caller_gets_the_last_slot() {
    let app = spawn_app(|_| {}).await;
    let date = next_open_day(3);
    let mut tasks = Vec::new();
    for i in 0..8 {
        let http = app.http.clone();
        let url = app.url("/api/business/appointments");
        let date = date.clone();
        tasks.push(tokio::spawn(async move {
            let res = http.post(url).bearer_auth(STAFF)
                .json(&json!({"idempotency_key": format!("race-{i}"), "service_type": "Repair",
                    "appointment_date": date, "appointment_time": "14:00", "customer_name": format!("Caller {i}")}))
                .send().await.unwrap();
            res.json::<Value>().await.unwrap()
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap()["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        outcomes.iter().filter(|s| *s == "success").count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().filter(|s| *s == "partial").count(),
        7,
        "{outcomes:?}"
    );
    let (_, diary) = app
        .get_staff(&format!("/api/business/appointments?from={date}&to={date}"))
        .await;
    assert_eq!(diary.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn refusals_are_answers_with_alternatives() {
    let app = spawn_app(|_| {}).await;
    let (status, r) = app
        .post_staff(
            "/api/business/orders",
            &json!({"order_type": "Takeaway",
        "items": [{"item_name": "cheeseburger"}, {"item_name": "chips"}]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(r["status"], "error");
    assert_eq!(r["unavailable_items"], json!(["cheeseburger"]));
    let (_, r) = app
        .post_staff(
            "/api/business/orders",
            &json!({"order_type": "Delivery",
        "items": [{"item_name": "margherita", "quantity": 2}]}),
        )
        .await;
    assert_eq!(r["status"], "error");
    assert!(r["message"].as_str().unwrap().contains("address"));
    let (_, r) = app
        .post_staff(
            "/api/business/orders",
            &json!({"order_type": "Takeaway",
        "items": [{"item_name": "coke", "quantity": 1}]}),
        )
        .await;
    assert!(r["message"].as_str().unwrap().contains("minimum"), "{r}");
    let (_, r) = app
        .post_staff(
            "/api/business/appointments",
            &json!({"service_type": "Consultation",
        "appointment_date": next_sunday(), "appointment_time": "10:00"}),
        )
        .await;
    assert_eq!(r["status"], "partial", "closed on Sunday: {r}");
    assert!(!r["alternative_slots"].as_array().unwrap().is_empty());
    let (_, r) = app
        .post_staff(
            "/api/business/appointments",
            &json!({"service_type": "Haircut",
        "appointment_date": next_open_day(1), "appointment_time": "10:00"}),
        )
        .await;
    assert_eq!(r["status"], "error");
    assert!(
        r["message"].as_str().unwrap().contains("Repair"),
        "names what we offer: {r}"
    );
    let (status, r) = app
        .get_staff(&format!(
            "/api/business/availability?service_type=installation&date={}",
            next_open_day(1)
        ))
        .await;
    assert_eq!(status, 200);
    assert!(!r["available_slots"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn bad_business_input_names_the_field() {
    let app = spawn_app(|_| {}).await;
    let cases = [
        ("/api/business/orders", json!({"items": []}), "order_type"),
        (
            "/api/business/orders",
            json!({"order_type": "Takeaway", "items": [{"item_name": "coke", "quantity": "two"}]}),
            "items[0].quantity",
        ),
        (
            "/api/business/orders",
            json!({"order_type": "Takeaway", "phone": "not a phone", "items": [{"item_name": "burger", "quantity": 2}]}),
            "phone",
        ),
        (
            "/api/business/orders",
            json!({"order_type": "Takeaway", "customer_name": "x".repeat(300), "items": [{"item_name": "burger"}]}),
            "customer_name",
        ),
        (
            "/api/business/orders",
            json!({"order_type": "Takeaway", "idempotency_key": "k".repeat(200), "items": [{"item_name": "burger"}]}),
            "idempotency_key",
        ),
        (
            "/api/business/tickets",
            json!({"issue_description": "   "}),
            "issue_description",
        ),
        (
            "/api/business/tickets",
            json!({"issue_description": "x".repeat(5000)}),
            "issue_description",
        ),
        (
            "/api/business/appointments",
            json!({"service_type": "Repair", "appointment_date": "tomorrow", "appointment_time": "10:00"}),
            "appointment_date",
        ),
    ];
    for (path, body, field) in cases {
        let (status, err) = app.post_staff(path, &body).await;
        let got = (
            status,
            err["error"]["field"].as_str().unwrap_or("").to_owned(),
        );
        // A date the rules cannot read is an answer the model can act on, not a 422.
        if path.ends_with("appointments") {
            assert!(status == 200 || status == 422, "{path} {body}: {err}");
            continue;
        }
        assert_eq!(got, (422, field.to_owned()), "{path} {body}: {err}");
    }
    let (status, _) = app
        .get_staff("/api/business/availability?service_type=Repair&date=2026-13-45")
        .await;
    assert_eq!(status, 422);
    // Effects need a service or staff token.
    let res = app
        .http
        .post(app.url("/api/business/orders"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let s = app.create("restaurant").await;
    let res = app
        .http
        .post(app.url("/api/business/orders"))
        .bearer_auth(&s.session_token)
        .json(&json!({"order_type": "Takeaway", "items": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "a customer token is not a service token");
}

#[tokio::test]
async fn tickets_escalate_round_robin_and_analytics_count_the_day() {
    let app = spawn_app(|c| c.support_staff = vec!["Ana".into(), "Ben".into()]).await;
    let mut assigned = Vec::new();
    for (priority, text) in [
        ("Critical", "everything is down"),
        ("High", "cannot log in"),
        ("Low", "a question"),
        ("High", "urgent billing error"),
    ] {
        let (_, t) = app
            .post_staff(
                "/api/business/tickets",
                &json!({"issue_description": text, "priority": priority}),
            )
            .await;
        assert_eq!(t["status"], "success");
        assigned.push(t["assigned_to"].clone());
    }
    assert_eq!(
        assigned,
        vec![json!("Ana"), json!("Ben"), Value::Null, json!("Ana")]
    );
    let (_, open) = app.get_staff("/api/business/tickets").await;
    assert_eq!(open[0]["priority"], "Critical", "most urgent first");

    app.post_staff(
        "/api/business/orders",
        &json!({"order_type": "Takeaway", "items": [{"item_name": "burger", "quantity": 2}]}),
    )
    .await;
    let s = app.create("support").await;
    app.transition(s.session_id.as_str(), "active").await;
    app.end(s.session_id.as_str(), &s.session_token).await;
    let (_, a) = app.get_staff("/api/business/analytics").await;
    assert_eq!(a["dashboard"]["orders"], 1);
    assert_eq!(a["dashboard"]["revenue"], "20.00");
    assert_eq!(a["dashboard"]["total_calls"], 1);
    assert_eq!(a["dashboard"]["tickets_by_priority"]["High"], 2);
    assert_eq!(a["hourly"].as_array().unwrap().len(), 24);
    // The neighbouring days read none of today's rows.
    let today: jiff::civil::Date = a["dashboard"]["date"].as_str().unwrap().parse().unwrap();
    for day in [today.yesterday().unwrap(), today.tomorrow().unwrap()] {
        let (status, other) = app
            .get_staff(&format!("/api/business/analytics?date={day}"))
            .await;
        assert_eq!(status, 200);
        let d = &other["dashboard"];
        assert_eq!(d["date"], day.to_string());
        assert_eq!(
            (
                &d["orders"],
                &d["total_calls"],
                &d["tickets_by_priority"]["High"]
            ),
            (&json!(0), &json!(0), &json!(0)),
            "{day}: {other}"
        );
    }
}

#[tokio::test]
async fn the_embedded_store_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("vsm-test-{}", uuid::Uuid::new_v4()));
    let path = dir.clone();
    {
        let app = spawn_app(|c| c.data_dir = path.clone()).await;
        app.post_staff(
            "/api/business/orders",
            &json!({"idempotency_key": "persist-1", "order_type": "Takeaway",
            "items": [{"item_name": "burger", "quantity": 2}]}),
        )
        .await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let path = dir.clone();
    let app = spawn_app(|c| c.data_dir = path.clone()).await;
    let (_, board) = app.get_staff("/api/business/orders").await;
    assert_eq!(board.as_array().unwrap().len(), 1);
    let (_, again) = app
        .post_staff(
            "/api/business/orders",
            &json!({"idempotency_key": "persist-1", "order_type": "Takeaway",
        "items": [{"item_name": "burger", "quantity": 2}]}),
        )
        .await;
    assert_eq!(
        again["order_id"], board[0]["order_id"],
        "the key outlives the process"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
