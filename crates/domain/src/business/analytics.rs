//! One day's figures for the dashboard: calls, orders, revenue, bookings and
//! tickets, plus calls per hour for the chart.
//!
//! Pure aggregation over records the caller has loaded. A record belongs to
//! the day when its instant, seen in the business's time zone, falls on that
//! local date. Rules:
//! - calls are counted by start; `active_calls` are those still running,
//!   `completed_calls` and `failed_calls` those that ended so;
//! - the average duration is over ended calls that have a duration, rounded
//!   to the nearest second (halves up), 0 when there are none;
//! - `by_type` always lists `Restaurant`, `Appointment`, `Support` and
//!   `General` (a call without a business type is `General`);
//! - cancelled orders count neither as orders nor as revenue; revenue is summed
//!   in pence and sent as a decimal string;
//! - bookings are counted by when they were made, not when they take place;
//! - `tickets_by_priority` always lists all four priorities.
//!
//! Hours are local wall-clock hours. On the spring-forward day hour 1 stays
//! empty; on the autumn day hour 1 holds both the BST and the GMT 01:00-01:59.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use voice_types::BusinessType;
use voice_types::business::{DashboardData, HourlyCalls, OrderStatus, TicketPriority};

use crate::business::clock::local_datetime;
use crate::catalog::format_pence;

/// Where a call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallState {
    Active,
    Completed,
    Failed,
}

/// One call, as the dashboard needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub business_type: Option<BusinessType>,
    pub started_at: Timestamp,
    pub state: CallState,
    pub duration_seconds: Option<u32>,
}

/// One order, as the dashboard needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRecord {
    pub placed_at: Timestamp,
    pub total_pence: i64,
    pub status: OrderStatus,
}

/// One appointment booking, by when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRecord {
    pub booked_at: Timestamp,
}

/// One support ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    pub created_at: Timestamp,
    pub priority: TicketPriority,
}

/// Everything loaded for the dashboard; records of other days are ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct DayActivity<'a> {
    pub calls: &'a [CallRecord],
    pub orders: &'a [OrderRecord],
    pub bookings: &'a [BookingRecord],
    pub tickets: &'a [TicketRecord],
}

/// The instants local `date` spans in `tz`: from its first moment to the
/// next day's first moment (23 or 25 hours on the days the clocks change).
/// A store can select a day's records with it before [`day_dashboard`]
/// filters them by their local date. Dates at the end of time's range give
/// everything from the day's start on.
pub fn day_bounds(date: Date, tz: &TimeZone) -> (Timestamp, Timestamp) {
    let start_of = |d: Date| {
        d.to_zoned(tz.clone())
            .and_then(|z| z.start_of_day())
            .map(|z| z.timestamp())
    };
    let start = start_of(date).unwrap_or(Timestamp::MIN);
    let end = date.tomorrow().and_then(start_of).unwrap_or(Timestamp::MAX);
    (start, end)
}

/// The `get_dashboard_data` answer for local `date`.
pub fn day_dashboard(date: Date, tz: &TimeZone, activity: &DayActivity<'_>) -> DashboardData {
    let on_day = |at: Timestamp| local_datetime(tz, at).date() == date;
    let calls: Vec<&CallRecord> = activity
        .calls
        .iter()
        .filter(|c| on_day(c.started_at))
        .collect();
    let count_state = |state| count(calls.iter().filter(|c| c.state == state));
    let orders: Vec<&OrderRecord> = activity
        .orders
        .iter()
        .filter(|o| on_day(o.placed_at) && o.status != OrderStatus::Cancelled)
        .collect();
    let mut by_type: BTreeMap<String, u32> = ["Restaurant", "Appointment", "Support", "General"]
        .into_iter()
        .map(|t| (t.to_owned(), 0))
        .collect();
    for call in &calls {
        *by_type
            .entry(type_name(call.business_type).to_owned())
            .or_default() += 1;
    }
    let mut tickets_by_priority: BTreeMap<String, u32> = TicketPriority::ALL
        .into_iter()
        .map(|p| (p.as_str().to_owned(), 0))
        .collect();
    for ticket in activity.tickets.iter().filter(|t| on_day(t.created_at)) {
        *tickets_by_priority
            .entry(ticket.priority.as_str().to_owned())
            .or_default() += 1;
    }
    DashboardData {
        date: date.to_string(),
        total_calls: count(calls.iter()),
        active_calls: count_state(CallState::Active),
        completed_calls: count_state(CallState::Completed),
        failed_calls: count_state(CallState::Failed),
        avg_duration_seconds: average_duration(&calls),
        by_type,
        orders: count(orders.iter()),
        revenue: format_pence(orders.iter().map(|o| o.total_pence).sum()),
        bookings: count(activity.bookings.iter().filter(|b| on_day(b.booked_at))),
        tickets_by_priority,
    }
}

/// Calls started in each local hour of `date`: always 24 buckets, hour 0 first.
pub fn hourly_calls(date: Date, tz: &TimeZone, calls: &[CallRecord]) -> Vec<HourlyCalls> {
    let mut buckets = [0u32; 24];
    for call in calls {
        let local = local_datetime(tz, call.started_at);
        if local.date() == date {
            let hour = usize::from(local.hour().unsigned_abs());
            if let Some(bucket) = buckets.get_mut(hour) {
                *bucket += 1;
            }
        }
    }
    (0u8..24)
        .zip(buckets)
        .map(|(hour, calls)| HourlyCalls { hour, calls })
        .collect()
}

/// The contract's session type name.
fn type_name(business_type: Option<BusinessType>) -> &'static str {
    match business_type {
        Some(BusinessType::Restaurant) => "Restaurant",
        Some(BusinessType::Appointment) => "Appointment",
        Some(BusinessType::Support) => "Support",
        None => "General",
    }
}

fn average_duration(calls: &[&CallRecord]) -> u32 {
    let durations: Vec<u64> = calls
        .iter()
        .filter(|c| c.state != CallState::Active)
        .filter_map(|c| c.duration_seconds.map(u64::from))
        .collect();
    let n = durations.len() as u64;
    if n == 0 {
        return 0;
    }
    let total: u64 = durations.iter().sum();
    u32::try_from((total + n / 2) / n).unwrap_or(u32::MAX)
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}
