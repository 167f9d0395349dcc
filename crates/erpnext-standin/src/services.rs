//! `business_workflows.api.appointment.*` and `business_workflows.api.support.*`
//! for the stateful stand-in: availability, booking with capacity, tickets.
//!
//! Unreadable arguments are 417s naming the field; everything a caller should
//! hear (slot taken, closed day, unknown service when booking) is an answer
//! decided by `voice-domain`. Only a confirmed booking or an opened ticket
//! creates a document and is remembered under its idempotency key.

use serde_json::Value;
use voice_domain::business::booking::BookingDecision;
use voice_domain::business::clock::{parse_date, parse_hhmm};
use voice_domain::business::triage_ticket;
use voice_types::business::{
    AvailabilityResult, BookAppointmentRequest, CreateTicketRequest, TicketPriority,
};

use crate::envelope::{Fault, idempotency_key, opt_one_of, opt_str, req_str};
use crate::restaurant::to_json;
use crate::store::{STAFF_ON_DUTY, Store, StoredAppointment, StoredTicket};

pub const BOOK_APPOINTMENT: &str = "business_workflows.api.appointment.book_appointment";
pub const CREATE_TICKET: &str = "business_workflows.api.support.create_ticket";

const PRIORITIES: [&str; 4] = ["Low", "Medium", "High", "Critical"];

pub fn check_availability(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let asked = req_str(args, "service_type")?;
    let service = store.book.find_service(&asked).ok_or_else(|| {
        let offered: Vec<&str> = store
            .book
            .services()
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        Fault::validation(format!(
            "service_type: unknown service '{asked}' (offered: {})",
            offered.join(", ")
        ))
    })?;
    let date_text = req_str(args, "date")?;
    let date = parse_date(&date_text)
        .ok_or_else(|| Fault::validation("date: must be a date written YYYY-MM-DD"))?;
    let now = store.now();
    let existing = store.existing_bookings();
    let slots = store.book.available_slots(service, date, &existing, now);
    to_json(&AvailabilityResult {
        service_type: service.name.clone(),
        date: date.to_string(),
        available_slots: slots
            .into_iter()
            .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
            .collect(),
    })
}

pub fn book_appointment(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let key = idempotency_key(args)?;
    if let Some(first) = store.repeat(BOOK_APPOINTMENT, &key) {
        return Ok(first);
    }
    let request = booking_request(args)?;
    let now = store.now();
    let existing = store.existing_bookings();
    let decision = store.book.decide_booking(&request, &existing, now);
    let BookingDecision::Confirmed(booking) = &decision else {
        return to_json(&decision.to_wire(""));
    };
    let appointment_id = Store::next_name("VAP", store.appointments.len(), 5);
    let result = to_json(&decision.to_wire(&appointment_id))?;
    store.appointments.push(StoredAppointment {
        appointment_id,
        idempotency_key: key.clone(),
        session_id: request.session_id.clone(),
        customer_name: request.customer_name.clone(),
        service_name: booking.service_name.clone(),
        date: booking.date,
        time: booking.time,
        duration_minutes: booking.duration_minutes,
        booked_at: now,
    });
    store.remember(BOOK_APPOINTMENT, &key, &result, true);
    Ok(result)
}

pub fn create_ticket(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let key = idempotency_key(args)?;
    if let Some(first) = store.repeat(CREATE_TICKET, &key) {
        return Ok(first);
    }
    let issue_description = req_str(args, "issue_description")?;
    let priority = match opt_one_of(args, "priority", &PRIORITIES)? {
        Some("Low") => TicketPriority::Low,
        Some("High") => TicketPriority::High,
        Some("Critical") => TicketPriority::Critical,
        _ => TicketPriority::Medium,
    };
    let request = CreateTicketRequest {
        idempotency_key: Some(key.clone()),
        session_id: opt_str(args, "session_id")?,
        customer_name: opt_str(args, "customer_name")?,
        phone: opt_str(args, "phone")?,
        email: checked_email(args)?,
        issue_description,
        priority,
        category: opt_str(args, "category")?,
    };
    let staff: Vec<String> = STAFF_ON_DUTY.iter().map(|s| (*s).to_owned()).collect();
    let sequence = store.tickets.len() as u64 + 1;
    let triaged = triage_ticket(
        store.catalog,
        &request,
        &staff,
        store.last_escalation_assignee.as_deref(),
        sequence,
    )
    .map_err(|e| Fault::validation(format!("issue_description: {e}")))?;
    let ticket_id = Store::next_name("VST", store.tickets.len(), 5);
    let result = to_json(&triaged.to_wire(&ticket_id))?;
    if let Some(assignee) = &triaged.assigned_to {
        store.last_escalation_assignee = Some(assignee.clone());
    }
    store.tickets.push(StoredTicket {
        ticket_id,
        ticket_reference: triaged.reference.clone(),
        idempotency_key: key.clone(),
        session_id: request.session_id.clone(),
        priority: triaged.priority,
        category: triaged.category.clone(),
        assigned_to: triaged.assigned_to.clone(),
        issue_description: triaged.issue_description.clone(),
        created_at: store.now(),
    });
    store.remember(CREATE_TICKET, &key, &result, true);
    Ok(result)
}

/// Checks the formats the Python app checks, then builds the typed request.
fn booking_request(args: &Value) -> Result<BookAppointmentRequest, Fault> {
    let service_type = req_str(args, "service_type")?;
    let appointment_date = req_str(args, "appointment_date")?;
    if parse_date(&appointment_date).is_none() {
        return Err(Fault::validation(
            "appointment_date: must be a date written YYYY-MM-DD",
        ));
    }
    let appointment_time = req_str(args, "appointment_time")?;
    if parse_hhmm(&appointment_time).is_none() {
        return Err(Fault::validation(
            "appointment_time: must be a time written HH:MM (24-hour)",
        ));
    }
    Ok(BookAppointmentRequest {
        idempotency_key: opt_str(args, "idempotency_key")?,
        session_id: opt_str(args, "session_id")?,
        customer_name: opt_str(args, "customer_name")?,
        phone: opt_str(args, "phone")?,
        email: checked_email(args)?,
        service_type,
        appointment_date,
        appointment_time,
        notes: opt_str(args, "notes")?,
    })
}

/// An optional e-mail address, refused when it plainly is not one.
fn checked_email(args: &Value) -> Result<Option<String>, Fault> {
    let Some(email) = opt_str(args, "email")?.filter(|e| !e.trim().is_empty()) else {
        return Ok(None);
    };
    let looks_right = email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !email.contains(' '));
    if looks_right {
        Ok(Some(email))
    } else {
        Err(Fault::validation(format!(
            "email: '{email}' is not an e-mail address"
        )))
    }
}
