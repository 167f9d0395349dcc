//! End to end with the local voice provider (in process, the embedded
//! default): a session gets a call with the right tools, the caller joins
//! and talks over several turns, the business tool runs exactly once, the
//! events reach the customer's and the staff's WebSockets, the call ends,
//! the transcript is recorded, the slot is freed and the queue promoted.

use std::time::Duration;

use serde_json::{Value, json};
use voice_session_manager::config::VoiceProviderKind;
use voice_types::{LiveEvent, SessionStatus};

use crate::helpers::*;

async fn voice_app(capacity: u32) -> TestApp {
    spawn_app(|c| {
        c.voice.voice_provider = Some(VoiceProviderKind::Local);
        c.voice.local_voice_turn_delay = Duration::ZERO;
        c.max_concurrent_calls = capacity;
    })
    .await
}

fn local(app: &TestApp) -> voice_local::LocalProvider {
    app.state
        .voice
        .as_ref()
        .and_then(|v| v.local.clone())
        .expect("the local provider runs in process")
}

/// Waits for the `call_ready` that carries the join URL; returns the call id.
async fn call_of(app: &TestApp, ws: &mut Ws, session_id: &str) -> String {
    let frame = wait_for(ws, |e| {
        matches!(
            e,
            LiveEvent::CallReady {
                join_url: Some(_),
                ..
            }
        )
    })
    .await;
    let LiveEvent::CallReady {
        join_url: Some(join_url),
        provider,
        ..
    } = frame.event
    else {
        unreachable!()
    };
    assert_eq!(provider.as_deref(), Some("local"));
    assert!(
        join_url.starts_with(&format!("ws://{}/local-voice/calls/", app.addr)),
        "{join_url}"
    );
    let view = app.view(session_id).await;
    assert_eq!(view.join_url.as_deref(), Some(join_url.as_str()));
    assert_eq!(view.voice_provider.as_deref(), Some("local"));
    view.call_id.expect("the session knows its call")
}

/// Waits for the session to go active (the caller joined its call).
async fn until_active(ws: &mut Ws) {
    wait_for(ws, |e| {
        matches!(
            e,
            LiveEvent::SessionStatus {
                status: SessionStatus::Active,
                ..
            }
        )
    })
    .await;
}

async fn say(provider: &voice_local::LocalProvider, call_id: &str, text: &str) -> String {
    let lines = provider
        .say(call_id, text)
        .await
        .expect("the agent answers");
    assert!(!lines.is_empty(), "the agent said nothing after {text:?}");
    lines.join(" ")
}

fn tool_calls(provider: &voice_local::LocalProvider, tool: &str) -> usize {
    provider
        .tool_requests()
        .iter()
        .filter(|r| r.tool == tool)
        .count()
}

async fn recorded_transcript(app: &TestApp, id: &str) -> Value {
    eventually_some(10, "the finished call is recorded", || {
        let req = app
            .http
            .get(app.url(&format!("/api/sessions/{id}/transcript")))
            .bearer_auth(STAFF)
            .send();
        async move {
            let res = req.await.unwrap();
            if res.status() != 200 {
                return None;
            }
            Some(res.json::<Value>().await.unwrap())
        }
    })
    .await
}

