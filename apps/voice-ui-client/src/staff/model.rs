//! The staff dashboard as plain data: sessions, the kitchen's orders,
//! appointments, tickets and today's analytics, kept current by the staff
//! event stream.
//!
//! No signals and no browser here; `apply` returns what must be fetched
//! again, and the page does the fetching.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use voice_types::{
    LiveEvent, QueueInfo, SessionStatus, SessionView,
    business::{AppointmentView, DashboardData, HourlyCalls, OrderStatus, OrderView, TicketView},
};

/// `GET /api/business/analytics`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Analytics {
    pub dashboard: DashboardData,
    pub hourly: Vec<HourlyCalls>,
}

/// Deployment-wide load from `system_load`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Load {
    pub active_calls: u32,
    pub queued: u32,
    pub capacity: u32,
}

/// One session on the live calls board.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub view: SessionView,
    /// Set when the caller asked for a person.
    pub handoff: Option<String>,
}

/// What the page must fetch again after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// An event about a session we never saw: reload the sessions.
    Sessions,
    /// Numbers changed: reload today's analytics (debounced by the page).
    Analytics,
    /// Events were lost (`resync`): reload everything.
    Everything,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaffModel {
    pub sessions: BTreeMap<String, SessionRow>,
    pub orders: Vec<OrderView>,
    pub appointments: Vec<AppointmentView>,
    pub tickets: Vec<TicketView>,
    pub analytics: Option<Analytics>,
    pub load: Option<Load>,
}

impl StaffModel {
    pub fn set_sessions(&mut self, views: Vec<SessionView>) {
        let handoffs: BTreeMap<String, String> = self
            .sessions
            .iter()
            .filter_map(|(id, row)| row.handoff.clone().map(|h| (id.clone(), h)))
            .collect();
        self.sessions = views
            .into_iter()
            .map(|view| {
                let id = view.session_id.0.clone();
                let handoff = handoffs.get(&id).cloned();
                (id, SessionRow { view, handoff })
            })
            .collect();
    }

    pub fn set_orders(&mut self, mut orders: Vec<OrderView>) {
        orders.sort_by_key(|o| std::cmp::Reverse(o.created_at_ms));
        self.orders = orders;
    }

    /// Sessions for the live board: live ones first (handoffs on top), then
    /// the most recent, newest first.
    /// Sessions not yet ended (queued, ready or active): the "Live calls" count.
    pub fn live_calls(&self) -> usize {
        self.sessions
            .values()
            .filter(|r| !r.view.status.is_terminal())
            .count()
    }

    pub fn session_rows(&self) -> Vec<SessionRow> {
        let mut rows: Vec<SessionRow> = self.sessions.values().cloned().collect();
        rows.sort_by_key(|r| {
            (
                r.view.status.is_terminal(),
                r.handoff.is_none(),
                std::cmp::Reverse(r.view.created_at_ms),
            )
        });
        rows
    }

    /// The caller's name for a session, from its session record or from an
    /// order, booking or ticket it made.
    pub fn caller_name(&self, session_id: &str) -> Option<String> {
        let from_session = self
            .sessions
            .get(session_id)
            .and_then(|r| r.view.customer_name.clone());
        let mine = |id: &Option<String>| id.as_deref() == Some(session_id);
        from_session
            .or_else(|| {
                self.orders
                    .iter()
                    .find(|o| mine(&o.session_id))
                    .and_then(|o| o.customer_name.clone())
            })
            .or_else(|| {
                self.appointments
                    .iter()
                    .find(|a| mine(&a.session_id))
                    .and_then(|a| a.customer_name.clone())
            })
            .or_else(|| {
                self.tickets
                    .iter()
                    .find(|t| mine(&t.session_id))
                    .and_then(|t| t.customer_name.clone())
            })
    }

    /// Orders in one kitchen column, newest first.
    pub fn orders_in(&self, status: OrderStatus) -> Vec<OrderView> {
        self.orders
            .iter()
            .filter(|o| o.status == status)
            .cloned()
            .collect()
    }

    /// Tickets, most urgent first, then oldest first.
    pub fn tickets_by_priority(&self) -> Vec<TicketView> {
        let mut tickets = self.tickets.clone();
        tickets.sort_by_key(|t| (std::cmp::Reverse(t.priority), t.created_at_ms));
        tickets
    }

    /// Appointments in date and time order.
    pub fn appointments_in_order(&self) -> Vec<AppointmentView> {
        let mut list = self.appointments.clone();
        list.sort_by(|a, b| {
            (&a.appointment_date, &a.appointment_time)
                .cmp(&(&b.appointment_date, &b.appointment_time))
        });
        list
    }

