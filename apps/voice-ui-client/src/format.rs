//! Pure text formatting for the pages: money, durations, waits, clock times
//! and the time left on a ticket's promised response.
//!
//! No browser and no clock here: callers pass `now_ms`, so every function is
//! tested on the host.

/// `"22.00"` in `"GBP"` → `"£22.00"`; unknown currencies keep their code.
pub fn money(amount: &str, currency: &str) -> String {
    let symbol = match currency {
        "GBP" => "£",
        "EUR" => "€",
        "USD" => "$",
        _ => return format!("{amount} {currency}"),
    };
    format!("{symbol}{amount}")
}

/// A wait in words: `"about 2 min"`, `"under a minute"`.
pub fn wait(seconds: u32) -> String {
    match seconds {
        0..=59 => "under a minute".to_owned(),
        60..=3599 => format!("about {} min", seconds.div_ceil(60)),
        _ => format!("about {} h {} min", seconds / 3600, (seconds % 3600) / 60),
    }
}

/// A call's length as `m:ss` (or `h:mm:ss`).
pub fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// `"2026-11-20T15:05:00"` → `"15:05"`; anything else is shown as given.
pub fn clock(local_date_time: &str) -> String {
    match local_date_time.split_once('T') {
        Some((_, time)) if time.len() >= 5 => time[..5].to_owned(),
        _ => local_date_time.to_owned(),
    }
}

/// `"2026-11-20"` → `"20 Nov 2026"`; anything else is shown as given.
pub fn date(iso_date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = iso_date.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso_date.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso_date.to_owned(),
    }
}

/// The latest moment a promised response time allows, in ms after the
/// ticket was opened: `"1-2 hours"` → 2 h, `"30 minutes"` → 30 min,
/// `"24-48 hours"` → 48 h. `None` when the text has no number and unit.
pub fn response_window_ms(response_time: &str) -> Option<u64> {
    let text = response_time.to_ascii_lowercase();
    let mut words = text.split_whitespace();
    let amount = words.next()?;
    let upper = amount.rsplit('-').next()?;
    let n: u64 = upper.trim().parse().ok()?;
    let unit = words.next()?;
    let unit_ms = if unit.starts_with("min") {
        60_000
    } else if unit.starts_with("hour") || unit == "h" {
        3_600_000
    } else if unit.starts_with("day") {
        86_400_000
    } else {
        return None;
    };
    Some(n * unit_ms)
}

/// Time left before a ticket's promised response: `"1 h 20 min left"`,
/// `"12 min left"`, or `"overdue by 5 min"`.
pub fn time_left(created_at_ms: u64, response_time: &str, now_ms: u64) -> Option<TimeLeft> {
    let due = created_at_ms + response_window_ms(response_time)?;
    Some(if now_ms <= due {
        TimeLeft {
            overdue: false,
            text: format!("{} left", minutes_text(due - now_ms)),
            remaining_ms: due - now_ms,
        }
    } else {
        TimeLeft {
            overdue: true,
            text: format!("overdue by {}", minutes_text(now_ms - due)),
            remaining_ms: 0,
        }
    })
}

/// The result of [`time_left`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLeft {
    pub overdue: bool,
    pub text: String,
    pub remaining_ms: u64,
}

fn minutes_text(ms: u64) -> String {
    let minutes = ms.div_ceil(60_000);
    match minutes {
        0 | 1 => "1 min".to_owned(),
        2..=59 => format!("{minutes} min"),
        _ if minutes.is_multiple_of(60) => format!("{} h", minutes / 60),
        _ => format!("{} h {} min", minutes / 60, minutes % 60),
    }
}

/// A session's business type as people say it.
pub fn service_label(business: voice_types::BusinessType) -> &'static str {
    match business {
        voice_types::BusinessType::Restaurant => "Food order",
        voice_types::BusinessType::Appointment => "Appointment",
        voice_types::BusinessType::Support => "Support",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_uses_the_currency_symbol() {
        assert_eq!(money("22.00", "GBP"), "£22.00");
        assert_eq!(money("5.50", "CHF"), "5.50 CHF");
    }

    #[test]
    fn waits_and_durations_read_well() {
        assert_eq!(wait(20), "under a minute");
        assert_eq!(wait(61), "about 2 min");
        assert_eq!(wait(3720), "about 1 h 2 min");
        assert_eq!(duration(75), "1:15");
        assert_eq!(duration(3675), "1:01:15");
    }

    #[test]
    fn clock_and_date_are_short() {
        assert_eq!(clock("2026-11-20T15:05:00"), "15:05");
        assert_eq!(clock("soon"), "soon");
        assert_eq!(date("2026-11-20"), "20 Nov 2026");
        assert_eq!(date("tomorrow"), "tomorrow");
    }

    #[test]
    fn response_windows_take_the_upper_bound() {
        assert_eq!(response_window_ms("1-2 hours"), Some(7_200_000));
        assert_eq!(response_window_ms("30 minutes"), Some(1_800_000));
        assert_eq!(response_window_ms("24-48 hours"), Some(172_800_000));
        assert_eq!(response_window_ms("asap"), None);
    }

    #[test]
    fn time_left_counts_down_then_overdue() {
        let opened = 1_000_000;
        let left = time_left(opened, "1-2 hours", opened + 40 * 60_000).expect("parses");
        assert_eq!(left.text, "1 h 20 min left");
        assert!(!left.overdue);
        let late = time_left(opened, "30 minutes", opened + 35 * 60_000).expect("parses");
        assert_eq!(late.text, "overdue by 5 min");
        assert!(late.overdue);
    }
}