#[tokio::test]
async fn a_caller_orders_two_pepperoni_pizzas_over_several_turns() {
    let app = voice_app(1).await;
    let provider = local(&app);
    let mut staff = app.ws_staff(None).await;
    let s = app.create("restaurant").await;
    assert_eq!(s.status, SessionStatus::Ready);
    let mut ws = app
        .ws_session(s.session_id.as_str(), &s.session_token, Some(0))
        .await;
    let call_id = call_of(&app, &mut ws, s.session_id.as_str()).await;

    // The call was created with the restaurant's tools, our secret and the call id.
    let requests = provider.create_requests();
    let created = requests.last().expect("a create-call request");
    assert!(created.errors.is_empty(), "refused: {:?}", created.errors);
    let tools: Vec<String> = created.body["selectedTools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t["temporaryTool"]["modelToolName"]
                .as_str()
                .or(t["toolName"].as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        tools,
        [
            "processVoiceInput",
            "getMenu",
            "placeOrder",
            "getOrderStatus",
            "requestHandoff",
            "hangUp"
        ]
    );
    assert_eq!(created.body["metadata"]["sessionId"], s.session_id.as_str());

    // A second caller waits: capacity is 1.
    let second = app.create("support").await;
    assert_eq!(second.status, SessionStatus::Queued);
    let mut second_ws = app
        .ws_session(second.session_id.as_str(), &second.session_token, Some(0))
        .await;

    provider.join(&call_id).await.expect("joins");
    until_active(&mut ws).await;

    let a = say(&provider, &call_id, "two pepperoni pizzas please").await;
    assert!(
        a.to_lowercase().contains("collection") || a.to_lowercase().contains("deliver"),
        "{a}"
    );
    say(&provider, &call_id, "collection please").await;
    say(&provider, &call_id, "Kevin").await;
    // The caller's page shows the form filling in as they speak.
    let form = wait_for(&mut ws, |e| {
        matches!(e, LiveEvent::FormUpdate { form, .. }
            if form["fields"].as_array().is_some_and(|fields| fields.iter().any(|f|
                f["name"] == "customer_name" && f["value"] == "Kevin")))
    })
    .await;
    let LiveEvent::FormUpdate { form, .. } = form.event else {
        unreachable!()
    };
    assert!(
        form["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "phone"),
        "{form}"
    );
    let confirm = say(&provider, &call_id, "07700 900123").await;
    assert!(
        confirm.contains("Pepperoni"),
        "the agent reads the order back: {confirm}"
    );
    assert_eq!(
        tool_calls(&provider, "placeOrder"),
        0,
        "nothing is placed before a yes"
    );
    let placed = say(&provider, &call_id, "yes please").await;
    assert!(
        placed.contains("ORD-"),
        "the agent reads the order id: {placed}"
    );
    assert_eq!(tool_calls(&provider, "placeOrder"), 1);

    // The tool request was Ultravox's: flat body, call id, our secret header.
    let request = provider
        .tool_requests()
        .into_iter()
        .find(|r| r.tool == "placeOrder")
        .unwrap();
    let body = request.body.clone().expect("a JSON body");
    assert_eq!(body["callId"], call_id.as_str());
    assert_eq!(body["orderType"], "takeaway");
    assert!(request.header("x-voice-tool-secret").is_some());
    assert_eq!(request.status, Some(200));

    // The store has exactly one order, with two Pepperoni Pizzas.
    let orders: Vec<Value> = app
        .http
        .get(app.url("/api/business/orders"))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["items"][0]["item_name"], "Pepperoni Pizza");
    assert_eq!(orders[0]["items"][0]["quantity"], 2);
    assert_eq!(orders[0]["phone"], "+447700900123");
    assert_eq!(orders[0]["customer_name"], "Kevin");

    // The customer's page and the staff board saw it.
    // (the order's event comes first, then the tool's)
    wait_for(&mut ws, |e| matches!(e, LiveEvent::OrderUpdated { .. })).await;
    wait_for(&mut ws, |e| matches!(e, LiveEvent::ToolExecuted { tool, success: true, .. } if tool == "placeOrder")).await;
    wait_for(&mut staff, |e| matches!(e, LiveEvent::OrderUpdated { .. })).await;

    // The caller is done; the agent says goodbye and hangs up.
    say(&provider, &call_id, "no that's all, thanks").await;
    let ended = wait_for(&mut ws, |e| matches!(e, LiveEvent::SessionEnded { .. })).await;
    assert!(matches!(
        ended.event,
        LiveEvent::SessionEnded {
            status: SessionStatus::Ended,
            ..
        }
    ));

    let recorded = recorded_transcript(&app, s.session_id.as_str()).await;
    let lines = recorded["transcript"].as_array().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l["speaker"] == "user" && l["text"] == "two pepperoni pizzas please"),
        "{recorded}"
    );
    assert!(lines.iter().any(|l| l["speaker"] == "agent"));

    // The slot is free: the queued caller is promoted and gets a call.
    wait_for(&mut second_ws, |e| {
        matches!(
            e,
            LiveEvent::CallReady {
                join_url: Some(_),
                ..
            }
        )
    })
    .await;
    assert_eq!(
        app.view(second.session_id.as_str()).await.status,
        SessionStatus::Ready
    );

    // Analytics count the call with its order.
    let analytics: Value = app
        .http
        .get(app.url("/api/business/analytics"))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(analytics["dashboard"]["orders"], 1);
    assert!(
        analytics["dashboard"]["total_calls"].as_u64().unwrap() >= 1,
        "{analytics}"
    );
}

/// The next weekday (Mon–Fri) at least two days ahead, as `YYYY-MM-DD` and `D/M`.
fn next_weekday() -> (String, String) {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap();
    let mut day = jiff::Timestamp::now().to_zoned(tz).date() + jiff::Span::new().days(2);
    while matches!(
        day.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    ) {
        day = day.tomorrow().unwrap();
    }
    (day.to_string(), format!("{}/{}", day.day(), day.month()))
}

