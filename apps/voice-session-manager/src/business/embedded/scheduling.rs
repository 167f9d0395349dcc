//! Appointments and support tickets in the embedded store.
//!
//! A booking reads the diary and writes the new appointment inside one
//! immediate transaction, so two callers racing for the last slot cannot
//! both get it: the second sees the first's booking and is offered
//! alternatives.

use jiff::civil::DateTime;
use rusqlite::{Connection, OptionalExtension, Transaction};
use voice_domain::business::{
    BookingDecision, ExistingBooking, TicketRecord, clock::parse_date, triage_ticket,
};
use voice_types::business::{
    AppointmentView, AvailabilityResult, BookAppointmentRequest, BookAppointmentResult,
    CheckAvailabilityRequest, CreateTicketRequest, CreateTicketResult, TicketView,
};

use crate::{
    business::{
        BackendError, Effect, Rules,
        embedded::{log_tool, outbox, remember, replay, upsert_customer},
    },
    clock::now_ms,
};

pub const BOOK_APPOINTMENT: &str = "business_workflows.api.appointment.book_appointment";
pub const CREATE_TICKET: &str = "business_workflows.api.support.create_ticket";

/// Days from the asked date that a missed booking's alternatives are first
/// looked for in, before the whole booking window is read.
const NEAR_DAYS: i64 = 7;

/// Live bookings of `service` (`%` for all) on the days from `from` to `to` inclusive.
fn diary_between(
    conn: &Connection,
    from: &str,
    to: &str,
    service: &str,
) -> Result<Vec<ExistingBooking>, BackendError> {
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(String, String, u32)> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    };
    // Two statements, so that one service's diary is read from its index alone.
    let rows = if service == "%" {
        conn.prepare_cached(
            "SELECT service_type, start_local, duration_minutes FROM appointments
             WHERE appointment_date >= ?1 AND appointment_date <= ?2 AND status != 'Cancelled'",
        )?
        .query_map([from, to], row)?
        .collect::<Result<Vec<_>, _>>()?
    } else {
        conn.prepare_cached(
            "SELECT service_type, start_local, duration_minutes FROM appointments
             WHERE service_type = ?3 AND appointment_date >= ?1 AND appointment_date <= ?2
               AND status != 'Cancelled'",
        )?
        .query_map([from, to, service], row)?
        .collect::<Result<Vec<_>, _>>()?
    };
    let mut out = Vec::with_capacity(rows.len());
    for (service_name, start, duration_minutes) in rows {
        if let Ok(start) = start.parse::<jiff::civil::DateTime>() {
            out.push(ExistingBooking {
                service_name,
                start,
                duration_minutes,
            });
        }
    }
    Ok(out)
}

/// Decides a booking reading only as much of the diary as the answer needs:
/// the asked day, then a week from it, then the whole booking window. A
/// pass is enough when its answer is [`settled`](BookingDecision::settled).
fn decide(
    tx: &Transaction<'_>,
    rules: &Rules,
    req: &BookAppointmentRequest,
    service: &str,
    now: DateTime,
) -> Result<BookingDecision, BackendError> {
    let Some(date) = parse_date(&req.appointment_date) else {
        // An unreadable date is refused without the diary.
        return Ok(rules.book.decide_booking(req, &[], now));
    };
    // A date already past gets alternatives from today on.
    let from = date.max(now.date());
    let last = rules.book.last_bookable_date(now);
    let near = from
        .saturating_add(jiff::Span::new().days(NEAR_DAYS))
        .min(last);
    let mut until = date;
    loop {
        let existing = diary_between(tx, &from.to_string(), &until.to_string(), service)?;
        let decision = rules.book.decide_booking_until(req, &existing, now, until);
        if decision.settled() || until >= last {
            return Ok(decision);
        }
        until = if until < near { near } else { last };
    }
}

pub fn availability(
    conn: &Connection,
    rules: &Rules,
    req: &CheckAvailabilityRequest,
) -> Result<AvailabilityResult, BackendError> {
    let service = rules
        .book
        .find_service(&req.service_type)
        .map_or("%".to_owned(), |s| s.name.clone());
    // Free times are asked for one day: that day's diary is all they need
    // (an unreadable date is refused by the rules).
    let existing = match parse_date(&req.date) {
        Some(day) => {
            let day = day.to_string();
            diary_between(conn, &day, &day, &service)?
        }
        None => Vec::new(),
    };
    rules
        .book
        .check_availability(req, &existing, rules.now_local())
        .map_err(|e| {
            let field = match e {
                voice_domain::business::BookingError::UnknownService { .. } => "service_type",
                _ => "date",
            };
            BackendError::invalid(field, format!("{field}: {e}"))
        })
}