    /// One event of the staff stream.
    pub fn apply(&mut self, event: &LiveEvent) -> Option<Refresh> {
        match event {
            LiveEvent::SessionCreated { session } => {
                self.sessions.insert(
                    session.session_id.0.clone(),
                    SessionRow {
                        view: session.clone(),
                        handoff: None,
                    },
                );
                Some(Refresh::Analytics)
            }
            LiveEvent::SessionStatus {
                session_id,
                status,
                reason,
                ..
            } => {
                let Some(row) = self.sessions.get_mut(&session_id.0) else {
                    return Some(Refresh::Sessions);
                };
                row.view.status = *status;
                if *status != SessionStatus::Queued {
                    row.view.queue = None;
                }
                if status.is_terminal() {
                    row.view.end_reason = reason.clone();
                }
                None
            }
            LiveEvent::QueuePosition {
                session_id,
                position,
                estimated_wait_seconds,
            } => {
                let row = self.sessions.get_mut(&session_id.0)?;
                row.view.queue = Some(QueueInfo {
                    position: *position,
                    estimated_wait_seconds: *estimated_wait_seconds,
                });
                None
            }
            LiveEvent::HandoffRequested { session_id, reason } => {
                let Some(row) = self.sessions.get_mut(&session_id.0) else {
                    return Some(Refresh::Sessions);
                };
                row.handoff = Some(
                    reason
                        .clone()
                        .unwrap_or_else(|| "the caller asked for a person".to_owned()),
                );
                None
            }
            LiveEvent::SessionEnded {
                session_id,
                status,
                reason,
                ..
            } => {
                if let Some(row) = self.sessions.get_mut(&session_id.0) {
                    row.view.status = *status;
                    row.view.queue = None;
                    row.view.end_reason = reason.clone();
                }
                Some(Refresh::Analytics)
            }
            LiveEvent::OrderUpdated { order, .. } => {
                let view: OrderView = parse(order)?;
                upsert(&mut self.orders, view, |o| &o.order_id);
                self.orders
                    .sort_by_key(|o| std::cmp::Reverse(o.created_at_ms));
                Some(Refresh::Analytics)
            }
            LiveEvent::AppointmentUpdated { appointment, .. } => {
                let view: AppointmentView = parse(appointment)?;
                upsert(&mut self.appointments, view, |a| &a.appointment_id);
                Some(Refresh::Analytics)
            }
            LiveEvent::TicketUpdated { ticket, .. } => {
                let view: TicketView = parse(ticket)?;
                upsert(&mut self.tickets, view, |t| &t.ticket_id);
                Some(Refresh::Analytics)
            }
            LiveEvent::SystemLoad {
                active_calls,
                queued,
                capacity,
            } => {
                self.load = Some(Load {
                    active_calls: *active_calls,
                    queued: *queued,
                    capacity: *capacity,
                });
                None
            }
            LiveEvent::Resync { .. } => Some(Refresh::Everything),
            _ => None,
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(value.clone()).ok()
}

fn upsert<T>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> &String) {
    match list.iter().position(|x| key(x) == key(&item)) {
        Some(i) => list[i] = item,
        None => list.push(item),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use voice_types::SessionId;

    use super::*;

    fn session(id: &str, status: SessionStatus, created: u64) -> SessionView {
        serde_json::from_value(json!({"sessionId": id, "businessType": "restaurant",
            "channel": "web", "status": status, "createdAtMs": created, "updatedAtMs": created}))
        .expect("a session view")
    }

    fn order(id: &str, status: &str, created: u64) -> Value {
        json!({"order_id": id, "status": status, "order_type": "Takeaway", "items": [],
            "total_amount": "9.00", "currency": "GBP",
            "estimated_ready_at": "2026-11-20T15:05:00", "created_at_ms": created})
    }

    #[test]
    fn orders_move_between_columns_newest_first() {
        let mut m = StaffModel::default();
        for (id, created) in [("ORD-1", 1), ("ORD-2", 2)] {
            m.apply(&LiveEvent::OrderUpdated {
                session_id: None,
                order_id: id.into(),
                status: "Pending".into(),
                order: order(id, "Pending", created),
            });
        }
        let pending: Vec<String> = m
            .orders_in(OrderStatus::Pending)
            .into_iter()
            .map(|o| o.order_id)
            .collect();
        assert_eq!(pending, ["ORD-2", "ORD-1"]);
        m.apply(&LiveEvent::OrderUpdated {
            session_id: None,
            order_id: "ORD-1".into(),
            status: "Ready".into(),
            order: order("ORD-1", "Ready", 1),
        });
        assert_eq!(m.orders_in(OrderStatus::Ready).len(), 1);
        assert_eq!(m.orders.len(), 2);
    }

    #[test]
    fn handoffs_and_live_calls_come_first() {
        let mut m = StaffModel::default();
        m.set_sessions(vec![
            session("old", SessionStatus::Ended, 1),
            session("a", SessionStatus::Active, 2),
            session("b", SessionStatus::Active, 3),
        ]);
        m.apply(&LiveEvent::HandoffRequested {
            session_id: SessionId("a".into()),
            reason: None,
        });
        let order: Vec<String> = m
            .session_rows()
            .into_iter()
            .map(|r| r.view.session_id.0)
            .collect();
        assert_eq!(order, ["a", "b", "old"]);
    }

    #[test]
    fn unknown_sessions_ask_for_a_reload() {
        let mut m = StaffModel::default();
        let refresh = m.apply(&LiveEvent::HandoffRequested {
            session_id: SessionId("x".into()),
            reason: None,
        });
        assert_eq!(refresh, Some(Refresh::Sessions));
        let resync = m.apply(&LiveEvent::Resync {
            reason: "gap".into(),
            latest_seq: 9,
        });
        assert_eq!(resync, Some(Refresh::Everything));
    }
}
