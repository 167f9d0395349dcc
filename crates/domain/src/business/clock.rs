//! The business's clock and money: time zone, wall-clock arithmetic, the
//! `HH:MM` / `YYYY-MM-DD` wire formats, and amounts spoken with a currency sign.
//!
//! Nothing here reads the current time. The catalog's time zone comes from the
//! system tz database; when that is missing (wasm, slim containers) and the zone
//! is `Europe/London`, the POSIX rule `GMT0BST,M3.5.0/1,M10.5.0` stands in,
//! which matches the database for every date from 1996 on.

use std::fmt;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Span, Timestamp, Zoned};

use crate::catalog::format_pence;

/// The UK rule since 1996: GMT in winter, BST (+1) from the last Sunday of
/// March 01:00 UTC to the last Sunday of October 01:00 UTC.
pub const LONDON_POSIX_RULE: &str = "GMT0BST,M3.5.0/1,M10.5.0";

/// The catalog names a time zone this machine does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0}")]
pub struct UnknownTimeZone(pub String);

/// Resolves the catalog's IANA time zone name.
pub fn business_time_zone(name: &str) -> Result<TimeZone, UnknownTimeZone> {
    TimeZone::get(name).or_else(|_| match name {
        "Europe/London" => {
            TimeZone::posix(LONDON_POSIX_RULE).map_err(|_| UnknownTimeZone(name.to_owned()))
        }
        _ => Err(UnknownTimeZone(name.to_owned())),
    })
}

/// The local wall-clock time of an instant.
pub fn local_datetime(tz: &TimeZone, at: Timestamp) -> DateTime {
    at.to_zoned(tz.clone()).datetime()
}

/// The instant a local wall-clock time names, or `None` when the clocks skip
/// it (the hour lost in spring). A time repeated in autumn means its first
/// occurrence.
pub fn local_instant(tz: &TimeZone, at: DateTime) -> Option<Zoned> {
    let ambiguous = tz.to_ambiguous_zoned(at);
    if matches!(ambiguous.offset(), AmbiguousOffset::Gap { .. }) {
        return None;
    }
    ambiguous.earlier().ok()
}

/// `at` plus `minutes` of real elapsed time, as local wall-clock time.
///
/// Across a change of the clocks this differs from plain civil arithmetic:
/// 00:50 plus 20 minutes on the spring-forward night is 02:10.
pub fn add_minutes_local(tz: &TimeZone, at: DateTime, minutes: u32) -> DateTime {
    let span = Span::new().minutes(i64::from(minutes));
    let zoned = tz
        .to_ambiguous_zoned(at)
        .compatible()
        .and_then(|z| z.checked_add(span));
    match zoned {
        Ok(z) => z.datetime(),
        // Only reachable at the edges of jiff's supported range.
        Err(_) => at.saturating_add(span),
    }
}

/// Parses `"HH:MM"` (also `"H:MM"` and `"HH:MM:SS"` with zero seconds).
pub fn parse_hhmm(text: &str) -> Option<Time> {
    let mut parts = text.trim().split(':');
    let hour = two_digits(parts.next()?)?;
    let minute = two_digits(parts.next()?)?;
    match parts.next() {
        None => {}
        Some(s) if two_digits(s) == Some(0) && s.len() == 2 => {}
        Some(_) => return None,
    }
    if parts.next().is_some() || minute > 59 {
        return None;
    }
    Time::new(i8::try_from(hour).ok()?, i8::try_from(minute).ok()?, 0, 0).ok()
}

/// `09:30`.
pub fn format_hhmm(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// Parses `"YYYY-MM-DD"`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

/// `2026-11-20T15:00:00`, the contract's local date-time form.
pub fn format_local(at: DateTime) -> String {
    format!("{}T{}:00", at.date(), format_hhmm(at.time()))
}

/// Minutes from midnight, for ordering times by closeness.
pub fn minute_of_day(time: Time) -> i32 {
    i32::from(time.hour()) * 60 + i32::from(time.minute())
}

fn two_digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// An exact amount with its currency, shown the way a voice reads it: `£4.00`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub pence: i64,
    pub currency: String,
}

impl Money {
    pub fn new(pence: i64, currency: &str) -> Self {
        Self {
            pence,
            currency: currency.to_owned(),
        }
    }

    /// The wire form, `"4.00"`.
    pub fn decimal(&self) -> String {
        format_pence(self.pence)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let amount = format_pence(self.pence);
        match self.currency.as_str() {
            "GBP" => write!(f, "£{amount}"),
            "EUR" => write!(f, "€{amount}"),
            "USD" => write!(f, "${amount}"),
            other => write!(f, "{amount} {other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn hhmm_parses_only_clock_times() {
        assert_eq!(parse_hhmm("09:30"), Some(time(9, 30, 0, 0)));
        assert_eq!(parse_hhmm("9:30"), Some(time(9, 30, 0, 0)));
        assert_eq!(parse_hhmm("14:30:00"), Some(time(14, 30, 0, 0)));
        for bad in [
            "", "24:00", "10:60", "10", "ten", "10:3x", "10:30:15", "1:2:3:4",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(format_hhmm(time(9, 5, 0, 0)), "09:05");
    }

    #[test]
    fn dates_and_local_times_use_contract_forms() {
        assert_eq!(parse_date("2026-03-30"), Some(date(2026, 3, 30)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("30/03/2026"), None);
        let at = date(2026, 11, 20).at(15, 0, 0, 0);
        assert_eq!(format_local(at), "2026-11-20T15:00:00");
    }

    #[test]
    fn the_posix_fallback_agrees_with_the_database() {
        let db = business_time_zone("Europe/London").expect("london");
        let posix = TimeZone::posix(LONDON_POSIX_RULE).expect("rule");
        let spring = date(2026, 3, 29).at(0, 50, 0, 0);
        assert_eq!(
            add_minutes_local(&db, spring, 20),
            date(2026, 3, 29).at(2, 10, 0, 0)
        );
        assert_eq!(
            add_minutes_local(&posix, spring, 20),
            date(2026, 3, 29).at(2, 10, 0, 0)
        );
        assert!(local_instant(&posix, date(2026, 3, 29).at(1, 30, 0, 0)).is_none());
        assert!(business_time_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn money_reads_with_its_sign() {
        assert_eq!(Money::new(400, "GBP").to_string(), "£4.00");
        assert_eq!(Money::new(2250, "CHF").to_string(), "22.50 CHF");
        assert_eq!(Money::new(5, "GBP").decimal(), "0.05");
    }
}
