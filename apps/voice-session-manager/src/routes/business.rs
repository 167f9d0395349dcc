//! `/api/business/*`: the business tools (menu, orders, availability,
//! bookings, tickets) for trusted services, and the staff boards.
//!
//! Bodies use the contract's snake_case names (`shared/ref/erpnext-api.md`).
//! A refusal the caller should hear ("not on the menu", "that slot is
//! taken") is a `200` with `status: error|partial` and a message; only
//! malformed requests are 4xx. Every effect publishes its events: the
//! session's `tool_executed`, and `order_updated` / `appointment_updated` /
//! `ticket_updated` for the staff boards.

use axum::{
    Json,
    extract::{Path, Query, State},
};
use serde::Deserialize;
use serde_json::Value;
use voice_types::{
    ErrorBody, LiveEvent, SessionId,
    business::{
        AppointmentView, AvailabilityResult, BookAppointmentRequest, BookAppointmentResult,
        CheckAvailabilityRequest, CreateTicketRequest, CreateTicketResult, DashboardData,
        GetOrderStatusRequest, HourlyCalls, MenuResult, OrderStatus, OrderStatusResult, OrderView,
        PlaceOrderRequest, PlaceOrderResult, TicketView, UpdateOrderStatusRequest,
    },
};

use crate::{
    auth::{Service, Staff},
    business::OrderFilter,
    error::ApiError,
    events::{STAFF_STREAM, session_stream},
    json::ApiJson,
    state::AppState,
};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MenuQuery {
    /// Only this category (Pizzas, Mains, Sides, Desserts, Drinks).
    pub category: Option<String>,
}

/// The menu with prices (public).
#[utoipa::path(get, path = "/api/business/menu", tag = "business", params(MenuQuery),
    responses((status = 200, body = MenuResult)))]
pub async fn menu(
    State(state): State<AppState>,
    Query(q): Query<MenuQuery>,
) -> Result<Json<MenuResult>, ApiError> {
    Ok(Json(state.business.menu(q.category).await?))
}

