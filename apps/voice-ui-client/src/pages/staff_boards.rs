//! Appointments (today and the coming week) and support tickets (most
//! urgent first, with the time left to the promised response).

use leptos::prelude::*;
use voice_types::business::{AppointmentView, TicketView};

use crate::{format, staff::StaffCtx};

#[component]
pub fn AppointmentsBoard() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let list = Memo::new(move |_| ctx.model.with(|m| m.appointments_in_order()));
    view! {
        <Show
            when=move || !list.with(Vec::is_empty)
            fallback=|| view! { <p class="empty" id="appointments-empty">"No appointments today or in the coming week."</p> }
        >
            <ul class="cards-list" id="appointments">
                <For each=move || list.get() key=|a| (a.appointment_id.clone(), a.status.clone()) let:appointment>
                    <AppointmentItem appointment/>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn AppointmentItem(appointment: AppointmentView) -> impl IntoView {
    let who = appointment
        .customer_name
        .clone()
        .unwrap_or_else(|| "Caller".to_owned());
    view! {
        <li class="card appointment" data-appointment-id=appointment.appointment_id.clone()>
            <div class="when">
                <strong>{appointment.appointment_time.clone()}</strong>
                <span>{format::date(&appointment.appointment_date)}</span>
            </div>
            <div class="what">
                <strong>{appointment.service_type.clone()}</strong>
                <span>{format!("{who} · {} min · {}", appointment.duration_minutes, format::money(&appointment.estimated_cost, "GBP"))}</span>
                {appointment.phone.clone().map(|p| view! { <span class="muted">{p}</span> })}
            </div>
            <span class="badge status-ready">{appointment.status.clone()}</span>
        </li>
    }
}

#[component]
pub fn TicketsBoard() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let list = Memo::new(move |_| ctx.model.with(|m| m.tickets_by_priority()));
    view! {
        <Show
            when=move || !list.with(Vec::is_empty)
            fallback=|| view! { <p class="empty" id="tickets-empty">"No open tickets. Nice."</p> }
        >
            <ul class="cards-list" id="tickets">
                <For each=move || list.get() key=|t| (t.ticket_id.clone(), t.status.clone()) let:ticket>
                    <TicketItem ticket/>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn TicketItem(ticket: TicketView) -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let created = ticket.created_at_ms;
    let response_time = ticket.response_time.clone();
    let left = Memo::new(move |_| {
        let now = ctx.now_ms.get();
        if now == 0 {
            return (false, format!("respond within {response_time}"));
        }
        match format::time_left(created, &response_time, now) {
            Some(t) => (t.overdue, t.text),
            None => (false, format!("respond within {response_time}")),
        }
    });
    let priority = ticket.priority.as_str();
    view! {
        <li class="card ticket-item" data-ticket-ref=ticket.ticket_reference.clone()>
            <div class="ticket-top">
                <span class=format!("badge priority-{}", priority.to_lowercase())>{priority}</span>
                <span class="mono">{ticket.ticket_reference.clone()}</span>
                <span class="time-left" class:overdue=move || left.with(|l| l.0)>{move || left.with(|l| l.1.clone())}</span>
            </div>
            <p class="issue">{ticket.issue_description.clone()}</p>
            <p class="muted">
                {format!(
                    "{} · {} · {}",
                    ticket.category,
                    ticket.customer_name.clone().unwrap_or_else(|| "Caller".to_owned()),
                    ticket.assigned_to.clone().unwrap_or_else(|| "unassigned".to_owned())
                )}
            </p>
        </li>
    }
}
