//! Business rules against the demo catalog: orders, availability and booking,
//! tickets, phones, outcomes and the day's dashboard.
//!
//! Table-driven where the rule is a table; times are fixed local times in
//! Europe/London (2026-05-04 is a Monday, 2026-03-29 and 2026-10-25 are the
//! clock-change Sundays).

use jiff::civil::{Date, DateTime, Time, date, time};
use serde_json::{Value, json};
use voice_domain::business::*;
use voice_domain::catalog::{Catalog, DEMO_CATALOG_JSON};
use voice_types::BusinessType;
use voice_types::business::*;

/// Order lines as (spoken name, quantity).
type Items<'a> = &'a [(&'a str, u32)];

/// (order type, items, address, total, minutes, ready at).
type PricedCase<'a> = (&'a str, Items<'a>, Option<&'a str>, &'a str, u32, &'a str);

/// (order type, items, address, message part, unavailable items).
type RefusedCase<'a> = (&'a str, Items<'a>, Option<&'a str>, &'a str, &'a [&'a str]);

fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> DateTime {
    date(y, m, d).at(h, min, 0, 0)
}

fn menu() -> Menu {
    Menu::from_catalog(Catalog::demo()).expect("demo menu")
}

fn book() -> AppointmentBook {
    AppointmentBook::from_catalog(Catalog::demo()).expect("demo appointments")
}

fn order(order_type: &str, items: &[(&str, u32)], address: Option<&str>) -> PlaceOrderRequest {
    let items: Vec<Value> = items
        .iter()
        .map(|(name, quantity)| json!({"item_name": name, "quantity": quantity}))
        .collect();
    serde_json::from_value(json!({
        "customer_name": "Sam", "phone": "07700 900123", "order_type": order_type,
        "delivery_address": address, "items": items,
    }))
    .expect("order request")
}

fn booking(service: &str, day: &str, hhmm: &str) -> BookAppointmentRequest {
    serde_json::from_value(json!({
        "service_type": service, "appointment_date": day, "appointment_time": hhmm,
        "customer_name": "Sam", "phone": "+44 7700 900123",
    }))
    .expect("booking request")
}

fn hhmm(times: &[Time]) -> Vec<String> {
    times
        .iter()
        .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
        .collect()
}

fn held(service: &str, start: DateTime, duration_minutes: u32) -> ExistingBooking {
    ExistingBooking {
        service_name: service.into(),
        start,
        duration_minutes,
    }
}

#[test]
fn orders_are_priced_exactly_with_ready_times() {
    let now = at(2026, 5, 4, 12, 0);
    #[rustfmt::skip]
    let cases: &[PricedCase] = &[
        ("Takeaway", &[("pepperoni pizza", 2), ("coke", 1)], None, "24.00", 12, "2026-05-04T12:12:00"),
        ("Delivery", &[("pepperonis", 2), ("coca cola", 1)], Some("1 High St"), "24.00", 42, "2026-05-04T12:42:00"),
        ("Dine-in", &[("fish & chips", 1), ("sparkling water", 3)], None, "17.90", 18, "2026-05-04T12:18:00"),
        ("takeaway", &[("margarita", 1), ("garlic bread", 1)], None, "13.50", 12, "2026-05-04T12:12:00"),
        ("Takeaway", &[("Coffee", 5)], None, "11.00", 2, "2026-05-04T12:02:00"),
    ];
    for (kind, items, address, total, minutes, ready) in cases {
        let result = decide_order(&menu(), &order(kind, items, *address), now, "ORD-1");
        let wire = serde_json::to_value(&result).expect("json");
        assert_eq!(wire["status"], "success", "{items:?}: {wire}");
        assert_eq!(wire["total_amount"], *total, "{items:?}");
        assert_eq!(wire["estimated_minutes"], *minutes, "{items:?}");
        assert_eq!(wire["estimated_ready_at"], *ready, "{items:?}");
        assert_eq!(wire["currency"], "GBP");
    }
    let priced = price_order(
        &menu(),
        &order("Takeaway", &[("pepperoni", 2), ("coke", 1)], None),
        now,
    )
    .expect("priced");
    let lines: Vec<(&str, u32, i64, i64)> = priced
        .lines
        .iter()
        .map(|l| (l.item_name.as_str(), l.quantity, l.unit_pence, l.line_pence))
        .collect();
    assert_eq!(
        lines,
        [
            ("Pepperoni Pizza", 2, 1100, 2200),
            ("Coca-Cola", 1, 200, 200)
        ]
    );
    assert_eq!(
        priced.phone.map(|p| p.as_str().to_owned()).as_deref(),
        Some("+447700900123")
    );
}

#[test]
fn orders_are_refused_with_a_reason_to_read_aloud() {
    let now = at(2026, 5, 4, 12, 0);
    #[rustfmt::skip]
    let cases: &[RefusedCase] = &[
        ("Takeaway", &[("coke", 1), ("garlic bread", 1)], None, "£4.00 short", &[]),
        ("Takeaway", &[("sushi", 2), ("pepperoni", 1), ("lobster", 1)], None, "sushi and lobster are not on our menu", &["sushi", "lobster"]),
        ("Takeaway", &[("pepperoni", 0)], None, "of Pepperoni Pizza, not 0", &[]),
        ("Takeaway", &[("pepperoni", 51)], None, "between 1 and 50 of Pepperoni Pizza, not 51", &[]),
        ("Delivery", &[("pepperoni", 2)], None, "needs a delivery address", &[]),
        ("Delivery", &[("pepperoni", 2)], Some("   "), "needs a delivery address", &[]),
        ("Takeaway", &[], None, "no items", &[]),
    ];
    for (kind, items, address, says, unavailable) in cases {
        let result = decide_order(&menu(), &order(kind, items, *address), now, "ORD-1");
        let PlaceOrderResult::Error {
            message,
            unavailable_items,
        } = result
        else {
            panic!("{items:?} should be refused");
        };
        assert!(message.contains(says), "{items:?}: {message}");
        assert_eq!(unavailable_items, *unavailable, "{items:?}");
    }
    let short = price_order(&menu(), &order("Takeaway", &[("coke", 3)], None), now);
    let Err(OrderRefusal::BelowMinimum { short, .. }) = short else {
        panic!("below minimum expected");
    };
    assert_eq!(short.pence, 400);
    let mut bad_phone = order("Takeaway", &[("pepperoni", 1)], None);
    bad_phone.phone = Some("not a number".into());
    assert!(matches!(
        price_order(&menu(), &bad_phone, now),
        Err(OrderRefusal::BadPhone(_))
    ));
}

#[test]
fn order_status_moves_follow_the_flow() {
    use OrderStatus::*;
    let paths: &[(&[OrderStatus], bool)] = &[
        (&[Pending, Preparing, Ready, Completed], true),
        (&[Pending, Cancelled], true),
        (&[Pending, Preparing, Cancelled], true),
        (&[Pending, Preparing, Ready, Cancelled], true),
        (&[Pending, Ready], false),
        (&[Pending, Preparing, Ready, Completed, Cancelled], false),
        (&[Pending, Cancelled, Pending], false),
        (&[Pending, Preparing, Pending], false),
    ];
    for (path, ok) in paths {
        let all_ok = path
            .windows(2)
            .all(|w| check_order_transition(w[0], w[1]).is_ok());
        assert_eq!(all_ok, *ok, "{path:?}");
    }
    let refused = check_order_transition(Completed, Cancelled).expect_err("closed");
    assert_eq!(
        refused.to_string(),
        "an order cannot move from Completed to Cancelled: the order is already closed"
    );
}

#[test]
fn availability_edges() {
    let book = book();
    let consult = book
        .find_service("consultation")
        .expect("consultation")
        .clone();
    let install = book.find_service("install").expect("installation").clone();
    let monday_early = at(2026, 5, 4, 7, 0);
    // Sunday is closed.
    assert!(
        book.available_slots(&consult, date(2026, 5, 10), &[], monday_early)
            .is_empty()
    );
    // Installation (90 minutes) on Saturday 10-16: the last start is 14:30.
    let saturday = hhmm(&book.available_slots(&install, date(2026, 5, 9), &[], monday_early));
    assert_eq!(saturday.first().map(String::as_str), Some("10:00"));
    assert_eq!(saturday.last().map(String::as_str), Some("14:30"));
    assert_eq!(saturday.len(), 10);
    // Past times today: the slot must start after now.
    let midmorning = at(2026, 5, 4, 10, 0);
    let today = hhmm(&book.available_slots(&consult, date(2026, 5, 4), &[], midmorning));
    assert_eq!(today.first().map(String::as_str), Some("10:30"));
    assert!(
        book.available_slots(&consult, date(2026, 5, 3), &[], midmorning)
            .is_empty()
    );
    // The booking window: today plus 30 days.
    assert!(
        !book
            .available_slots(&consult, date(2026, 6, 3), &[], midmorning)
            .is_empty()
    );
    assert!(
        book.available_slots(&consult, date(2026, 6, 4), &[], midmorning)
            .is_empty()
    );
    // Other services do not use Consultation's capacity.
    let repairs = [held("Repair", at(2026, 5, 5, 9, 0), 60)];
    assert_eq!(
        book.available_slots(&consult, date(2026, 5, 5), &repairs, midmorning)
            .len(),
        18
    );
}

#[test]
fn consultation_capacity_is_two_then_alternatives() {
    let book = book();
    let now = at(2026, 5, 1, 9, 0);
    let one = [held("Consultation", at(2026, 5, 4, 10, 0), 30)];
    let second = book.decide_booking(&booking("Consultation", "2026-05-04", "10:00"), &one, now);
    assert!(
        matches!(second, BookingDecision::Confirmed(_)),
        "{second:?}"
    );
    let two = [
        one[0].clone(),
        held("consultation", at(2026, 5, 4, 10, 0), 30),
    ];
    let third = book.decide_booking(&booking("Consultation", "2026-05-04", "10:00"), &two, now);
    let wire = serde_json::to_value(third.to_wire("APT-1")).expect("json");
    assert_eq!(wire["status"], "partial");
    let offered: Vec<String> = wire["alternative_slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["date"].as_str().unwrap_or(""),
                s["time"].as_str().unwrap_or("")
            )
        })
        .collect();
    let expected = ["09:30", "10:30", "09:00", "11:00", "11:30"].map(|t| format!("2026-05-04 {t}"));
    assert_eq!(offered, expected);
    assert!(
        wire["message"]
            .as_str()
            .unwrap_or("")
            .contains("fully booked"),
        "{wire}"
    );
}

