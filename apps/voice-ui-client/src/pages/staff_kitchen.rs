//! The kitchen board: orders in columns by status, newest first, with their
//! items; one click moves an order on, and the customer sees it at once.

use leptos::prelude::*;
use voice_types::business::{OrderStatus, OrderView};

use crate::{
    format,
    staff::{self, StaffCtx},
};

const COLUMNS: [OrderStatus; 4] = [
    OrderStatus::Pending,
    OrderStatus::Preparing,
    OrderStatus::Ready,
    OrderStatus::Completed,
];

/// Completed orders shown (the most recent); older ones leave the board.
const COMPLETED_SHOWN: usize = 12;

#[component]
pub fn KitchenBoard() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let columns = COLUMNS
        .into_iter()
        .map(|status| {
            let orders = Memo::new(move |_| {
                let mut list = ctx.model.with(|m| m.orders_in(status));
                if status == OrderStatus::Completed {
                    list.truncate(COMPLETED_SHOWN);
                }
                list
            });
            let title = match status {
                OrderStatus::Pending => "New",
                other => other.as_str(),
            };
            let id = format!("column-{}", status.as_str().to_lowercase());
            view! {
                <section class="column" id=id aria-label=title>
                    <h2>{title} <span class="count">{move || orders.with(Vec::len)}</span></h2>
                    <Show when=move || orders.with(Vec::is_empty)>
                        <p class="empty">"Nothing here."</p>
                    </Show>
                    <For each=move || orders.get() key=|o| (o.order_id.clone(), o.status) let:order>
                        <OrderTicket order/>
                    </For>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="kitchen" id="kitchen-board">{columns}</div>
    }
}

/// The next move of an order and its button label.
fn next_move(status: OrderStatus) -> Option<(OrderStatus, &'static str)> {
    match status {
        OrderStatus::Pending => Some((OrderStatus::Preparing, "Start preparing")),
        OrderStatus::Preparing => Some((OrderStatus::Ready, "Mark ready")),
        OrderStatus::Ready => Some((OrderStatus::Completed, "Complete")),
        OrderStatus::Completed | OrderStatus::Cancelled => None,
    }
}

#[component]
fn OrderTicket(order: OrderView) -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let id = order.order_id.clone();
    let busy = {
        let id = id.clone();
        move || ctx.busy_orders.with(|b| b.contains(&id))
    };
    let items = order
        .items
        .iter()
        .map(|line| {
            view! {
                <li>
                    <strong>{format!("{}×", line.quantity)}</strong>
                    " " {line.item_name.clone()}
                    {line.special_instructions.clone().map(|s| view! { <em class="instructions">{format!(" — {s}")}</em> })}
                </li>
            }
        })
        .collect_view();
    let action = next_move(order.status).map(|(to, label)| {
        let id = id.clone();
        let busy = busy.clone();
        view! {
            <button
                type="button"
                class="button primary move"
                data-move-to=to.as_str()
                disabled=busy
                on:click=move |_| staff::move_order(ctx, id.clone(), to)
            >
                {label}
            </button>
        }
    });
    let cancel = matches!(order.status, OrderStatus::Pending | OrderStatus::Preparing).then(|| {
        let id = id.clone();
        view! {
            <button
                type="button"
                class="button subtle"
                data-move-to="Cancelled"
                disabled=busy
                on:click=move |_| staff::move_order(ctx, id.clone(), OrderStatus::Cancelled)
            >
                "Cancel"
            </button>
        }
    });
    let who = order
        .customer_name
        .clone()
        .unwrap_or_else(|| "Caller".to_owned());
    view! {
        <article class="ticket" data-order-id=order.order_id.clone() data-status=order.status.as_str()>
            <header>
                <span class="mono">{order.order_id.clone()}</span>
                <span class="ticket-type">{order.order_type.as_str()}</span>
            </header>
            <p class="who">{who} {order.phone.clone().map(|p| format!(" · {p}"))}</p>
            <ul class="items">{items}</ul>
            {order.delivery_address.clone().map(|a| view! { <p class="address">{a}</p> })}
            <p class="meta">
                {format!("Ready {} · {}", format::clock(&order.estimated_ready_at), format::money(&order.total_amount, &order.currency))}
            </p>
            <div class="actions">{action}{cancel}</div>
        </article>
    }
}
