//! Today's analytics: calls, completion, average duration, orders and
//! revenue, bookings, tickets, and the calls per hour drawn as SVG bars.

use leptos::prelude::*;
use voice_types::business::HourlyCalls;

use crate::{format, staff::StaffCtx};

#[component]
pub fn AnalyticsBoard() -> impl IntoView {
    let ctx = expect_context::<StaffCtx>();
    let analytics = Memo::new(move |_| ctx.model.with(|m| m.analytics.clone()));
    // The day's figures count recorded (finished) calls; what is live now
    // comes from the live sessions, as the "Live calls" tab counts them.
    let live = Memo::new(move |_| ctx.model.with(|m| m.live_calls()));
    move || match analytics.get() {
        None => view! { <p class="empty">"Loading today's numbers…"</p> }.into_any(),
        Some(a) => {
            let d = a.dashboard;
            let finished = d.completed_calls + d.failed_calls;
            let completion = (d.completed_calls * 100)
                .checked_div(finished)
                .map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
            let tickets: u32 = d.tickets_by_priority.values().sum();
            let urgent = d.tickets_by_priority.get("Critical").copied().unwrap_or(0)
                + d.tickets_by_priority.get("High").copied().unwrap_or(0);
            let stats = [
                (
                    "Calls",
                    d.total_calls.to_string(),
                    format!("{} live now", live.get()),
                ),
                (
                    "Completed",
                    completion,
                    format!("{} completed, {} failed", d.completed_calls, d.failed_calls),
                ),
                (
                    "Average call",
                    format::duration(u64::from(d.avg_duration_seconds)),
                    "per finished call".to_owned(),
                ),
                (
                    "Orders",
                    d.orders.to_string(),
                    format!("{} revenue", format::money(&d.revenue, "GBP")),
                ),
                (
                    "Bookings",
                    d.bookings.to_string(),
                    "appointments made".to_owned(),
                ),
                (
                    "Tickets",
                    tickets.to_string(),
                    format!("{urgent} high or critical"),
                ),
            ]
            .into_iter()
            .map(|(label, value, sub)| {
                view! {
                    <div class="stat">
                        <span class="stat-label">{label}</span>
                        <strong class="stat-value" data-stat=label>{value}</strong>
                        <span class="stat-sub" data-stat-sub=label>{sub}</span>
                    </div>
                }
            })
            .collect_view();
            view! {
                <div class="analytics" id="analytics">
                    <p class="muted">{format!("For {}", format::date(&d.date))}</p>
                    <div class="stats">{stats}</div>
                    <HourlyChart hourly=a.hourly/>
                </div>
            }
            .into_any()
        }
    }
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 32.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 12.0;

/// Calls per hour as an SVG bar chart (24 bars, labelled every 3 hours).
#[component]
pub fn HourlyChart(hourly: Vec<HourlyCalls>) -> impl IntoView {
    let mut per_hour = [0u32; 24];
    for h in &hourly {
        if let Some(slot) = per_hour.get_mut(usize::from(h.hour)) {
            *slot = h.calls;
        }
    }
    let max = per_hour.iter().copied().max().unwrap_or(0).max(1);
    let scale_top = nice_ceiling(max);
    let plot_h = HEIGHT - BOTTOM - TOP;
    let slot_w = (WIDTH - LEFT) / 24.0;
    let total: u32 = per_hour.iter().sum();
    let busiest = per_hour
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| **c)
        .map(|(h, _)| h)
        .unwrap_or(0);
    let summary = if total == 0 {
        "Calls per hour today: none yet.".to_owned()
    } else {
        format!("Calls per hour today: {total} in all, busiest at {busiest:02}:00.")
    };
    let bars = per_hour
        .iter()
        .enumerate()
        .map(|(hour, &calls)| {
            let h = plot_h * f64::from(calls) / f64::from(scale_top);
            let x = LEFT + slot_w * hour as f64 + slot_w * 0.15;
            let y = TOP + plot_h - h;
            view! {
                <rect class="bar" x=x y=y width=slot_w * 0.7 height=h rx="2">
                    <title>{format!("{hour:02}:00 – {calls} call{}", if calls == 1 { "" } else { "s" })}</title>
                </rect>
            }
        })
        .collect_view();
    let labels = (0..24)
        .step_by(3)
        .map(|hour| {
            let x = LEFT + slot_w * hour as f64 + slot_w / 2.0;
            view! { <text class="axis" x=x y=HEIGHT - 6.0 text-anchor="middle">{format!("{hour:02}")}</text> }
        })
        .collect_view();
    let grid = [0, scale_top / 2, scale_top]
        .into_iter()
        .map(|v| {
            let y = TOP + plot_h - plot_h * f64::from(v) / f64::from(scale_top);
            view! {
                <line class="grid" x1=LEFT x2=WIDTH y1=y y2=y/>
                <text class="axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{v.to_string()}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>"Calls per hour"</figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=summary
                id="hourly-chart"
                preserveAspectRatio="xMidYMid meet"
            >
                {grid}
                {bars}
                {labels}
            </svg>
        </figure>
    }
}

/// The smallest "nice" axis top (an even number, at least 2) ≥ `max`.
fn nice_ceiling(max: u32) -> u32 {
    let max = max.max(2);
    max + max % 2
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn axis_tops_are_even() {
        assert_eq!(nice_ceiling(0), 2);
        assert_eq!(nice_ceiling(3), 4);
        assert_eq!(nice_ceiling(8), 8);
    }
}