#[test]
fn alternatives_go_same_day_nearest_then_next_open_days() {
    let book = book();
    let repair = book.find_service("repairs").expect("repair").clone();
    // Asked for 16:00 today at 16:20: the rest of today first, then Tuesday near 16:00.
    let now = at(2026, 5, 4, 16, 20);
    let offered = book.alternatives(&repair, date(2026, 5, 4), time(16, 0, 0, 0), &[], now);
    let expected: Vec<(Date, Time)> = vec![
        (date(2026, 5, 4), time(16, 30, 0, 0)),
        (date(2026, 5, 4), time(17, 0, 0, 0)),
        (date(2026, 5, 5), time(16, 0, 0, 0)),
        (date(2026, 5, 5), time(15, 30, 0, 0)),
        (date(2026, 5, 5), time(16, 30, 0, 0)),
    ];
    assert_eq!(offered, expected);
    // Saturday after closing: Sunday is skipped, Monday offers its slots near the asked time.
    let saturday_evening = at(2026, 5, 9, 17, 0);
    let decision = book.decide_booking(
        &booking("Repair", "2026-05-10", "09:00"),
        &[],
        saturday_evening,
    );
    let BookingDecision::Alternatives { reason, slots } = decision else {
        panic!("closed day should offer alternatives");
    };
    assert_eq!(reason, "we are closed on Sundays");
    assert_eq!(slots[0], (date(2026, 5, 11), time(9, 0, 0, 0)));
    assert_eq!(slots[1], (date(2026, 5, 11), time(9, 30, 0, 0)));
}

