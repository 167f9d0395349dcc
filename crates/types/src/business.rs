//! Business wire types: the parameters and results of the business tools, in
//! the snake_case shapes of the ERPNext contract (`shared/ref/erpnext-api.md`).
//!
//! Plain data only: money travels as decimal strings (`"22.00"`), dates as
//! `YYYY-MM-DD`, times as `HH:MM`, local date-times as ISO-8601 without offset.
//! The rules (pricing, availability, triage) live in `voice-domain`, which
//! parses these shapes at the edge. No IO here: this crate builds for wasm32.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// `get_menu` arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GetMenuRequest {
    #[serde(default)]
    pub category: Option<String>,
}

/// One dish or drink as the menu lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuItemView {
    pub item_name: String,
    pub category: String,
    /// Decimal string, e.g. `"9.50"`.
    pub price: String,
    pub preparation_minutes: u32,
    pub available: bool,
    pub aliases: Vec<String>,
}

/// `get_menu` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuResult {
    pub currency: String,
    pub items: Vec<MenuItemView>,
}

/// How the food reaches the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OrderType {
    #[serde(alias = "takeaway", alias = "collection", alias = "pickup")]
    Takeaway,
    #[serde(alias = "delivery")]
    Delivery,
    #[serde(
        rename = "Dine-in",
        alias = "dine-in",
        alias = "Dine In",
        alias = "dine in"
    )]
    DineIn,
}

impl OrderType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Takeaway => "Takeaway",
            Self::Delivery => "Delivery",
            Self::DineIn => "Dine-in",
        }
    }
}

/// One requested line of `place_order`, as the caller said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderItemRequest {
    pub item_name: String,
    /// 1 when not given.
    #[serde(default = "one")]
    pub quantity: u32,
    #[serde(default)]
    pub special_instructions: Option<String>,
}

fn one() -> u32 {
    1
}

/// `place_order` arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceOrderRequest {
    #[serde(default)]
    pub idempotency_key: Option<String>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub order_type: OrderType,
    #[serde(default)]
    pub delivery_address: Option<String>,
    #[serde(default)]
    pub special_instructions: Option<String>,
    pub items: Vec<OrderItemRequest>,
}

/// One priced line of an accepted order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricedOrderLine {
    pub item_name: String,
    pub quantity: u32,
    pub unit_price: String,
    pub line_total: String,
    #[serde(default)]
    pub special_instructions: Option<String>,
}

/// `place_order` result: `{"status": "success", ...}` or `{"status": "error", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlaceOrderResult {
    Success {
        order_id: String,
        total_amount: String,
        currency: String,
        estimated_minutes: u32,
        /// Local time, `2026-11-20T15:00:00`.
        estimated_ready_at: String,
        items: Vec<PricedOrderLine>,
        message: String,
    },
    Error {
        /// A sentence the voice agent can read aloud.
        message: String,
        /// What the caller asked for that is not on the menu.
        unavailable_items: Vec<String>,
    },
}

/// Where an order stands in the kitchen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OrderStatus {
    Pending,
    Preparing,
    Ready,
    Completed,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        Self::Pending,
        Self::Preparing,
        Self::Ready,
        Self::Completed,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Preparing => "Preparing",
            Self::Ready => "Ready",
            Self::Completed => "Completed",
            Self::Cancelled => "Cancelled",
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `get_order_status` arguments: an order id, or the caller's phone for the latest order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GetOrderStatusRequest {
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// `get_order_status` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderStatusResult {
    pub order_id: String,
    pub status: OrderStatus,
    pub estimated_ready_at: String,
    pub message: String,
}

/// `update_order_status` arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateOrderStatusRequest {
    #[serde(default)]
    pub idempotency_key: Option<String>,
    pub order_id: String,
    pub status: OrderStatus,
}

/// `update_order_status` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateOrderStatusResult {
    pub order_id: String,
    pub status: OrderStatus,
}

