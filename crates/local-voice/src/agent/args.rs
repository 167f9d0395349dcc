//! Tool arguments from the conversation, in exactly the body shapes of
//! `voice_types::voice` (`PlaceOrderArgs`, `BookAppointmentArgs`, ...).
//!
//! The call id is not the agent's business: Ultravox adds it as an
//! automatic parameter, so it is removed here, as are absent (null)
//! fields. `only_declared` then keeps what the tool declares as dynamic.

use serde::Serialize;
use serde_json::{Map, Value};
use voice_types::extraction::{ExtractedParameters, OrderType};
use voice_types::voice::{
    BookAppointmentArgs, CheckAvailabilityArgs, CreateTicketArgs, GetMenuArgs, GetOrderStatusArgs,
    HandoffArgs, PlaceOrderArgs, ToolOrderItem,
};

/// `placeOrder` from the merged order.
pub fn place_order(p: &ExtractedParameters) -> Map<String, Value> {
    let items = p
        .items
        .iter()
        .flatten()
        .map(|i| ToolOrderItem {
            item_name: i.item_name.clone(),
            quantity: Some(i.quantity),
            special_instructions: i.special_instructions.clone(),
        })
        .collect();
    body(&PlaceOrderArgs {
        call_id: String::new(),
        items,
        order_type: order_type(p.order_type.unwrap_or(OrderType::Takeaway)).to_owned(),
        customer_name: p.customer_name.clone(),
        phone: p.phone.clone(),
        delivery_address: p
            .delivery_address
            .clone()
            .filter(|_| p.order_type == Some(OrderType::Delivery)),
        special_instructions: None,
    })
}

/// `bookAppointment` from the merged booking.
pub fn book_appointment(p: &ExtractedParameters) -> Map<String, Value> {
    body(&BookAppointmentArgs {
        call_id: String::new(),
        service_type: p.service_type.clone().unwrap_or_default(),
        date: p.appointment_date.clone().unwrap_or_default(),
        time: p.appointment_time.clone().unwrap_or_default(),
        customer_name: p.customer_name.clone(),
        phone: p.phone.clone(),
        email: p.email.clone(),
        notes: None,
    })
}

/// `createSupportTicket` from the merged report.
pub fn create_ticket(p: &ExtractedParameters) -> Map<String, Value> {
    body(&CreateTicketArgs {
        call_id: String::new(),
        issue_description: p.issue_description.clone().unwrap_or_default(),
        priority: p.priority.map(|x| x.as_str().to_owned()),
        category: p
            .category
            .and_then(|c| serde_json::to_value(c).ok())
            .and_then(|v| v.as_str().map(str::to_owned)),
        customer_name: p.customer_name.clone(),
        phone: p.phone.clone(),
        email: p.email.clone(),
    })
}

/// `checkAvailability` for the service and date said.
pub fn check_availability(p: &ExtractedParameters) -> Map<String, Value> {
    body(&CheckAvailabilityArgs {
        call_id: String::new(),
        service_type: p.service_type.clone().unwrap_or_default(),
        date: p.appointment_date.clone().unwrap_or_default(),
    })
}

/// `getOrderStatus` by reference or by phone.
pub fn order_status(order_id: Option<String>, phone: Option<String>) -> Map<String, Value> {
    body(&GetOrderStatusArgs {
        call_id: String::new(),
        order_id,
        phone,
    })
}

/// `requestHandoff` with what the caller said.
pub fn handoff(reason: &str) -> Map<String, Value> {
    body(&HandoffArgs {
        call_id: String::new(),
        reason: Some(reason.trim().to_owned()).filter(|r| !r.is_empty()),
    })
}

/// `getMenu`, optionally for one category.
pub fn get_menu(category: Option<String>) -> Map<String, Value> {
    body(&GetMenuArgs {
        call_id: String::new(),
        category,
    })
}

/// Keeps only the arguments the tool declares.
pub fn only_declared(mut args: Map<String, Value>, declared: &[String]) -> Map<String, Value> {
    args.retain(|k, _| declared.iter().any(|d| d == k));
    args
}

/// The wire word for an order type, as `PlaceOrderArgs` documents it.
pub fn order_type(t: OrderType) -> &'static str {
    match t {
        OrderType::Takeaway => "takeaway",
        OrderType::Delivery => "delivery",
        OrderType::DineIn => "dine-in",
    }
}

fn body<T: Serialize>(args: &T) -> Map<String, Value> {
    let Ok(Value::Object(mut map)) = serde_json::to_value(args) else {
        return Map::new();
    };
    map.remove(voice_types::voice::CALL_ID_PARAM);
    strip_nulls(&mut map);
    map
}

fn strip_nulls(map: &mut Map<String, Value>) {
    map.retain(|_, v| !v.is_null());
    for v in map.values_mut() {
        match v {
            Value::Object(inner) => strip_nulls(inner),
            Value::Array(list) => {
                for x in list.iter_mut() {
                    if let Value::Object(inner) = x {
                        strip_nulls(inner);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;
    use voice_types::extraction::ExtractedItem;

    use super::*;

    #[test]
    fn an_order_is_a_flat_camel_case_body_without_call_id_or_nulls() {
        let p = ExtractedParameters {
            items: Some(vec![ExtractedItem {
                item_name: "Pepperoni Pizza".into(),
                quantity: 2,
                special_instructions: None,
            }]),
            order_type: Some(OrderType::Takeaway),
            customer_name: Some("Kevin".into()),
            phone: Some("+447700900123".into()),
            ..Default::default()
        };
        assert_eq!(
            Value::Object(place_order(&p)),
            json!({
                "items": [{"itemName": "Pepperoni Pizza", "quantity": 2}],
                "orderType": "takeaway",
                "customerName": "Kevin",
                "phone": "+447700900123"
            })
        );
        let declared = vec!["items".to_owned(), "orderType".to_owned()];
        assert_eq!(only_declared(place_order(&p), &declared).len(), 2);
    }
}