/// The embedded store decides a booking on a diary of a few days first and
/// reads more only when the answer is not settled: a settled answer from
/// any window must be the whole diary's answer.
#[test]
fn settled_answers_on_a_partial_diary_match_the_whole_diary() {
    let book = book();
    let now = at(2026, 5, 4, 11, 10);
    let last = book.last_bookable_date(now);
    // Repair (capacity 1, 60 minutes) fully booked on every open day until the
    // 14th; after that only 09:00 and 13:00 stay free, so a window of a day or
    // two holds fewer alternatives than an answer offers.
    let mut diary = Vec::new();
    let mut day = now.date();
    while day <= last {
        for hour in 9..18 {
            if day <= date(2026, 5, 14) || (hour != 9 && hour != 13) {
                diary.push(held("Repair", day.at(hour, 0, 0, 0), 60));
            }
        }
        day = day.tomorrow().expect("a later day");
    }
    let requests = [
        ("2026-05-04", "12:00"), // today, taken
        ("2026-05-01", "10:00"), // past: alternatives from today on
        ("2026-05-10", "09:00"), // a Sunday
        ("2026-05-14", "10:00"), // taken, the next free slots spread over days
        ("2026-05-15", "10:00"), // taken, two free slots that day
        ("2026-05-15", "13:00"), // free
        ("2026-06-03", "09:00"), // the last bookable day
        ("2026-06-09", "09:00"), // beyond the window
        ("tomorrow", "09:00"),
    ];
    for (asked_day, asked_time) in requests {
        let request = booking("Repair", asked_day, asked_time);
        let whole = book.decide_booking(&request, &diary, now);
        let from = clock::parse_date(asked_day).map_or(now.date(), |d| d.max(now.date()));
        let mut until = clock::parse_date(asked_day).unwrap_or(now.date());
        // Every window from the asked day to the whole one, a day at a time:
        // each settled answer, and the whole window's, is the whole diary's.
        loop {
            let part: Vec<ExistingBooking> = diary
                .iter()
                .filter(|b| b.start.date() >= from && b.start.date() <= until)
                .cloned()
                .collect();
            let decision = book.decide_booking_until(&request, &part, now, until);
            if decision.settled() || until >= last {
                assert_eq!(decision, whole, "{asked_day} {asked_time} up to {until}");
            }
            if until >= last {
                break;
            }
            until = until.tomorrow().expect("a later day");
        }
    }
}