/// Place an order (priced from the menu; refusals are answers, not errors).
#[utoipa::path(post, path = "/api/business/orders", tag = "business", request_body = PlaceOrderRequest,
    security(("service_token" = []), ("staff_token" = [])),
    responses((status = 200, body = PlaceOrderResult), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, description = "idempotency_key reused for another tool", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn place_order(
    State(state): State<AppState>,
    _: Service,
    ApiJson(req): ApiJson<PlaceOrderRequest>,
) -> Result<Json<PlaceOrderResult>, ApiError> {
    Ok(Json(run_place_order(&state, req).await?))
}

/// Validates, places and publishes an order (the HTTP route and the voice tool).
pub(crate) async fn run_place_order(
    state: &AppState,
    req: PlaceOrderRequest,
) -> Result<PlaceOrderResult, ApiError> {
    check_text("customer_name", req.customer_name.as_deref(), 200)?;
    check_text("delivery_address", req.delivery_address.as_deref(), 500)?;
    check_text(
        "special_instructions",
        req.special_instructions.as_deref(),
        1000,
    )?;
    if req.items.len() > 50 {
        return Err(ApiError::invalid(
            "items",
            "items: at most 50 lines in one order",
        ));
    }
    let session_id = req.session_id.clone();
    let effect = state.business.place_order(req).await?;
    let (success, message) = match &effect.result {
        PlaceOrderResult::Success { message, .. } => (true, message.clone()),
        PlaceOrderResult::Error { message, .. } => (false, message.clone()),
    };
    if let Some(order) = &effect.created {
        publish_order(state, order).await?;
    }
    if effect.created.is_some() || !success {
        tool_executed(
            state,
            session_id.as_deref(),
            "placeOrder",
            success,
            message,
            &effect.result,
        )
        .await?;
    }
    Ok(effect.result)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderStatusQuery {
    /// The order id (`ORD-00001`), or
    pub order_id: Option<String>,
    /// the caller's phone for their latest order.
    pub phone: Option<String>,
}

/// Where an order stands (by id, or the caller's latest by phone).
#[utoipa::path(get, path = "/api/business/order-status", tag = "business", params(OrderStatusQuery),
    security(("service_token" = []), ("staff_token" = [])),
    responses((status = 200, body = OrderStatusResult), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn order_status(
    State(state): State<AppState>,
    _: Service,
    Query(q): Query<OrderStatusQuery>,
) -> Result<Json<OrderStatusResult>, ApiError> {
    let req = GetOrderStatusRequest {
        order_id: q.order_id,
        phone: q.phone,
    };
    Ok(Json(state.business.order_status(req).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderStatusChange {
    pub status: OrderStatus,
}

/// Move an order on (staff): Pending → Preparing → Ready → Completed, or Cancelled.
#[utoipa::path(post, path = "/api/business/orders/{id}/status", tag = "staff",
    params(("id" = String, Path, description = "Order id")), request_body = OrderStatusChange,
    security(("staff_token" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody),
        (status = 409, description = "Not a move of the status flow", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_order_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    _: Staff,
    ApiJson(change): ApiJson<OrderStatusChange>,
) -> Result<Json<OrderView>, ApiError> {
    let req = UpdateOrderStatusRequest {
        idempotency_key: None,
        order_id: id,
        status: change.status,
    };
    let order = state.business.update_order_status(req).await?;
    publish_order(&state, &order).await?;
    Ok(Json(order))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListOrdersQuery {
    pub status: Option<OrderStatus>,
    pub session_id: Option<String>,
    /// 1..=500, default 200.
    pub limit: Option<u32>,
}

/// Orders for the kitchen board, newest first (staff).
#[utoipa::path(get, path = "/api/business/orders", tag = "staff", params(ListOrdersQuery),
    security(("staff_token" = [])), responses((status = 200, body = Vec<OrderView>)))]
pub async fn list_orders(
    State(state): State<AppState>,
    _: Staff,
    Query(q): Query<ListOrdersQuery>,
) -> Result<Json<Vec<OrderView>>, ApiError> {
    let limit = q.limit.unwrap_or(200);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "limit: from 1 to 500"));
    }
    let filter = OrderFilter {
        status: q.status,
        session_id: q.session_id,
        limit,
    };
    Ok(Json(state.business.list_orders(filter).await?))
}

/// Free start times for a service on a date.
#[utoipa::path(get, path = "/api/business/availability", tag = "business", params(CheckAvailabilityQuery),
    responses((status = 200, body = AvailabilityResult), (status = 422, body = ErrorBody)))]
pub async fn availability(
    State(state): State<AppState>,
    Query(q): Query<CheckAvailabilityQuery>,
) -> Result<Json<AvailabilityResult>, ApiError> {
    let req = CheckAvailabilityRequest {
        service_type: q.service_type,
        date: q.date,
    };
    Ok(Json(state.business.check_availability(req).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckAvailabilityQuery {
    /// Consultation, Repair, Maintenance or Installation (or an alias).
    pub service_type: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// Book an appointment; a taken slot answers `partial` with the nearest alternatives.
#[utoipa::path(post, path = "/api/business/appointments", tag = "business", request_body = BookAppointmentRequest,
    security(("service_token" = []), ("staff_token" = [])),
    responses((status = 200, body = BookAppointmentResult), (status = 422, body = ErrorBody)))]
pub async fn book_appointment(
    State(state): State<AppState>,
    _: Service,
    ApiJson(req): ApiJson<BookAppointmentRequest>,
) -> Result<Json<BookAppointmentResult>, ApiError> {
    Ok(Json(run_book_appointment(&state, req).await?))
}

/// Validates, books and publishes an appointment (the HTTP route and the voice tool).
pub(crate) async fn run_book_appointment(
    state: &AppState,
    req: BookAppointmentRequest,
) -> Result<BookAppointmentResult, ApiError> {
    check_text("customer_name", req.customer_name.as_deref(), 200)?;
    check_text("notes", req.notes.as_deref(), 2000)?;
    check_text("email", req.email.as_deref(), 254)?;
    let session_id = req.session_id.clone();
    let effect = state.business.book_appointment(req).await?;
    let (success, message) = match &effect.result {
        BookAppointmentResult::Success { message, .. } => (true, message.clone()),
        BookAppointmentResult::Partial { message, .. }
        | BookAppointmentResult::Error { message } => (false, message.clone()),
    };
    if let Some(view) = &effect.created {
        let event = LiveEvent::AppointmentUpdated {
            session_id: view.session_id.clone().map(SessionId),
            appointment_id: view.appointment_id.clone(),
            status: view.status.clone(),
            appointment: serde_json::to_value(view).unwrap_or(Value::Null),
        };
        publish(state, view.session_id.as_deref(), &event).await?;
    }
    if effect.created.is_some() || !success {
        tool_executed(
            state,
            session_id.as_deref(),
            "bookAppointment",
            success,
            message,
            &effect.result,
        )
        .await?;
    }
    Ok(effect.result)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListAppointmentsQuery {
    /// First day, `YYYY-MM-DD` (default today).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default a week after `from`).
    pub to: Option<String>,
}

/// Appointments between two days (staff).
#[utoipa::path(get, path = "/api/business/appointments", tag = "staff", params(ListAppointmentsQuery),
    security(("staff_token" = [])), responses((status = 200, body = Vec<AppointmentView>), (status = 422, body = ErrorBody)))]
pub async fn list_appointments(
    State(state): State<AppState>,
    _: Staff,
    Query(q): Query<ListAppointmentsQuery>,
) -> Result<Json<Vec<AppointmentView>>, ApiError> {
    let parse = |field: &str, v: &str| {
        jiff::civil::Date::strptime("%Y-%m-%d", v)
            .map_err(|_| ApiError::invalid(field, format!("{field}: use YYYY-MM-DD, got `{v}`")))
    };
    let from = match &q.from {
        Some(v) => parse("from", v)?,
        None => state.rules.now_local().date(),
    };
    let to = match &q.to {
        Some(v) => parse("to", v)?,
        None => from.checked_add(jiff::Span::new().days(7)).unwrap_or(from),
    };
    Ok(Json(
        state
            .business
            .list_appointments(from.to_string(), to.to_string())
            .await?,
    ))
}

/// Open a support ticket (priority sets the promised response time).
#[utoipa::path(post, path = "/api/business/tickets", tag = "business", request_body = CreateTicketRequest,
    security(("service_token" = []), ("staff_token" = [])),
    responses((status = 200, body = CreateTicketResult), (status = 422, body = ErrorBody)))]