pub fn book(
    tx: &Transaction<'_>,
    rules: &Rules,
    req: &BookAppointmentRequest,
    forward: bool,
) -> Result<Effect<BookAppointmentResult, AppointmentView>, BackendError> {
    const METHOD: &str = "book_appointment";
    let key = req.idempotency_key.as_deref();
    if let Some(result) = replay(tx, key, METHOD)? {
        return Ok(Effect {
            result,
            created: None,
        });
    }
    let phone = parse_phone(req.phone.as_deref())?;
    let service = rules
        .book
        .find_service(&req.service_type)
        .map_or("%".to_owned(), |s| s.name.clone());
    let decision = decide(tx, rules, req, &service, rules.now_local())?;
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM appointments")?
        .query_row([], |r| r.get(0))?;
    let appointment_id = format!("APT-{seq:05}");
    let result = decision.to_wire(&appointment_id);
    let created = match &decision {
        BookingDecision::Confirmed(booking) => {
            let view = AppointmentView {
                appointment_id: appointment_id.clone(),
                service_type: booking.service_name.clone(),
                appointment_date: booking.date.to_string(),
                appointment_time: voice_domain::business::clock::format_hhmm(booking.time),
                duration_minutes: booking.duration_minutes,
                estimated_cost: booking.price.decimal(),
                status: "Scheduled".to_owned(),
                session_id: req.session_id.clone(),
                customer_name: clean(req.customer_name.as_deref()),
                phone: phone.clone(),
                email: clean(req.email.as_deref()).map(|e| e.to_lowercase()),
                notes: clean(req.notes.as_deref()),
                created_at_ms: now_ms(),
            };
            tx.prepare_cached("INSERT INTO appointments (seq, appointment_id, service_type, start_local, duration_minutes,
                   status, appointment_date, view, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?.execute(
                rusqlite::params![
                    seq,
                    appointment_id,
                    view.service_type,
                    format!("{}T{}", view.appointment_date, view.appointment_time),
                    view.duration_minutes,
                    view.status,
                    view.appointment_date,
                    serde_json::to_string(&view)?,
                    view.created_at_ms as i64
                ],
            )?;
            upsert_customer(
                tx,
                phone.as_deref(),
                view.customer_name.as_deref(),
                view.email.as_deref(),
            )?;
            if forward {
                let key = format!("vsm:{appointment_id}:booked");
                let payload = serde_json::json!({
                    "idempotency_key": key, "session_id": view.session_id, "customer_name": view.customer_name,
                    "phone": view.phone, "email": view.email, "service_type": view.service_type,
                    "appointment_date": view.appointment_date, "appointment_time": view.appointment_time,
                    "notes": view.notes, "local_id": appointment_id,
                });
                outbox::enqueue(tx, &key, BOOK_APPOINTMENT, &payload)?;
            }
            Some(view)
        }
        BookingDecision::Alternatives { .. } | BookingDecision::Refused(_) => None,
    };
    log_tool(
        tx,
        req.session_id.as_deref(),
        "bookAppointment",
        created.is_some(),
    )?;
    remember(tx, key, METHOD, &result)?;
    Ok(Effect { result, created })
}

pub fn ticket(
    tx: &Transaction<'_>,
    rules: &Rules,
    req: &CreateTicketRequest,
    forward: bool,
) -> Result<Effect<CreateTicketResult, TicketView>, BackendError> {
    const METHOD: &str = "create_ticket";
    let key = req.idempotency_key.as_deref();
    if let Some(result) = replay(tx, key, METHOD)? {
        return Ok(Effect {
            result,
            created: None,
        });
    }
    if req.issue_description.chars().count() > 4000 {
        return Err(BackendError::invalid(
            "issue_description",
            "issue_description: at most 4000 characters",
        ));
    }
    let phone = parse_phone(req.phone.as_deref())?;
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets")?
        .query_row([], |r| r.get(0))?;
    let last: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = 'last_assigned'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let triaged = triage_ticket(
        &rules.catalog,
        req,
        &rules.support_staff,
        last.as_deref(),
        seq as u64,
    )
    .map_err(|e| BackendError::invalid("issue_description", format!("issue_description: {e}")))?;
    let ticket_id = format!("TCK-{seq:05}");
    let result = triaged.to_wire(&ticket_id);
    let view = TicketView {
        ticket_id: ticket_id.clone(),
        ticket_reference: triaged.reference.clone(),
        priority: triaged.priority,
        category: triaged.category.clone(),
        response_time: triaged.response_time.clone(),
        assigned_to: triaged.assigned_to.clone(),
        issue_description: triaged.issue_description.clone(),
        status: "Open".to_owned(),
        session_id: req.session_id.clone(),
        customer_name: clean(req.customer_name.as_deref()),
        phone: phone.clone(),
        created_at_ms: now_ms(),
    };
    tx.prepare_cached("INSERT INTO tickets (seq, ticket_id, priority, status, view, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?.execute(
        rusqlite::params![seq, ticket_id, view.priority.as_str(), view.status, serde_json::to_string(&view)?, view.created_at_ms as i64],
    )?;
    if let Some(who) = &view.assigned_to {
        tx.prepare_cached(
            "INSERT INTO meta (key, value) VALUES ('last_assigned', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )?
        .execute([who])?;
    }
    upsert_customer(
        tx,
        phone.as_deref(),
        view.customer_name.as_deref(),
        clean(req.email.as_deref()).as_deref(),
    )?;
    if forward {
        let key = format!("vsm:{ticket_id}:opened");
        let payload = serde_json::json!({
            "idempotency_key": key, "session_id": view.session_id, "customer_name": view.customer_name,
            "phone": view.phone, "email": clean(req.email.as_deref()), "issue_description": view.issue_description,
            "priority": view.priority, "category": view.category, "local_id": ticket_id,
        });
        outbox::enqueue(tx, &key, CREATE_TICKET, &payload)?;
    }
    log_tool(tx, req.session_id.as_deref(), "createSupportTicket", true)?;
    remember(tx, key, METHOD, &result)?;
    Ok(Effect {
        result,
        created: Some(view),
    })
}

pub fn list_appointments(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<Vec<AppointmentView>, BackendError> {
    let mut stmt = conn.prepare(
        "SELECT view FROM appointments WHERE appointment_date >= ?1 AND appointment_date <= ?2
         ORDER BY start_local, seq",
    )?;
    let rows = stmt.query_map([from, to], |r| r.get::<_, String>(0))?;
    rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
}

pub fn list_tickets(conn: &Connection) -> Result<Vec<TicketView>, BackendError> {
    let mut stmt = conn.prepare("SELECT view FROM tickets WHERE status = 'Open' ORDER BY seq")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut tickets: Vec<TicketView> = rows
        .map(|json| Ok::<_, BackendError>(serde_json::from_str(&json?)?))
        .collect::<Result<_, _>>()?;
    tickets.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then(a.created_at_ms.cmp(&b.created_at_ms))
    });
    Ok(tickets)
}

/// Ticket records created within `span` (milliseconds, end excluded), for
/// the analytics of a day.
pub fn ticket_records(
    conn: &Connection,
    span: [i64; 2],
) -> Result<Vec<TicketRecord>, BackendError> {
    let mut stmt = conn.prepare_cached(
        "SELECT view FROM tickets WHERE created_at_ms >= ?1 AND created_at_ms < ?2",
    )?;
    let rows = stmt.query_map(span, |r| r.get::<_, String>(0))?;
    rows.map(|json| {
        let t: TicketView = serde_json::from_str(&json?)?;
        Ok(TicketRecord {
            created_at: jiff::Timestamp::from_millisecond(t.created_at_ms as i64)
                .unwrap_or_default(),
            priority: t.priority,
        })
    })
    .collect()
}

fn parse_phone(phone: Option<&str>) -> Result<Option<String>, BackendError> {
    match clean(phone) {
        None => Ok(None),
        Some(p) => voice_domain::business::PhoneE164::parse(&p)
            .map(|p| Some(p.as_str().to_owned()))
            .map_err(|e| BackendError::invalid("phone", format!("phone: {e}"))),
    }
}

fn clean(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