#[test]
fn booking_answers_and_errors() {
    let book = book();
    let now = at(2026, 5, 4, 8, 0);
    #[rustfmt::skip]
    let cases = [
        (booking("Repair", "2026-05-05", "14:00"), "success", "your Repair is booked for Tuesday 5 May at 14:00"),
        (booking("Installation", "2026-05-09", "15:00"), "partial", "would run past closing time at 16:00"),
        (booking("Repair", "2026-05-05", "10:15"), "partial", "start every 30 minutes"),
        (booking("Repair", "2026-05-05", "19:00"), "partial", "open from 09:00 to 18:00"),
        (booking("Repair", "2026-05-04", "07:30"), "partial", "has already passed"),
        (booking("Haircut", "2026-05-05", "10:00"), "error", "we can book Consultation, Repair, Maintenance and Installation"),
        (booking("Repair", "next tuesday", "10:00"), "error", "could not be read"),
        (booking("Repair", "2026-05-05", "teatime"), "error", "could not be read"),
        (booking("Repair", "2026-06-04", "10:00"), "error", "the latest date is Wednesday 3 June"),
        (booking("Repair", "2026-06-03", "10:00"), "success", "costing £80.00"),
    ];
    for (request, status, says) in cases {
        let wire = serde_json::to_value(book.decide_booking(&request, &[], now).to_wire("APT-9"))
            .expect("json");
        assert_eq!(wire["status"], status, "{request:?}: {wire}");
        let message = wire["message"].as_str().unwrap_or("");
        assert!(message.contains(says), "{request:?}: {message}");
    }
    let ok = book
        .decide_booking(&booking("fix", "2026-05-05", "09:00"), &[], now)
        .to_wire("APT-9");
    let ok = serde_json::to_value(ok).expect("json");
    assert_eq!(ok["appointment_id"], "APT-9");
    assert_eq!(ok["service_type"], "Repair");
    assert_eq!(ok["duration_minutes"], 60);
    assert_eq!(ok["estimated_cost"], "80.00");
}

