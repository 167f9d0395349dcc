//! Finished voice sessions (outcome and sentiment) and the day's analytics.

use rusqlite::{Connection, Transaction};
use voice_domain::business::{
    BookingRecord, CallEnding, CallRecord, CallState, DayActivity, OrderRecord, ToolCall, ToolKind,
    clock::parse_date, day_bounds, day_dashboard, decide_outcome, hourly_calls, overall_sentiment,
};
use voice_types::{
    SessionStatus,
    business::{DashboardData, HourlyCalls, OrderView},
};

use crate::business::{BackendError, FinishedSession, Rules, embedded::scheduling::ticket_records};

pub fn session_tools(conn: &Connection, session_id: &str) -> Result<Vec<ToolCall>, BackendError> {
    let mut stmt = conn
        .prepare("SELECT tool, success FROM session_tools WHERE session_id = ?1 ORDER BY at_ms")?;
    let rows = stmt.query_map([session_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (tool, succeeded) = row?;
        out.push(ToolCall {
            tool: ToolKind::from_tool_name(&tool),
            succeeded,
        });
    }
    Ok(out)
}

/// Stores a finished session once; a second record of the same session
/// (a duplicate end) replaces the first with the same facts.
pub fn record(
    tx: &Transaction<'_>,
    finished: &FinishedSession,
    forward_in: Option<&jiff::tz::TimeZone>,
) -> Result<(), BackendError> {
    let view = &finished.view;
    let tools = session_tools(tx, view.session_id.as_str())?;
    let ending = if finished.handed_off {
        CallEnding::HandedOff
    } else if view.status == SessionStatus::Failed {
        CallEnding::Failed
    } else if view.started_at_ms.is_none() {
        CallEnding::CallerHungUp
    } else {
        CallEnding::Completed
    };
    let outcome = decide_outcome(&tools, ending);
    let sentiment = overall_sentiment(finished.caller_lines());
    let duration = match (view.started_at_ms, view.ended_at_ms) {
        (Some(s), Some(e)) => Some((e.saturating_sub(s) / 1000) as i64),
        _ => None,
    };
    tx.prepare_cached("INSERT INTO voice_sessions (session_id, business_type, status, outcome, sentiment, started_at_ms,
           ended_at_ms, duration_seconds, view, transcript, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(session_id) DO UPDATE SET status = excluded.status, outcome = excluded.outcome,
           sentiment = excluded.sentiment, ended_at_ms = excluded.ended_at_ms,
           duration_seconds = excluded.duration_seconds, view = excluded.view,
           transcript = excluded.transcript, summary = excluded.summary")?.execute(
        rusqlite::params![
            view.session_id.as_str(),
            view.business_type.as_str(),
            view.status.as_str(),
            outcome.as_str(),
            sentiment.as_str(),
            view.started_at_ms.unwrap_or(view.created_at_ms) as i64,
            view.ended_at_ms.map(|v| v as i64),
            duration,
            serde_json::to_string(view)?,
            serde_json::to_string(&finished.transcript)?,
            finished.summary.as_deref(),
        ],
    )?;
    if let Some(tz) = forward_in {
        forward_session(tx, finished, tz, outcome.as_str(), duration)?;
    }
    Ok(())
}

/// The finished session and its transcript, queued for ERPNext
/// (`upsert_session` and `append_transcript`, both idempotent there by
/// session id and line ordinal; the outbox key makes each queued once).
fn forward_session(
    tx: &Transaction<'_>,
    finished: &FinishedSession,
    tz: &jiff::tz::TimeZone,
    outcome: &str,
    duration: Option<i64>,
) -> Result<(), BackendError> {
    let view = &finished.view;
    let id = view.session_id.as_str();
    let local = |ms: Option<u64>| {
        ms.and_then(|ms| jiff::Timestamp::from_millisecond(ms as i64).ok())
            .map(|t| {
                t.to_zoned(tz.clone())
                    .datetime()
                    .round(jiff::Unit::Second)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            })
    };
    let status = if view.status == SessionStatus::Failed {
        "Failed"
    } else {
        "Completed"
    };
    let session_type = match view.business_type {
        voice_types::BusinessType::Restaurant => "Restaurant",
        voice_types::BusinessType::Appointment => "Appointment",
        voice_types::BusinessType::Support => "Support",
    };
    let channel = match view.channel {
        voice_types::Channel::Web => "Web",
        voice_types::Channel::Widget => "Widget",
        voice_types::Channel::Phone => "Phone",
    };
    let key = format!("vsm:{id}:session");
    let payload = serde_json::json!({
        "session_id": id, "ultravox_call_id": view.call_id,
        "customer_name": view.customer_name, "customer_phone": view.customer_phone,
        "session_type": session_type, "channel": channel, "status": status,
        "start_time": local(view.started_at_ms.or(Some(view.created_at_ms))),
        "end_time": local(view.ended_at_ms), "duration_seconds": duration,
        "end_reason": view.end_reason, "summary": finished.summary,
        "business_outcome": outcome,
    });
    super::outbox::enqueue(tx, &key, "voice_agent.api.session.upsert_session", &payload)?;
    if !finished.transcript.is_empty() {
        let key = format!("vsm:{id}:transcript");
        let messages: Vec<_> = finished
            .transcript
            .iter()
            .map(|l| {
                serde_json::json!({"ordinal": l.ordinal, "speaker": l.speaker,
                "text": l.text, "medium": l.medium})
            })
            .collect();
        let payload = serde_json::json!({"session_id": id, "messages": messages});
        super::outbox::enqueue(
            tx,
            &key,
            "voice_agent.api.session.append_transcript",
            &payload,
        )?;
    }
    Ok(())
}

/// A recorded session's transcript and summary (for staff and tests).
pub fn transcript(
    conn: &Connection,
    session_id: &str,
) -> Result<Option<crate::business::RecordedCall>, BackendError> {
    use rusqlite::OptionalExtension;
    let row = conn
        .query_row(
            "SELECT transcript, summary FROM voice_sessions WHERE session_id = ?1",
            [session_id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((json, summary)) => Ok(Some(crate::business::RecordedCall {
            transcript: serde_json::from_str(&json)?,
            summary,
        })),
    }
}

pub fn analytics(
    conn: &Connection,
    rules: &Rules,
    date: &str,
) -> Result<(DashboardData, Vec<HourlyCalls>), BackendError> {
    let day =
        parse_date(date).ok_or_else(|| BackendError::invalid("date", "date: use YYYY-MM-DD"))?;
    // Only the rows of the day's instants (an index range each); the
    // domain then files them by local date.
    let (start, end) = day_bounds(day, &rules.time_zone);
    let span = [start.as_millisecond(), end.as_millisecond()];
    let calls = call_records(conn, span)?;
    let orders = order_records(conn, span)?;
    let bookings = booking_records(conn, span)?;
    let tickets = ticket_records(conn, span)?;
    let activity = DayActivity {
        calls: &calls,
        orders: &orders,
        bookings: &bookings,
        tickets: &tickets,
    };
    Ok((
        day_dashboard(day, &rules.time_zone, &activity),
        hourly_calls(day, &rules.time_zone, &calls),
    ))
}

fn ts(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap_or_default()
}

fn call_records(conn: &Connection, span: [i64; 2]) -> Result<Vec<CallRecord>, BackendError> {
    let mut stmt = conn.prepare_cached(
        "SELECT business_type, status, started_at_ms, duration_seconds FROM voice_sessions \
         WHERE started_at_ms >= ?1 AND started_at_ms < ?2",
    )?;
    let rows = stmt.query_map(span, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (business_type, status, started, duration) = row?;
        out.push(CallRecord {
            business_type: voice_types::BusinessType::parse(&business_type),
            started_at: ts(started),
            state: if status == "failed" {
                CallState::Failed
            } else {
                CallState::Completed
            },
            duration_seconds: duration.map(|d| d as u32),
        });
    }
    Ok(out)
}

fn order_records(conn: &Connection, span: [i64; 2]) -> Result<Vec<OrderRecord>, BackendError> {
    let mut stmt = conn.prepare_cached(
        "SELECT view, total_pence, created_at_ms FROM orders \
         WHERE created_at_ms >= ?1 AND created_at_ms < ?2",
    )?;
    let rows = stmt.query_map(span, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (json, total_pence, created) = row?;
        let view: OrderView = serde_json::from_str(&json)?;
        out.push(OrderRecord {
            placed_at: ts(created),
            total_pence,
            status: view.status,
        });
    }
    Ok(out)
}

fn booking_records(conn: &Connection, span: [i64; 2]) -> Result<Vec<BookingRecord>, BackendError> {
    let mut stmt = conn.prepare_cached(
        "SELECT created_at_ms FROM appointments \
         WHERE created_at_ms >= ?1 AND created_at_ms < ?2 AND status != 'Cancelled'",
    )?;
    let rows = stmt.query_map(span, |r| r.get::<_, i64>(0))?;
    rows.map(|c| Ok(BookingRecord { booked_at: ts(c?) }))
        .collect()
}
