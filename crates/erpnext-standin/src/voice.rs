//! `voice_agent.api.*` for the stateful stand-in: sessions upserted by
//! `session_id`, transcript lines skipped by `(session_id, ordinal)`, the
//! interaction log, settings and the dashboard.
//!
//! A session that reached `Completed` or `Failed` keeps that status whatever
//! a late upsert says, as the fixture `late_active_after_completed_keeps_completed`
//! shows. The dashboard is `voice_domain::business::day_dashboard` over the
//! stored documents; settings come from the demo catalog plus fixed voice
//! settings (those of the `get_business_config` fixture).

use serde_json::{Map, Value, json};
use voice_domain::business::analytics::{
    BookingRecord, CallRecord, CallState, DayActivity, OrderRecord, TicketRecord, day_dashboard,
};
use voice_domain::business::clock::parse_date;
use voice_domain::catalog::format_pence;
use voice_types::BusinessType;

use crate::envelope::{Fault, idempotency_key, opt_local_datetime, opt_one_of, opt_str, req_str};
use crate::store::{Store, StoredInteraction};

pub const LOG_INTERACTION: &str = "voice_agent.api.session.log_interaction";

const STATUSES: [&str; 4] = ["Queued", "Active", "Completed", "Failed"];
const SESSION_TYPES: [&str; 4] = ["Restaurant", "Appointment", "Support", "General"];
const CHANNELS: [&str; 3] = ["Web", "Widget", "Phone"];
const SPEAKERS: [&str; 3] = ["user", "agent", "tool"];
const BUSINESS_TYPES: [&str; 4] = ["restaurant", "appointment", "support", "general"];

pub fn upsert_session(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let session_id = req_str(args, "session_id")?;
    let status = opt_one_of(args, "status", &STATUSES)?;
    opt_one_of(args, "session_type", &SESSION_TYPES)?;
    opt_one_of(args, "channel", &CHANNELS)?;
    opt_local_datetime(args, "start_time")?;
    opt_local_datetime(args, "end_time")?;
    let session = store.sessions.entry(session_id.clone()).or_default();
    let stored = session.get("status").and_then(Value::as_str);
    let is_final = matches!(stored, Some("Completed" | "Failed"));
    if let Some(fields) = args.as_object() {
        for (name, value) in fields {
            let keeps_final = name == "status" && is_final;
            if !value.is_null() && !keeps_final {
                session.insert(name.clone(), value.clone());
            }
        }
    }
    let status = session
        .get("status")
        .and_then(Value::as_str)
        .or(status)
        .unwrap_or("Queued")
        .to_owned();
    session.insert("status".into(), json!(status));
    Ok(json!({ "name": session_id, "session_id": session_id, "status": status }))
}

pub fn append_transcript(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let session_id = req_str(args, "session_id")?;
    let messages = args
        .get("messages")
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| Fault::validation("messages: must be a non-empty list"))?;
    let mut lines = Vec::with_capacity(messages.len());
    for (index, message) in messages.iter().enumerate() {
        let field = format!("messages[{index}]");
        let ordinal = message
            .get("ordinal")
            .and_then(Value::as_u64)
            .ok_or_else(|| Fault::validation(format!("{field}.ordinal: is required")))?;
        opt_one_of(message, "speaker", &SPEAKERS)
            .map_err(|f| Fault::validation(format!("{field}.{}", f.message)))?
            .ok_or_else(|| Fault::validation(format!("{field}.speaker: is required")))?;
        lines.push((ordinal, message.clone()));
    }
    let mut stored = 0;
    for (ordinal, message) in lines {
        let key = (session_id.clone(), ordinal);
        if let std::collections::btree_map::Entry::Vacant(slot) = store.transcript.entry(key) {
            slot.insert(message);
            stored += 1;
        }
    }
    Ok(json!({ "session_id": session_id, "stored": stored }))
}

pub fn log_interaction(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let key = idempotency_key(args)?;
    if let Some(first) = store.repeat(LOG_INTERACTION, &key) {
        return Ok(first);
    }
    let session_id = req_str(args, "session_id")?;
    let tool_name = req_str(args, "tool_name")?;
    let doctype = opt_str(args, "reference_doctype")?;
    let name = opt_str(args, "reference_name")?;
    let missing = match (&doctype, &name) {
        (Some(_), None) => Some("reference_name"),
        (None, Some(_)) => Some("reference_doctype"),
        _ => None,
    };
    if let Some(field) = missing {
        return Err(Fault::validation(format!(
            "{field}: is required when the other reference field is given"
        )));
    }
    let name = Store::next_name("VI", store.interactions.len(), 7);
    let result = json!({ "name": name });
    store.interactions.push(StoredInteraction {
        name,
        idempotency_key: key.clone(),
        session_id,
        tool_name,
        arguments: args.clone(),
    });
    store.remember(LOG_INTERACTION, &key, &result, true);
    Ok(result)
}

