//! Result cards as the business tools complete: the order (kept current as
//! the kitchen moves it), the booking or the alternatives offered, and the
//! support ticket with its promised response time.

use leptos::prelude::*;
use voice_types::business::OrderStatus;

use crate::{
    call::{
        CallCtx,
        model::{BookingCard, OrderCard, TicketCard},
    },
    format,
};

/// Every card the call has produced so far, or a hint of what will appear.
#[component]
pub fn Results() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let order = Memo::new(move |_| ctx.model.with(|m| m.as_ref().and_then(|m| m.order.clone())));
    let booking = Memo::new(move |_| {
        ctx.model
            .with(|m| m.as_ref().and_then(|m| m.booking.clone()))
    });
    let ticket = Memo::new(move |_| {
        ctx.model
            .with(|m| m.as_ref().and_then(|m| m.ticket.clone()))
    });
    let notice = Memo::new(move |_| {
        ctx.model
            .with(|m| m.as_ref().and_then(|m| m.tool_notice.clone()))
    });
    let nothing = move || {
        order.with(Option::is_none) && booking.with(Option::is_none) && ticket.with(Option::is_none)
    };
    view! {
        <section class="results" aria-live="polite" aria-label="Results">
            <Show when=nothing>
                <p class="placeholder">"Your order, booking or ticket will appear here as soon as it is made."</p>
            </Show>
            {move || order.get().map(|o| view! { <OrderCardView order=o/> })}
            {move || booking.get().map(|b| view! { <BookingCardView booking=b/> })}
            {move || ticket.get().map(|t| view! { <TicketCardView ticket=t/> })}
            {move || notice.get().map(|n| view! { <p class="notice" id="tool-notice">{n}</p> })}
        </section>
    }
}

fn order_status_text(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "Received",
        OrderStatus::Preparing => "Preparing",
        OrderStatus::Ready => "Ready",
        OrderStatus::Completed => "Completed",
        OrderStatus::Cancelled => "Cancelled",
    }
}

#[component]
fn OrderCardView(order: OrderCard) -> impl IntoView {
    let currency = order.currency.clone();
    let lines = order
        .items
        .iter()
        .map(|line| {
            view! {
                <li>
                    <span>{format!("{} × {}", line.quantity, line.item_name)}</span>
                    <span class="amount">{format::money(&line.line_total, &currency)}</span>
                </li>
            }
        })
        .collect_view();
    let status = order.status;
    let ready_line = match status {
        OrderStatus::Ready => "Your order is ready.".to_owned(),
        OrderStatus::Completed => "Enjoy your meal!".to_owned(),
        OrderStatus::Cancelled => "This order was cancelled.".to_owned(),
        _ => format!(
            "Ready at about {}",
            format::clock(&order.estimated_ready_at)
        ),
    };
    view! {
        <article class="card order-card" id="order-card" data-order-id=order.order_id.clone()>
            <header class="card-head">
                <h2>"Your order " <span class="mono">{order.order_id.clone()}</span></h2>
                <span
                    class=format!("badge status-{}", status.as_str().to_lowercase())
                    id="order-status"
                    data-status=status.as_str()
                >
                    {order_status_text(status)}
                </span>
            </header>
            <ul class="lines">{lines}</ul>
            <p class="total">
                <span>{order.order_type.clone().unwrap_or_else(|| "Total".to_owned())}</span>
                <strong class="amount">{format::money(&order.total_amount, &order.currency)}</strong>
            </p>
            <p class="card-foot" id="order-ready">{ready_line}</p>
        </article>
    }
}

#[component]
fn BookingCardView(booking: BookingCard) -> impl IntoView {
    match booking {
        BookingCard::Confirmed {
            appointment_id,
            service_type,
            date,
            time,
            duration_minutes,
            estimated_cost,
            status,
        } => view! {
            <article class="card booking-card" id="booking-card">
                <header class="card-head">
                    <h2>"Appointment booked"</h2>
                    <span class="badge status-ready" id="booking-status">{status}</span>
                </header>
                <dl class="facts">
                    <dt>"Service"</dt><dd>{service_type}</dd>
                    <dt>"When"</dt><dd id="booking-when">{format!("{} at {time}", format::date(&date))}</dd>
                    <dt>"Length"</dt><dd>{format!("{duration_minutes} min")}</dd>
                    <dt>"Estimated cost"</dt><dd>{format::money(&estimated_cost, "GBP")}</dd>
                    <dt>"Reference"</dt><dd class="mono">{appointment_id}</dd>
                </dl>
            </article>
        }
        .into_any(),
        BookingCard::Alternatives { message, slots } => {
            let slots = slots
                .into_iter()
                .map(|s| view! { <li>{format!("{} at {}", format::date(&s.date), s.time)}</li> })
                .collect_view();
            view! {
                <article class="card booking-card" id="booking-card">
                    <header class="card-head">
                        <h2>"That time is taken"</h2>
                        <span class="badge status-pending">"Alternatives"</span>
                    </header>
                    <p>{message}</p>
                    <ul class="alternatives">{slots}</ul>
                    <p class="card-foot">"Tell the assistant which one suits you."</p>
                </article>
            }
            .into_any()
        }
        BookingCard::Refused { message } => view! {
            <article class="card booking-card" id="booking-card">
                <header class="card-head"><h2>"Not booked"</h2></header>
                <p>{message}</p>
            </article>
        }
        .into_any(),
    }
}

#[component]
fn TicketCardView(ticket: TicketCard) -> impl IntoView {
    view! {
        <article class="card ticket-card" id="ticket-card">
            <header class="card-head">
                <h2>"Support ticket " <span class="mono" id="ticket-ref">{ticket.reference.clone()}</span></h2>
                <span class=format!("badge priority-{}", ticket.priority.as_str().to_lowercase())>
                    {ticket.priority.as_str()}
                </span>
            </header>
            <dl class="facts">
                <dt>"Category"</dt><dd>{ticket.category}</dd>
                <dt>"Expected response"</dt><dd id="ticket-response">{format!("within {}", ticket.response_time)}</dd>
                <dt>"Assigned to"</dt><dd>{ticket.assigned_to.unwrap_or_else(|| "our support team".to_owned())}</dd>
                <dt>"Status"</dt><dd>{ticket.status}</dd>
            </dl>
        </article>
    }
}