/// The demo opens neither change Sunday; a copy that opens Sunday 00:00-04:00 shows the gap.
#[test]
fn the_spring_forward_day_skips_the_missing_hour() {
    let demo = book();
    let consult = demo
        .find_service("Consultation")
        .expect("consultation")
        .clone();
    let saturday_noon = at(2026, 3, 28, 12, 0);
    assert!(
        demo.available_slots(&consult, date(2026, 3, 29), &[], saturday_noon)
            .is_empty()
    );
    let monday = hhmm(&demo.available_slots(&consult, date(2026, 3, 30), &[], saturday_noon));
    assert_eq!((monday.len(), monday[0].as_str()), (18, "09:00"));
    // An order placed at 00:55 GMT, 12 minutes: the clocks jump, so ready at 02:07 BST.
    let night = at(2026, 3, 29, 0, 55);
    let priced = price_order(
        &menu(),
        &order("Takeaway", &[("pepperoni", 1)], None),
        night,
    )
    .expect("priced");
    assert_eq!(priced.estimated_ready_at, at(2026, 3, 29, 2, 7));

    let mut catalog: Value = serde_json::from_str(DEMO_CATALOG_JSON).expect("json");
    catalog["business_hours"]["sunday"] = json!(["00:00", "04:00"]);
    let night_owl = Catalog::from_json(&catalog.to_string()).expect("catalog");
    let book = AppointmentBook::from_catalog(&night_owl).expect("book");
    let repair = book.find_service("Repair").expect("repair").clone();
    let consult_slots =
        hhmm(&book.available_slots(&consult, date(2026, 3, 29), &[], saturday_noon));
    assert_eq!(
        consult_slots,
        ["00:00", "00:30", "02:00", "02:30", "03:00", "03:30"]
    );
    // 00:30 GMT plus a real hour ends at 02:30 BST, before closing.
    let repair_slots = hhmm(&book.available_slots(&repair, date(2026, 3, 29), &[], saturday_noon));
    assert_eq!(repair_slots, ["00:00", "00:30", "02:00", "02:30", "03:00"]);
    let gap = book.decide_booking(
        &booking("Consultation", "2026-03-29", "01:30"),
        &[],
        saturday_noon,
    );
    let BookingDecision::Alternatives { reason, slots } = gap else {
        panic!("a time in the gap cannot be booked");
    };
    assert!(reason.contains("clocks go forward"), "{reason}");
    assert_eq!(slots[0], (date(2026, 3, 29), time(2, 0, 0, 0)));
    // The autumn Sunday keeps all eight wall-clock slots (01:00 means its first occurrence).
    let autumn =
        hhmm(&book.available_slots(&consult, date(2026, 10, 25), &[], at(2026, 10, 24, 12, 0)));
    assert_eq!(autumn.len(), 8);
}

#[test]
fn tickets_get_response_times_assignees_and_references() {
    let catalog = Catalog::demo();
    let staff: Vec<String> = ["Asha", "Ben", "Chloe"].map(String::from).to_vec();
    let cases = [
        ("Low", Some("Ben"), "24-48 hours", None),
        ("Medium", Some("Ben"), "4-8 hours", None),
        ("High", Some("Ben"), "1-2 hours", Some("Chloe")),
        ("Critical", Some("Chloe"), "30 minutes", Some("Asha")),
        ("critical", None, "30 minutes", Some("Asha")),
        ("High", Some("Zed"), "1-2 hours", Some("Asha")),
    ];
    for (priority, last, response, assignee) in cases {
        let request: CreateTicketRequest = serde_json::from_value(json!({
            "issue_description": "card charged twice", "priority": priority, "category": "billing",
        }))
        .expect("ticket");
        let ticket = triage_ticket(catalog, &request, &staff, last, 41).expect("triaged");
        assert_eq!(ticket.response_time, response, "{priority}");
        assert_eq!(ticket.assigned_to.as_deref(), assignee, "{priority}");
        assert_eq!(ticket.category, "Billing");
        let wire = serde_json::to_value(ticket.to_wire("HD-0041")).expect("json");
        assert_eq!(wire["status"], "success");
        assert!(
            wire["ticket_reference"]
                .as_str()
                .unwrap_or("")
                .starts_with("TKT-")
        );
    }
    assert_eq!(next_assignee(&[], Some("Ben")), None);
    assert_eq!(
        ticket::resolve_category(catalog, Some("plumbing")),
        "General"
    );
    assert_eq!(ticket::resolve_category(catalog, None), "General");
    let empty: CreateTicketRequest =
        serde_json::from_value(json!({"issue_description": " "})).expect("ticket");
    assert_eq!(
        triage_ticket(catalog, &empty, &staff, None, 1),
        Err(TicketError::NoDescription)
    );
}