#[tokio::test]
async fn a_booking_whose_slot_is_taken_is_offered_an_alternative_and_takes_it() {
    let app = voice_app(5).await;
    let provider = local(&app);
    let (date, spoken) = next_weekday();
    // Someone already has the only repair at 10:00.
    let res = app
        .http
        .post(app.url("/api/business/appointments"))
        .bearer_auth(STAFF)
        .json(&json!({"service_type": "Repair", "appointment_date": date,
            "appointment_time": "10:00", "customer_name": "Ann", "phone": "07700 900999"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let s = app.create("appointment").await;
    let mut ws = app
        .ws_session(s.session_id.as_str(), &s.session_token, Some(0))
        .await;
    let call_id = call_of(&app, &mut ws, s.session_id.as_str()).await;
    provider.join(&call_id).await.unwrap();

    say(
        &provider,
        &call_id,
        &format!("I'd like to book a repair on {spoken} at 10am"),
    )
    .await;
    say(&provider, &call_id, "my name is Priya Shah").await;
    say(&provider, &call_id, "07700 900456").await;
    let offered = say(&provider, &call_id, "yes").await;
    assert!(
        offered.contains("10:30") || offered.contains("11:00") || offered.contains("09:"),
        "the agent offers alternatives: {offered}"
    );
    let booked = say(&provider, &call_id, "the first one please").await;
    assert!(
        booked.to_lowercase().contains("booked") || booked.contains("APT-"),
        "{booked}"
    );
    assert_eq!(tool_calls(&provider, "bookAppointment"), 2);
    wait_for(&mut ws, |e| {
        matches!(e, LiveEvent::AppointmentUpdated { .. })
    })
    .await;

    let appointments: Vec<Value> = app
        .http
        .get(app.url(&format!("/api/business/appointments?from={date}&to={date}")))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mine: Vec<&Value> = appointments
        .iter()
        .filter(|a| a["customer_name"] == "Priya Shah")
        .collect();
    assert_eq!(mine.len(), 1, "{appointments:?}");
    assert_ne!(mine[0]["appointment_time"], "10:00");
    provider.end(&call_id, "hangup").await.unwrap();
    wait_for(&mut ws, |e| matches!(e, LiveEvent::SessionEnded { .. })).await;
}

#[tokio::test]
async fn a_caller_opens_a_support_ticket_and_asks_for_a_person() {
    let app = voice_app(5).await;
    let provider = local(&app);
    let mut staff = app.ws_staff(None).await;
    let s = app.create("support").await;
    let mut ws = app
        .ws_session(s.session_id.as_str(), &s.session_token, Some(0))
        .await;
    let call_id = call_of(&app, &mut ws, s.session_id.as_str()).await;
    provider.join(&call_id).await.unwrap();

    say(
        &provider,
        &call_id,
        "my internet connection keeps dropping every few minutes",
    )
    .await;
    say(&provider, &call_id, "my name is Sam Jones").await;
    say(&provider, &call_id, "07700 900321").await;
    let opened = say(&provider, &call_id, "yes").await;
    assert!(
        opened.contains("TKT-"),
        "the agent reads the reference: {opened}"
    );
    assert_eq!(tool_calls(&provider, "createSupportTicket"), 1);
    wait_for(&mut ws, |e| matches!(e, LiveEvent::TicketUpdated { .. })).await;

    say(&provider, &call_id, "can I speak to a real person please").await;
    wait_for(&mut staff, |e| {
        matches!(e, LiveEvent::HandoffRequested { .. })
    })
    .await;
    wait_for(
        &mut ws,
        |e| matches!(e, LiveEvent::ToolExecuted { tool, .. } if tool == "requestHandoff"),
    )
    .await;

    provider.end(&call_id, "hangup").await.unwrap();
    let ended = wait_for(&mut ws, |e| matches!(e, LiveEvent::SessionEnded { .. })).await;
    assert!(
        matches!(ended.event, LiveEvent::SessionEnded { ref reason, .. }
        if reason.as_deref() == Some("the caller hung up"))
    );
    let recorded = recorded_transcript(&app, s.session_id.as_str()).await;
    assert!(
        recorded["transcript"].as_array().unwrap().len() >= 8,
        "{recorded}"
    );
}

#[tokio::test]
async fn ending_a_session_hangs_up_its_call() {
    let app = voice_app(5).await;
    let provider = local(&app);
    let s = app.create("restaurant").await;
    let mut ws = app
        .ws_session(s.session_id.as_str(), &s.session_token, Some(0))
        .await;
    let call_id = call_of(&app, &mut ws, s.session_id.as_str()).await;
    provider.join(&call_id).await.unwrap();
    until_active(&mut ws).await;
    let res = app.end(s.session_id.as_str(), &s.session_token).await;
    assert_eq!(res.status(), 200);
    eventually(5, "the provider's call is over", || {
        let call = provider.call(&call_id);
        async move { call.is_some_and(|c| !c["ended"].is_null()) }
    })
    .await;
    // The call.ended webhook that follows records the session (once).
    recorded_transcript(&app, s.session_id.as_str()).await;
}

#[tokio::test]
async fn tool_requests_need_the_secret_and_a_known_call() {
    let app = voice_app(5).await;
    let secret = app
        .state
        .voice
        .as_ref()
        .unwrap()
        .tool_secret
        .expose()
        .to_owned();
    let post = |name: &str, secret: Option<&str>, body: Value| {
        let mut req = app
            .http
            .post(app.url(&format!("/tools/{name}")))
            .json(&body);
        if let Some(s) = secret {
            req = req.header("X-Voice-Tool-Secret", s);
        }
        req.send()
    };
    let res = post("placeOrder", None, json!({"callId": "x"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = post(
        "placeOrder",
        Some("wrong-secret-0123456789"),
        json!({"callId": "x"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403);
    let res = post("launchRocket", Some(&secret), json!({"callId": "x"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = post(
        "placeOrder",
        Some(&secret),
        json!({"callId": "no-such-call", "items": [], "orderType": "takeaway"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 404);
    let res = post(
        "placeOrder",
        Some(&secret),
        json!({"callId": "c", "items": "pizza"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "items", "{body}");
}

/// A voice app whose lost webhooks are reconciled quickly.
async fn reconciling_app(max_duration: Duration) -> TestApp {
    spawn_app(|c| {
        c.voice.voice_provider = Some(VoiceProviderKind::Local);
        c.voice.local_voice_turn_delay = Duration::ZERO;
        c.voice.reconcile_after = Duration::from_millis(200);
        c.voice.voice_max_duration = max_duration;
        c.max_concurrent_calls = 5;
    })
    .await
}

/// Every `call.ended` delivery attempt so far failed (none reached us).
fn call_ended_never_delivered(provider: &voice_local::LocalProvider, call_id: &str) {
    let attempts: Vec<_> = provider
        .deliveries()
        .into_iter()
        .filter(|d| d.event == "call.ended" && d.call_id == call_id)
        .collect();
    assert!(
        !attempts.is_empty(),
        "the provider tried to deliver call.ended"
    );
    assert!(
        attempts.iter().all(|d| d.status.is_none()),
        "no call.ended delivery got through: {attempts:?}"
    );
}

#[tokio::test]
async fn a_call_we_hung_up_is_recorded_even_when_call_ended_is_lost() {
    let app = reconciling_app(Duration::from_secs(600)).await;
    let provider = local(&app);
    let s = app.create("restaurant").await;
    let id = s.session_id.as_str();
    let mut ws = app.ws_session(id, &s.session_token, Some(0)).await;
    let call_id = call_of(&app, &mut ws, id).await;
    provider.join(&call_id).await.unwrap();
    say(&provider, &call_id, "hello, do you have a menu").await;
    // From now on the provider cannot reach our webhook endpoint.
    provider.fail_deliveries(1_000);
    let res = app.end(id, &s.session_token).await;
    assert_eq!(res.status(), 200);
    let recorded = recorded_transcript(&app, id).await;
    assert!(
        recorded.to_string().contains("hello, do you have a menu"),
        "the transcript was read from the provider: {recorded}"
    );
    call_ended_never_delivered(&provider, &call_id);
}

#[tokio::test]
async fn a_live_session_whose_call_ended_unheard_is_ended_and_recorded() {
    let app = reconciling_app(Duration::from_secs(1)).await;
    let provider = local(&app);
    let s = app.create("support").await;
    let id = s.session_id.as_str();
    let mut ws = app.ws_session(id, &s.session_token, Some(0)).await;
    let call_id = call_of(&app, &mut ws, id).await;
    provider.join(&call_id).await.unwrap();
    until_active(&mut ws).await;
    // The caller hangs up while our endpoint is unreachable for every retry.
    provider.fail_deliveries(1_000);
    provider.end(&call_id, "hangup").await.unwrap();
    // The sweep finds the overdue call (past its maximum duration), reads it
    // from the provider and applies what call.ended would have.
    let frame = wait_for(&mut ws, |e| matches!(e, LiveEvent::SessionEnded { .. })).await;
    let LiveEvent::SessionEnded { status, reason, .. } = frame.event else {
        unreachable!()
    };
    assert_eq!(status, SessionStatus::Ended);
    assert_eq!(reason.as_deref(), Some("the caller hung up"));
    recorded_transcript(&app, id).await;
    call_ended_never_delivered(&provider, &call_id);
    assert_eq!(app.view(id).await.status, SessionStatus::Ended);
}
