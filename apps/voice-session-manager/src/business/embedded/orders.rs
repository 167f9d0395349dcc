//! Orders in the embedded store: place (priced by the domain rules), read,
//! move along the kitchen's status flow, list for the board.

use rusqlite::{Connection, OptionalExtension, Transaction};
use voice_domain::business::{
    OrderRefusal, check_order_transition, order_status_view, price_order,
};
use voice_types::business::{
    GetOrderStatusRequest, OrderStatus, OrderStatusResult, OrderView, PlaceOrderRequest,
    PlaceOrderResult, UpdateOrderStatusRequest,
};

use crate::{
    business::{
        BackendError, Effect, OrderFilter, Rules,
        embedded::{log_tool, outbox, remember, replay, upsert_customer},
    },
    clock::now_ms,
};

const METHOD: &str = "place_order";
pub const PLACE_ORDER: &str = "business_workflows.api.restaurant.place_order";
pub const UPDATE_ORDER_STATUS: &str = "business_workflows.api.restaurant.update_order_status";

pub fn place(
    tx: &Transaction<'_>,
    rules: &Rules,
    req: &PlaceOrderRequest,
    forward: bool,
) -> Result<Effect<PlaceOrderResult, OrderView>, BackendError> {
    let key = req.idempotency_key.as_deref();
    if let Some(result) = replay(tx, key, METHOD)? {
        return Ok(Effect {
            result,
            created: None,
        });
    }
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM orders")?
        .query_row([], |r| r.get(0))?;
    let order_id = format!("ORD-{seq:05}");
    let now = rules.now_local();
    let (result, created) = match price_order(&rules.menu, req, now) {
        Err(refusal) => (refusal_for(refusal)?, None),
        Ok(priced) => {
            let result = priced.to_wire(&order_id);
            let PlaceOrderResult::Success {
                items,
                total_amount,
                currency,
                estimated_ready_at,
                ..
            } = &result
            else {
                return Err(BackendError::Conflict("pricing produced no order".into()));
            };
            let view = OrderView {
                order_id: order_id.clone(),
                status: OrderStatus::Pending,
                session_id: req.session_id.clone(),
                customer_name: priced.customer_name.clone(),
                phone: priced.phone.as_ref().map(|p| p.as_str().to_owned()),
                order_type: priced.order_type,
                delivery_address: priced.delivery_address.clone(),
                special_instructions: priced.special_instructions.clone(),
                items: items.clone(),
                total_amount: total_amount.clone(),
                currency: currency.clone(),
                estimated_ready_at: estimated_ready_at.clone(),
                created_at_ms: now_ms(),
            };
            tx.prepare_cached("INSERT INTO orders (seq, order_id, status, session_id, phone, view, total_pence, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?.execute(
                rusqlite::params![
                    seq,
                    order_id,
                    OrderStatus::Pending.as_str(),
                    view.session_id,
                    view.phone,
                    serde_json::to_string(&view)?,
                    priced.total.pence,
                    view.created_at_ms as i64
                ],
            )?;
            upsert_customer(
                tx,
                view.phone.as_deref(),
                view.customer_name.as_deref(),
                None,
            )?;
            if forward {
                let key = format!("vsm:{order_id}:placed");
                let payload = serde_json::json!({
                    "idempotency_key": key, "session_id": view.session_id,
                    "customer_name": view.customer_name, "phone": view.phone,
                    "order_type": view.order_type, "delivery_address": view.delivery_address,
                    "special_instructions": view.special_instructions,
                    "items": view.items.iter().map(|l| serde_json::json!({
                        "item_name": l.item_name, "quantity": l.quantity,
                        "special_instructions": l.special_instructions})).collect::<Vec<_>>(),
                    "local_id": order_id,
                });
                outbox::enqueue(tx, &key, PLACE_ORDER, &payload)?;
            }
            (result, Some(view))
        }
    };
    log_tool(
        tx,
        req.session_id.as_deref(),
        "placeOrder",
        created.is_some(),
    )?;
    remember(tx, key, METHOD, &result)?;
    Ok(Effect { result, created })
}

/// A bad phone number is the caller's data, not a refusal to read aloud.
fn refusal_for(refusal: OrderRefusal) -> Result<PlaceOrderResult, BackendError> {
    match refusal {
        OrderRefusal::BadPhone(err) => Err(BackendError::invalid("phone", format!("phone: {err}"))),
        other => Ok(other.to_wire()),
    }
}

pub fn status(
    conn: &Connection,
    rules: &Rules,
    req: &GetOrderStatusRequest,
) -> Result<OrderStatusResult, BackendError> {
    let view = match (&req.order_id, &req.phone) {
        (Some(id), _) => load(conn, id)?,
        (None, Some(phone)) => {
            let phone = voice_domain::business::PhoneE164::parse(phone)
                .map_err(|e| BackendError::invalid("phone", format!("phone: {e}")))?;
            let json: Option<String> = conn
                .query_row(
                    "SELECT view FROM orders WHERE phone = ?1 ORDER BY seq DESC LIMIT 1",
                    [phone.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            let json = json.ok_or_else(|| {
                BackendError::NotFound(format!("an order for {}", phone.as_str()))
            })?;
            serde_json::from_str(&json)?
        }
        (None, None) => {
            return Err(BackendError::invalid(
                "order_id",
                "order_id or phone is required",
            ));
        }
    };
    let ready_at = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", &view.estimated_ready_at)
        .unwrap_or_else(|_| rules.now_local());
    Ok(order_status_view(&view.order_id, view.status, ready_at))
}

pub fn update_status(
    tx: &Transaction<'_>,
    req: &UpdateOrderStatusRequest,
    forward: bool,
) -> Result<OrderView, BackendError> {
    let mut view = load(tx, &req.order_id)?;
    if view.status == req.status {
        // Repeating the same move (a retried click) changes nothing.
        return Ok(view);
    }
    check_order_transition(view.status, req.status)
        .map_err(|e| BackendError::Conflict(e.to_string()))?;
    view.status = req.status;
    tx.prepare_cached("UPDATE orders SET status = ?1, view = ?2 WHERE order_id = ?3")?
        .execute(rusqlite::params![
            req.status.as_str(),
            serde_json::to_string(&view)?,
            view.order_id
        ])?;
    if forward {
        let key = format!("vsm:{}:{}", view.order_id, req.status.as_str());
        let payload = serde_json::json!({"idempotency_key": key, "local_id": view.order_id, "status": req.status});
        outbox::enqueue(tx, &key, UPDATE_ORDER_STATUS, &payload)?;
    }
    Ok(view)
}

pub fn list(conn: &Connection, filter: &OrderFilter) -> Result<Vec<OrderView>, BackendError> {
    let limit = if filter.limit == 0 { 200 } else { filter.limit };
    let mut stmt = conn.prepare(
        "SELECT view FROM orders WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR session_id = ?2)
         ORDER BY seq DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![
            filter.status.map(OrderStatus::as_str),
            filter.session_id,
            limit
        ],
        |r| r.get::<_, String>(0),
    )?;
    let mut out = Vec::new();
    for json in rows {
        out.push(serde_json::from_str(&json?)?);
    }
    Ok(out)
}

fn load(conn: &Connection, order_id: &str) -> Result<OrderView, BackendError> {
    let json: Option<String> = conn
        .query_row(
            "SELECT view FROM orders WHERE order_id = ?1",
            [order_id],
            |r| r.get(0),
        )
        .optional()?;
    let json = json.ok_or_else(|| BackendError::NotFound(format!("order {order_id}")))?;
    Ok(serde_json::from_str(&json)?)
}