#[test]
fn phones_outcomes_and_sentiment() {
    for (input, expected) in [
        ("07700 900123", Some("+447700900123")),
        ("+44 7700 900123", Some("+447700900123")),
        ("447700900123", Some("+447700900123")),
        ("seven seven", None),
        ("+33 6 12 34 56 78", None),
    ] {
        let parsed = PhoneE164::parse(input).ok();
        assert_eq!(parsed.as_ref().map(PhoneE164::as_str), expected, "{input}");
    }
    let tools = [
        ToolCall {
            tool: ToolKind::from_tool_name("book_appointment"),
            succeeded: false,
        },
        ToolCall {
            tool: ToolKind::from_tool_name("create_ticket"),
            succeeded: true,
        },
    ];
    assert_eq!(
        decide_outcome(&tools, CallEnding::HandedOff),
        CallOutcome::Ticket
    );
    assert_eq!(
        decide_outcome(&tools[..1], CallEnding::HandedOff),
        CallOutcome::HandedOff
    );
    let lines = [
        "my delivery is really late",
        "that's not good enough",
        "fine",
    ];
    assert_eq!(overall_sentiment(lines), Sentiment::Negative);
}

#[test]
fn the_day_dashboard_aggregates_local_days() {
    let tz = business_time_zone("Europe/London").expect("tz");
    let ts = |s: &str| s.parse::<jiff::Timestamp>().expect("timestamp");
    let call = |business_type, start: &str, state, duration| CallRecord {
        business_type,
        started_at: ts(start),
        state,
        duration_seconds: duration,
    };
    let calls = [
        call(
            Some(BusinessType::Restaurant),
            "2026-05-04T07:30:00Z",
            CallState::Completed,
            Some(120),
        ),
        call(
            Some(BusinessType::Support),
            "2026-05-03T23:30:00Z",
            CallState::Failed,
            Some(181),
        ),
        call(None, "2026-05-04T07:45:00Z", CallState::Active, None),
        call(
            Some(BusinessType::Restaurant),
            "2026-05-04T23:30:00Z",
            CallState::Completed,
            Some(999),
        ),
    ];
    let order = |at: &str, total_pence, status| OrderRecord {
        placed_at: ts(at),
        total_pence,
        status,
    };
    let orders = [
        order("2026-05-04T11:00:00Z", 2400, OrderStatus::Completed),
        order("2026-05-04T12:00:00Z", 1250, OrderStatus::Pending),
        order("2026-05-04T13:00:00Z", 3000, OrderStatus::Cancelled),
    ];
    let bookings = [
        BookingRecord {
            booked_at: ts("2026-05-04T09:00:00Z"),
        },
        BookingRecord {
            booked_at: ts("2026-05-05T09:00:00Z"),
        },
    ];
    let ticket = |priority| TicketRecord {
        created_at: ts("2026-05-04T10:00:00Z"),
        priority,
    };
    let tickets = [
        ticket(TicketPriority::High),
        ticket(TicketPriority::High),
        ticket(TicketPriority::Low),
    ];
    let activity = DayActivity {
        calls: &calls,
        orders: &orders,
        bookings: &bookings,
        tickets: &tickets,
    };
    let data = serde_json::to_value(day_dashboard(date(2026, 5, 4), &tz, &activity)).expect("json");
    assert_eq!(
        data,
        json!({
            "date": "2026-05-04", "total_calls": 3, "active_calls": 1, "completed_calls": 1,
            "failed_calls": 1, "avg_duration_seconds": 151,
            "by_type": {"Appointment": 0, "General": 1, "Restaurant": 1, "Support": 1},
            "orders": 2, "revenue": "36.50", "bookings": 1,
            "tickets_by_priority": {"Critical": 0, "High": 2, "Low": 1, "Medium": 0},
        })
    );
    let hours = hourly_calls(date(2026, 5, 4), &tz, &calls);
    assert_eq!(hours.len(), 24);
    let busy: Vec<(u8, u32)> = hours
        .iter()
        .filter(|h| h.calls > 0)
        .map(|h| (h.hour, h.calls))
        .collect();
    assert_eq!(busy, [(0, 1), (8, 2)]);
    let empty = day_dashboard(date(2026, 5, 4), &tz, &DayActivity::default());
    assert_eq!(
        (
            empty.total_calls,
            empty.revenue.as_str(),
            empty.avg_duration_seconds
        ),
        (0, "0.00", 0)
    );
}

