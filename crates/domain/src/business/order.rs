//! Restaurant orders: from what the caller asked for to a priced order, or a
//! refusal the voice agent can read aloud.
//!
//! Checks run in this order, and the first that fails is the answer:
//! no items; unknown items (all of them reported back, never dropped); a
//! quantity outside 1..=50 (naming the item); a delivery without address;
//! a phone number that is not a UK number; a total below the minimum order
//! (saying by how much). Prices are integer pence; the estimated ready time is
//! the longest preparation time of the items, plus the delivery time for a
//! delivery, added as real elapsed minutes to the local `now`.
//! Duplicate lines ("a coke ... and another coke") stay separate lines.

use jiff::civil::DateTime;
use voice_types::business::{OrderType, PlaceOrderRequest, PlaceOrderResult, PricedOrderLine};

use crate::business::clock::{Money, add_minutes_local, format_hhmm, format_local};
use crate::business::customer::{PhoneE164, PhoneError};
use crate::business::menu::Menu;
use crate::catalog::format_pence;

/// The largest quantity one line may ask for.
pub const MAX_QUANTITY: u32 = 50;

/// An accepted order, priced exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedOrder {
    pub order_type: OrderType,
    pub customer_name: Option<String>,
    pub phone: Option<PhoneE164>,
    pub delivery_address: Option<String>,
    pub special_instructions: Option<String>,
    pub lines: Vec<PricedLine>,
    pub total: Money,
    pub estimated_minutes: u32,
    /// Local wall-clock time in the catalog's zone.
    pub estimated_ready_at: DateTime,
}

/// One line of an accepted order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    pub item_name: String,
    pub quantity: u32,
    pub unit_pence: i64,
    pub line_pence: i64,
    pub special_instructions: Option<String>,
}

/// Why an order was not placed; the text is read to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderRefusal {
    #[error("the order has no items yet: what would you like to order")]
    NoItems,
    #[error("sorry, {} not on our menu", unknown_phrase(.0))]
    UnknownItems(Vec<String>),
    #[error("we can take between 1 and {MAX_QUANTITY} of {item}, not {quantity}")]
    BadQuantity { item: String, quantity: u32 },
    #[error("a delivery order needs a delivery address: where should we deliver to")]
    MissingAddress,
    #[error("that phone number does not look right: {0}")]
    BadPhone(PhoneError),
    #[error("the minimum order is {minimum}; this order comes to {total}, so it is {short} short")]
    BelowMinimum {
        minimum: Money,
        total: Money,
        short: Money,
    },
}

/// Prices `request` against `menu` at local time `now`.
pub fn price_order(
    menu: &Menu,
    request: &PlaceOrderRequest,
    now: DateTime,
) -> Result<PricedOrder, OrderRefusal> {
    if request.items.is_empty() {
        return Err(OrderRefusal::NoItems);
    }
    let (lines, prep_minutes) = price_lines(menu, request)?;
    let delivery_address = non_blank(request.delivery_address.as_deref());
    if request.order_type == OrderType::Delivery && delivery_address.is_none() {
        return Err(OrderRefusal::MissingAddress);
    }
    let phone = match non_blank(request.phone.as_deref()) {
        Some(text) => Some(PhoneE164::parse(&text).map_err(OrderRefusal::BadPhone)?),
        None => None,
    };
    let total_pence: i64 = lines.iter().map(|l| l.line_pence).sum();
    if total_pence < menu.min_order_pence {
        return Err(OrderRefusal::BelowMinimum {
            minimum: Money::new(menu.min_order_pence, &menu.currency),
            total: Money::new(total_pence, &menu.currency),
            short: Money::new(menu.min_order_pence - total_pence, &menu.currency),
        });
    }
    let delivery = match request.order_type {
        OrderType::Delivery => menu.delivery_minutes,
        OrderType::Takeaway | OrderType::DineIn => 0,
    };
    let estimated_minutes = prep_minutes + delivery;
    Ok(PricedOrder {
        order_type: request.order_type,
        customer_name: non_blank(request.customer_name.as_deref()),
        phone,
        delivery_address,
        special_instructions: non_blank(request.special_instructions.as_deref()),
        lines,
        total: Money::new(total_pence, &menu.currency),
        estimated_minutes,
        estimated_ready_at: add_minutes_local(&menu.time_zone, now, estimated_minutes),
    })
}