pub fn get_business_config(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let business_type = opt_one_of(args, "business_type", &BUSINESS_TYPES)?
        .ok_or_else(|| Fault::validation("business_type: is required"))?;
    let catalog = store.catalog;
    let mut config = Map::new();
    config.insert("company_name".into(), json!(catalog.company_name));
    config.insert("voice".into(), json!("Mark"));
    config.insert("language".into(), json!("en-GB"));
    config.insert("temperature".into(), json!(0.4));
    let greeting = format!(
        "Hello, thanks for calling {}. How can I help you today?",
        catalog.company_name
    );
    config.insert("greeting_message".into(), json!(greeting));
    config.insert("max_call_duration_seconds".into(), json!(600));
    config.insert("recording_enabled".into(), json!(false));
    let extra = match business_type {
        "restaurant" => json!({
            "delivery_minutes": catalog.restaurant.delivery_minutes,
            "min_order_amount": format_pence(catalog.restaurant.min_order_amount),
        }),
        "appointment" => {
            let hours = &catalog.business_hours;
            json!({
                "booking_advance_days": catalog.appointments.booking_advance_days,
                "business_hours": {
                    "monday": hours.monday, "tuesday": hours.tuesday,
                    "wednesday": hours.wednesday, "thursday": hours.thursday,
                    "friday": hours.friday, "saturday": hours.saturday,
                    "sunday": hours.sunday,
                },
            })
        }
        "support" => json!({
            "categories": catalog.support.categories,
            "response_times": catalog.support.response_times,
        }),
        _ => json!({}),
    };
    if let Value::Object(fields) = extra {
        config.extend(fields);
    }
    Ok(Value::Object(config))
}

pub fn get_dashboard_data(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let date = match opt_str(args, "date")? {
        None => store.now().date(),
        Some(text) => parse_date(&text)
            .ok_or_else(|| Fault::validation("date: must be a date written YYYY-MM-DD"))?,
    };
    let calls: Vec<CallRecord> = store
        .sessions
        .values()
        .map(|s| call_record(store, s))
        .collect();
    let orders: Vec<OrderRecord> = store
        .orders
        .iter()
        .map(|o| OrderRecord {
            placed_at: store.book.instant(o.placed_at),
            total_pence: o.total_pence,
            status: o.status,
        })
        .collect();
    let bookings: Vec<BookingRecord> = store
        .appointments
        .iter()
        .map(|a| BookingRecord {
            booked_at: store.book.instant(a.booked_at),
        })
        .collect();
    let tickets: Vec<TicketRecord> = store
        .tickets
        .iter()
        .map(|t| TicketRecord {
            created_at: store.book.instant(t.created_at),
            priority: t.priority,
        })
        .collect();
    let activity = DayActivity {
        calls: &calls,
        orders: &orders,
        bookings: &bookings,
        tickets: &tickets,
    };
    crate::restaurant::to_json(&day_dashboard(date, &store.time_zone, &activity))
}

fn call_record(store: &Store, session: &Map<String, Value>) -> CallRecord {
    let text = |name: &str| session.get(name).and_then(Value::as_str);
    let started = text("start_time")
        .and_then(|t| t.parse::<jiff::civil::DateTime>().ok())
        .unwrap_or_else(|| store.now());
    CallRecord {
        business_type: match text("session_type") {
            Some("Restaurant") => Some(BusinessType::Restaurant),
            Some("Appointment") => Some(BusinessType::Appointment),
            Some("Support") => Some(BusinessType::Support),
            _ => None,
        },
        started_at: store.book.instant(started),
        state: match text("status") {
            Some("Completed") => CallState::Completed,
            Some("Failed") => CallState::Failed,
            _ => CallState::Active,
        },
        duration_seconds: session
            .get("duration_seconds")
            .and_then(Value::as_u64)
            .and_then(|d| u32::try_from(d).ok()),
    }
}
