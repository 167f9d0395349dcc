//! The order status flow: which moves staff may make, and what the caller hears.
//!
//! `Pending → Preparing → Ready → Completed`, one step at a time, and
//! `Cancelled` from `Pending`, `Preparing` or `Ready`. `Completed` and
//! `Cancelled` are final. Any other move is refused with an error naming both
//! states (the contract answers it with a 417 `ValidationError`).

use jiff::civil::DateTime;
use voice_types::business::{
    OrderStatus, OrderStatusResult, UpdateOrderStatusRequest, UpdateOrderStatusResult,
};

use crate::business::clock::{format_hhmm, format_local};

/// A refused move between order states.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an order cannot move from {from} to {to}: {reason}")]
pub struct OrderTransitionError {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub reason: &'static str,
}

/// Checks one move of the order status flow.
pub fn check_order_transition(
    from: OrderStatus,
    to: OrderStatus,
) -> Result<(), OrderTransitionError> {
    use OrderStatus::*;
    let refuse = |reason| Err(OrderTransitionError { from, to, reason });
    match (from, to) {
        (Pending, Preparing) | (Preparing, Ready) | (Ready, Completed) => Ok(()),
        (Pending | Preparing | Ready, Cancelled) => Ok(()),
        (Completed | Cancelled, _) => refuse("the order is already closed"),
        (a, b) if a == b => refuse("the order is already in that state"),
        (Pending, Ready | Completed) | (Preparing, Completed) => {
            refuse("an order moves one step at a time")
        }
        _ => refuse("an order never goes back a step"),
    }
}

/// Answers `update_order_status` for an order now in `current`.
pub fn update_order_status(
    current: OrderStatus,
    request: &UpdateOrderStatusRequest,
) -> Result<UpdateOrderStatusResult, OrderTransitionError> {
    check_order_transition(current, request.status)?;
    Ok(UpdateOrderStatusResult {
        order_id: request.order_id.clone(),
        status: request.status,
    })
}

/// The `get_order_status` answer, with a sentence for the caller.
pub fn order_status_view(
    order_id: &str,
    status: OrderStatus,
    ready_at: DateTime,
) -> OrderStatusResult {
    let when = format_hhmm(ready_at.time());
    let message = match status {
        OrderStatus::Pending => {
            format!("your order has been received and should be ready around {when}")
        }
        OrderStatus::Preparing => {
            format!("your order is being prepared and should be ready around {when}")
        }
        OrderStatus::Ready => "your order is ready".to_owned(),
        OrderStatus::Completed => "your order has been completed".to_owned(),
        OrderStatus::Cancelled => "your order was cancelled".to_owned(),
    };
    OrderStatusResult {
        order_id: order_id.to_owned(),
        status,
        estimated_ready_at: format_local(ready_at),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn every_move_is_decided() {
        let allowed = [
            (Pending, Preparing),
            (Preparing, Ready),
            (Ready, Completed),
            (Pending, Cancelled),
            (Preparing, Cancelled),
            (Ready, Cancelled),
        ];
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                let result = check_order_transition(from, to);
                assert_eq!(
                    result.is_ok(),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
                if let Err(e) = result {
                    let text = e.to_string();
                    assert!(
                        text.contains(from.as_str()) && text.contains(to.as_str()),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_update_answers_in_the_contract_shape() {
        let request = UpdateOrderStatusRequest {
            idempotency_key: None,
            order_id: "ORD-7".into(),
            status: Ready,
        };
        let done = update_order_status(Preparing, &request).expect("allowed");
        assert_eq!((done.order_id.as_str(), done.status), ("ORD-7", Ready));
        assert!(update_order_status(Cancelled, &request).is_err());
    }

    #[test]
    fn the_status_answer_says_when() {
        let at = jiff::civil::date(2026, 5, 4).at(12, 42, 0, 0);
        let view = order_status_view("ORD-1", Preparing, at);
        assert_eq!(view.estimated_ready_at, "2026-05-04T12:42:00");
        assert!(view.message.contains("12:42"), "{}", view.message);
    }
}