/// `price_order`, answered in the contract's shape; `order_id` is the id the
/// store will give the order if it is accepted.
pub fn decide_order(
    menu: &Menu,
    request: &PlaceOrderRequest,
    now: DateTime,
    order_id: &str,
) -> PlaceOrderResult {
    match price_order(menu, request, now) {
        Ok(order) => order.to_wire(order_id),
        Err(refusal) => refusal.to_wire(),
    }
}

impl PricedOrder {
    /// The `place_order` success shape.
    pub fn to_wire(&self, order_id: &str) -> PlaceOrderResult {
        let when = format_hhmm(self.estimated_ready_at.time());
        let message = match self.order_type {
            OrderType::Delivery => format!(
                "your order is confirmed: {} in total, delivered in about {} minutes, around {when}",
                self.total, self.estimated_minutes
            ),
            OrderType::Takeaway | OrderType::DineIn => format!(
                "your order is confirmed: {} in total, ready in about {} minutes, around {when}",
                self.total, self.estimated_minutes
            ),
        };
        PlaceOrderResult::Success {
            order_id: order_id.to_owned(),
            total_amount: self.total.decimal(),
            currency: self.total.currency.clone(),
            estimated_minutes: self.estimated_minutes,
            estimated_ready_at: format_local(self.estimated_ready_at),
            items: self.lines.iter().map(PricedLine::to_wire).collect(),
            message,
        }
    }
}

impl PricedLine {
    fn to_wire(&self) -> PricedOrderLine {
        PricedOrderLine {
            item_name: self.item_name.clone(),
            quantity: self.quantity,
            unit_price: format_pence(self.unit_pence),
            line_total: format_pence(self.line_pence),
            special_instructions: self.special_instructions.clone(),
        }
    }
}

impl OrderRefusal {
    /// The `place_order` error shape.
    pub fn to_wire(&self) -> PlaceOrderResult {
        let unavailable_items = match self {
            Self::UnknownItems(names) => names.clone(),
            _ => Vec::new(),
        };
        PlaceOrderResult::Error {
            message: self.to_string(),
            unavailable_items,
        }
    }
}

/// Matches and prices every line; returns the lines and the longest preparation time.
fn price_lines(
    menu: &Menu,
    request: &PlaceOrderRequest,
) -> Result<(Vec<PricedLine>, u32), OrderRefusal> {
    let mut lines = Vec::with_capacity(request.items.len());
    let mut unknown = Vec::new();
    let mut prep_minutes = 0;
    for wanted in &request.items {
        let Some(item) = menu.find(&wanted.item_name) else {
            unknown.push(wanted.item_name.trim().to_owned());
            continue;
        };
        prep_minutes = prep_minutes.max(item.preparation_minutes);
        lines.push(PricedLine {
            item_name: item.item_name.clone(),
            quantity: wanted.quantity,
            unit_pence: item.price,
            line_pence: item.price * i64::from(wanted.quantity),
            special_instructions: non_blank(wanted.special_instructions.as_deref()),
        });
    }
    if !unknown.is_empty() {
        return Err(OrderRefusal::UnknownItems(unknown));
    }
    if let Some(bad) = lines
        .iter()
        .find(|l| !(1..=MAX_QUANTITY).contains(&l.quantity))
    {
        return Err(OrderRefusal::BadQuantity {
            item: bad.item_name.clone(),
            quantity: bad.quantity,
        });
    }
    Ok((lines, prep_minutes))
}

/// "X is", "X and Y are", "X, Y and Z are".
fn unknown_phrase(names: &[String]) -> String {
    match names {
        [] => "that is".to_owned(),
        [one] => format!("{one} is"),
        [rest @ .., last] => format!("{} and {last} are", rest.join(", ")),
    }
}

fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