/// `check_availability` arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckAvailabilityRequest {
    pub service_type: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// `check_availability` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityResult {
    pub service_type: String,
    pub date: String,
    /// Free start times, `HH:MM`, earliest first.
    pub available_slots: Vec<String>,
}

/// `book_appointment` arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookAppointmentRequest {
    #[serde(default)]
    pub idempotency_key: Option<String>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub service_type: String,
    /// `YYYY-MM-DD`.
    pub appointment_date: String,
    /// `HH:MM`.
    pub appointment_time: String,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A free slot offered instead of the one asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlternativeSlot {
    pub date: String,
    pub time: String,
}

/// `book_appointment` result: `success`, `partial` (alternatives) or `error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BookAppointmentResult {
    Success {
        appointment_id: String,
        service_type: String,
        appointment_date: String,
        appointment_time: String,
        duration_minutes: u32,
        estimated_cost: String,
        message: String,
    },
    Partial {
        message: String,
        alternative_slots: Vec<AlternativeSlot>,
    },
    Error {
        message: String,
    },
}

/// How urgent a support ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TicketPriority {
    #[serde(alias = "low")]
    Low,
    #[serde(alias = "medium")]
    Medium,
    #[serde(alias = "high")]
    High,
    #[serde(alias = "critical", alias = "urgent")]
    Critical,
}

impl TicketPriority {
    pub const ALL: [TicketPriority; 4] = [Self::Low, Self::Medium, Self::High, Self::Critical];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::Critical => "Critical",
        }
    }
}

impl fmt::Display for TicketPriority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `create_ticket` arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTicketRequest {
    #[serde(default)]
    pub idempotency_key: Option<String>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub issue_description: String,
    /// `Medium` when not given.
    #[serde(default = "medium")]
    pub priority: TicketPriority,
    #[serde(default)]
    pub category: Option<String>,
}

fn medium() -> TicketPriority {
    TicketPriority::Medium
}

/// `create_ticket` result (the contract has only a success shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CreateTicketResult {
    Success {
        ticket_id: String,
        /// Short code to read aloud, e.g. `TKT-7HK3M`.
        ticket_reference: String,
        priority: TicketPriority,
        category: String,
        /// e.g. `"1-2 hours"`.
        response_time: String,
        assigned_to: Option<String>,
        message: String,
    },
}

/// `get_dashboard_data` result: one day's activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardData {
    /// `YYYY-MM-DD`, local to the business.
    pub date: String,
    pub total_calls: u32,
    pub active_calls: u32,
    pub completed_calls: u32,
    pub failed_calls: u32,
    pub avg_duration_seconds: u32,
    /// Calls per session type (`Restaurant`, `Appointment`, `Support`, `General`).
    pub by_type: BTreeMap<String, u32>,
    pub orders: u32,
    /// Decimal string, e.g. `"124.50"`.
    pub revenue: String,
    pub bookings: u32,
    /// Tickets per priority (`Low` .. `Critical`), every priority present.
    pub tickets_by_priority: BTreeMap<String, u32>,
}

/// Calls started in one local hour of the day, for the dashboard chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HourlyCalls {
    /// 0..=23, local wall-clock hour.
    pub hour: u8,
    pub calls: u32,
}

/// An order as the staff boards and the customer's page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    pub order_id: String,
    pub status: OrderStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub order_type: OrderType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_instructions: Option<String>,
    pub items: Vec<PricedOrderLine>,
    pub total_amount: String,
    pub currency: String,
    /// Local time, `2026-11-20T15:00:00`.
    pub estimated_ready_at: String,
    pub created_at_ms: u64,
}

/// A booked appointment as the staff board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentView {
    pub appointment_id: String,
    pub service_type: String,
    pub appointment_date: String,
    pub appointment_time: String,
    pub duration_minutes: u32,
    pub estimated_cost: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub created_at_ms: u64,
}

/// A support ticket as the staff board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketView {
    pub ticket_id: String,
    pub ticket_reference: String,
    pub priority: TicketPriority,
    pub category: String,
    pub response_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    pub issue_description: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub created_at_ms: u64,
}