#[test]
fn day_bounds_span_the_local_day_through_clock_changes() {
    let tz = business_time_zone("Europe/London").expect("tz");
    let ts = |s: &str| s.parse::<jiff::Timestamp>().expect("timestamp");
    let hours = |(a, b): (jiff::Timestamp, jiff::Timestamp)| (b.as_second() - a.as_second()) / 3600;
    // Summer (BST, UTC+1): the day starts at 23:00 UTC the evening before.
    assert_eq!(
        day_bounds(date(2026, 5, 4), &tz),
        (ts("2026-05-03T23:00:00Z"), ts("2026-05-04T23:00:00Z"))
    );
    assert_eq!(hours(day_bounds(date(2026, 1, 15), &tz)), 24);
    // The clocks go forward on 29 March 2026 and back on 25 October 2026.
    assert_eq!(hours(day_bounds(date(2026, 3, 29), &tz)), 23);
    assert_eq!(hours(day_bounds(date(2026, 10, 25), &tz)), 25);
    // Every record day_dashboard counts for a day lies inside its bounds.
    let (start, end) = day_bounds(date(2026, 5, 4), &tz);
    for (at, inside) in [
        ("2026-05-03T22:59:59Z", false),
        ("2026-05-03T23:00:00Z", true),
        ("2026-05-04T22:59:59Z", true),
        ("2026-05-04T23:00:00Z", false),
    ] {
        assert_eq!(start <= ts(at) && ts(at) < end, inside, "{at}");
    }
    // The last representable day still has a start and an open end.
    assert_eq!(day_bounds(Date::MAX, &tz).1, jiff::Timestamp::MAX);
}

#[test]
fn wire_shapes_follow_the_contract() {
    let request: PlaceOrderRequest = serde_json::from_value(json!({
        "idempotency_key": "call-1:3", "order_type": "Dine-in",
        "items": [{"item_name": "tiramisu"}],
    }))
    .expect("minimal order");
    assert_eq!(
        (request.order_type, request.items[0].quantity),
        (OrderType::DineIn, 1)
    );
    assert_eq!(
        serde_json::to_value(OrderType::DineIn).expect("json"),
        "Dine-in"
    );
    assert_eq!(
        serde_json::to_value(OrderStatus::Pending).expect("json"),
        "Pending"
    );
    let refused = PlaceOrderResult::Error {
        message: "no".into(),
        unavailable_items: vec!["sushi".into()],
    };
    assert_eq!(
        serde_json::to_value(refused).expect("json"),
        json!({"status": "error", "message": "no", "unavailable_items": ["sushi"]})
    );
    let error = BookAppointmentResult::Error {
        message: "no".into(),
    };
    assert_eq!(
        serde_json::to_value(error).expect("json"),
        json!({"status": "error", "message": "no"})
    );
}