pub async fn create_ticket(
    State(state): State<AppState>,
    _: Service,
    ApiJson(req): ApiJson<CreateTicketRequest>,
) -> Result<Json<CreateTicketResult>, ApiError> {
    Ok(Json(run_create_ticket(&state, req).await?))
}

/// Validates, opens and publishes a ticket (the HTTP route and the voice tool).
pub(crate) async fn run_create_ticket(
    state: &AppState,
    req: CreateTicketRequest,
) -> Result<CreateTicketResult, ApiError> {
    check_text("customer_name", req.customer_name.as_deref(), 200)?;
    let session_id = req.session_id.clone();
    let effect = state.business.create_ticket(req).await?;
    let CreateTicketResult::Success { message, .. } = &effect.result;
    let message = message.clone();
    if let Some(view) = &effect.created {
        let event = LiveEvent::TicketUpdated {
            session_id: view.session_id.clone().map(SessionId),
            ticket_id: view.ticket_id.clone(),
            status: view.status.clone(),
            ticket: serde_json::to_value(view).unwrap_or(Value::Null),
        };
        publish(state, view.session_id.as_deref(), &event).await?;
        tool_executed(
            state,
            session_id.as_deref(),
            "createSupportTicket",
            true,
            message,
            &effect.result,
        )
        .await?;
    }
    Ok(effect.result)
}

/// Open tickets, most urgent first (staff).
#[utoipa::path(get, path = "/api/business/tickets", tag = "staff", security(("staff_token" = [])),
    responses((status = 200, body = Vec<TicketView>)))]
pub async fn list_tickets(
    State(state): State<AppState>,
    _: Staff,
) -> Result<Json<Vec<TicketView>>, ApiError> {
    Ok(Json(state.business.list_tickets().await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsQuery {
    /// `YYYY-MM-DD`, default today.
    pub date: Option<String>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Analytics {
    pub dashboard: DashboardData,
    /// 24 entries, one per local hour.
    pub hourly: Vec<HourlyCalls>,
}

/// Analytics for a day (staff).
#[utoipa::path(get, path = "/api/business/analytics", tag = "staff", params(AnalyticsQuery),
    security(("staff_token" = [])), responses((status = 200, body = Analytics), (status = 422, body = ErrorBody)))]
pub async fn analytics(
    State(state): State<AppState>,
    _: Staff,
    Query(q): Query<AnalyticsQuery>,
) -> Result<Json<Analytics>, ApiError> {
    let date = q
        .date
        .unwrap_or_else(|| state.rules.now_local().date().to_string());
    let (dashboard, hourly) = state.business.analytics(date).await?;
    Ok(Json(Analytics { dashboard, hourly }))
}

fn check_text(field: &str, value: Option<&str>, max: usize) -> Result<(), ApiError> {
    match value {
        Some(v) if v.chars().count() > max => Err(ApiError::invalid(
            field,
            format!("{field}: at most {max} characters"),
        )),
        _ => Ok(()),
    }
}

pub(crate) async fn publish_order(state: &AppState, order: &OrderView) -> Result<(), ApiError> {
    let event = LiveEvent::OrderUpdated {
        session_id: order.session_id.clone().map(SessionId),
        order_id: order.order_id.clone(),
        status: order.status.as_str().to_owned(),
        order: serde_json::to_value(order).unwrap_or(Value::Null),
    };
    publish(state, order.session_id.as_deref(), &event).await
}

/// To the staff stream, and to the session's stream when there is one.
pub(crate) async fn publish(
    state: &AppState,
    session_id: Option<&str>,
    event: &LiveEvent,
) -> Result<(), ApiError> {
    let stream = session_id.map(|id| session_stream(&SessionId(id.to_owned())));
    let streams: &[&str] = match &stream {
        Some(stream) => &[STAFF_STREAM, stream],
        None => &[STAFF_STREAM],
    };
    state.bus.publish_all(&state.hub, streams, event).await?;
    Ok(())
}

pub(crate) async fn tool_executed<T: serde::Serialize>(
    state: &AppState,
    session_id: Option<&str>,
    tool: &str,
    success: bool,
    message: String,
    result: &T,
) -> Result<(), ApiError> {
    let Some(id) = session_id else { return Ok(()) };
    let event = LiveEvent::ToolExecuted {
        session_id: SessionId(id.to_owned()),
        tool: tool.to_owned(),
        success,
        message,
        result: serde_json::to_value(result).unwrap_or(Value::Null),
    };
    publish(state, Some(id), &event).await
}
