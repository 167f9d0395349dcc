//! `business_workflows.api.restaurant.*` for the stateful stand-in: the menu,
//! placing orders, order status and staff status updates.
//!
//! Argument faults are 417s naming the field, as in the fixtures; pricing,
//! refusals and the status flow are `voice-domain`'s. A refused order is an
//! answer (`"status": "error"`), creates nothing and is not remembered under
//! its key, so the caller may fix the order and send it again with that key.

use serde_json::{Value, json};
use voice_domain::business::order::MAX_QUANTITY;
use voice_domain::business::{check_order_transition, order_status_view, price_order};
use voice_types::business::{OrderStatus, OrderType, PlaceOrderRequest};

use crate::envelope::{Fault, idempotency_key, opt_one_of, opt_str, req_str};
use crate::store::{Store, StoredOrder};

pub const PLACE_ORDER: &str = "business_workflows.api.restaurant.place_order";
pub const UPDATE_ORDER_STATUS: &str = "business_workflows.api.restaurant.update_order_status";

const ORDER_TYPES: [&str; 3] = ["Takeaway", "Delivery", "Dine-in"];
const ORDER_STATUSES: [&str; 5] = ["Pending", "Preparing", "Ready", "Completed", "Cancelled"];

pub fn get_menu(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let category = opt_str(args, "category")?;
    to_json(&store.menu.view(category.as_deref()))
}

pub fn place_order(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let key = idempotency_key(args)?;
    if let Some(first) = store.repeat(PLACE_ORDER, &key) {
        return Ok(first);
    }
    let request = order_request(args)?;
    let now = store.now();
    let order = match price_order(&store.menu, &request, now) {
        Ok(order) => order,
        Err(refusal) => return to_json(&refusal.to_wire()),
    };
    let order_id = Store::next_name("VRO", store.orders.len(), 5);
    let result = to_json(&order.to_wire(&order_id))?;
    store.orders.push(StoredOrder {
        order_id,
        idempotency_key: key.clone(),
        session_id: request.session_id.clone(),
        customer_name: request.customer_name.clone(),
        phone: request.phone.clone(),
        order_type: request.order_type,
        status: OrderStatus::Pending,
        total_pence: order.total.pence,
        placed_at: now,
        estimated_ready_at: order.estimated_ready_at,
    });
    store.remember(PLACE_ORDER, &key, &result, true);
    Ok(result)
}

pub fn get_order_status(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let order = if let Some(order_id) = opt_str(args, "order_id")? {
        store
            .orders
            .iter()
            .find(|o| o.order_id == order_id)
            .ok_or_else(|| Fault::not_found(format!("order_id: no order {order_id}")))?
    } else if let Some(phone) = opt_str(args, "phone")? {
        store
            .orders
            .iter()
            .filter(|o| o.phone.as_deref() == Some(phone.as_str()))
            .max_by_key(|o| o.placed_at)
            .ok_or_else(|| Fault::not_found(format!("phone: no order for {phone}")))?
    } else {
        return Err(Fault::validation("order_id: is required (or phone)"));
    };
    to_json(&order_status_view(
        &order.order_id,
        order.status,
        order.estimated_ready_at,
    ))
}

pub fn update_order_status(store: &mut Store, args: &Value) -> Result<Value, Fault> {
    let key = opt_str(args, "idempotency_key")?.filter(|k| !k.trim().is_empty());
    if let Some(first) = key
        .as_deref()
        .and_then(|k| store.repeat(UPDATE_ORDER_STATUS, k))
    {
        return Ok(first);
    }
    let order_id = req_str(args, "order_id")?;
    let status = opt_one_of(args, "status", &ORDER_STATUSES)?
        .ok_or_else(|| Fault::validation("status: is required"))?;
    let to = order_status(status);
    let order = store
        .orders
        .iter_mut()
        .find(|o| o.order_id == order_id)
        .ok_or_else(|| Fault::not_found(format!("order_id: no order {order_id}")))?;
    check_order_transition(order.status, to).map_err(|e| {
        Fault::validation(format!(
            "status: cannot move order {order_id} from {} to {}",
            e.from, e.to
        ))
    })?;
    order.status = to;
    let result = json!({ "order_id": order_id, "status": to.as_str() });
    if let Some(key) = key {
        store.remember(UPDATE_ORDER_STATUS, &key, &result, true);
    }
    Ok(result)
}

/// Checks what the Python app checks before pricing, then reads the typed request.
fn order_request(args: &Value) -> Result<PlaceOrderRequest, Fault> {
    let order_type = opt_one_of(args, "order_type", &ORDER_TYPES)?
        .ok_or_else(|| Fault::validation("order_type: is required"))?;
    let items = args
        .get("items")
        .and_then(Value::as_array)
        .filter(|items| !items.is_empty())
        .ok_or_else(|| Fault::validation("items: must be a non-empty list"))?;
    for (index, item) in items.iter().enumerate() {
        let quantity = item.get("quantity").map_or(Some(1), Value::as_u64);
        if !quantity.is_some_and(|q| (1..=u64::from(MAX_QUANTITY)).contains(&q)) {
            return Err(Fault::validation(format!(
                "items[{index}].quantity: must be a whole number from 1 to {MAX_QUANTITY}"
            )));
        }
        if !item.get("item_name").is_some_and(Value::is_string) {
            return Err(Fault::validation(format!(
                "items[{index}].item_name: is required"
            )));
        }
    }
    let address = opt_str(args, "delivery_address")?.filter(|a| !a.trim().is_empty());
    if order_type == "Delivery" && address.is_none() {
        return Err(Fault::validation(
            "delivery_address: is required for a Delivery order",
        ));
    }
    let mut request: PlaceOrderRequest = serde_json::from_value(args.clone())
        .map_err(|e| Fault::validation(format!("items: {e}")))?;
    request.order_type = match order_type {
        "Delivery" => OrderType::Delivery,
        "Dine-in" => OrderType::DineIn,
        _ => OrderType::Takeaway,
    };
    Ok(request)
}

fn order_status(name: &str) -> OrderStatus {
    OrderStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == name)
        .unwrap_or(OrderStatus::Pending)
}

/// Serializes an answer; the wire types always serialize, so this never fails in practice.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, Fault> {
    serde_json::to_value(value).map_err(|e| Fault::new(500, "TypeError", e.to_string()))
}
