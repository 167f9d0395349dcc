//! Appointment availability: opening hours, the slot grid, service lengths,
//! capacity, and the booking window.
//!
//! A start time is free for a service when all of these hold:
//! - the day is open (a `null` day in the catalog is closed) and is no later
//!   than `booking_advance_days` calendar days after today;
//! - the time is on the grid: opening time plus a whole number of
//!   `slot_minutes`, in local wall-clock time;
//! - the service, taking its full duration, ends by closing time;
//! - the start is strictly after `now`;
//! - fewer than `capacity` bookings of the same service are running at any
//!   moment of the new booking (other services do not count: each service has
//!   its own people and tools).
//!
//! Time zones and DST: the grid is wall-clock local time, but durations, the
//! end-by-closing check, overlaps and "after now" are measured on real
//! instants in the catalog's zone. On the spring-forward day (last Sunday of
//! March in the UK, 01:00 → 02:00) grid times inside the skipped hour do not
//! exist and are never offered, and a service that starts before the jump ends
//! one wall-clock hour later than usual (00:30 + 60 minutes ends at 02:30).
//! On the autumn day a repeated wall time (01:00-01:59) means its first
//! occurrence, so that repeated hour offers no second set of slots. The demo
//! business is closed on Sundays, so for it both change days are closed days
//! and the days around them keep their usual grid.

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

use crate::business::clock::{UnknownTimeZone, business_time_zone, local_instant, parse_hhmm};
use crate::catalog::{BusinessHours, Catalog, Service};

/// A bookable service, found by name or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    pub duration_minutes: u32,
    pub price_pence: i64,
    /// Bookings of this service that may run at the same time.
    pub capacity: u32,
    keys: Vec<String>,
}

/// A booking already in the diary (cancelled ones are left out by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingBooking {
    pub service_name: String,
    /// Local wall-clock start.
    pub start: DateTime,
    pub duration_minutes: u32,
}

/// The catalog's catalog-side rules that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("opening hours for {day} are not two HH:MM times with opening first")]
    BadHours { day: &'static str },
    #[error("slot_minutes must be between 5 and 240, not {0}")]
    BadSlot(u32),
    #[error(transparent)]
    TimeZone(#[from] UnknownTimeZone),
}

/// The appointment side of the catalog, parsed once.
#[derive(Debug, Clone)]
pub struct AppointmentBook {
    pub currency: String,
    pub slot_minutes: u32,
    pub advance_days: u32,
    pub time_zone: TimeZone,
    /// Monday first; `None` is a closed day.
    hours: [Option<(Time, Time)>; 7],
    services: Vec<ServiceSpec>,
}

impl AppointmentBook {
    pub fn from_catalog(catalog: &Catalog) -> Result<Self, CalendarError> {
        if !(5..=240).contains(&catalog.slot_minutes) {
            return Err(CalendarError::BadSlot(catalog.slot_minutes));
        }
        Ok(Self {
            currency: catalog.currency.clone(),
            slot_minutes: catalog.slot_minutes,
            advance_days: catalog.appointments.booking_advance_days,
            time_zone: business_time_zone(&catalog.timezone)?,
            hours: parse_week(&catalog.business_hours)?,
            services: catalog
                .appointments
                .services
                .iter()
                .map(ServiceSpec::from_catalog)
                .collect(),
        })
    }

    pub fn services(&self) -> &[ServiceSpec] {
        &self.services
    }

    /// The service a caller means: its name or an alias, any case, plural or not.
    pub fn find_service(&self, spoken: &str) -> Option<&ServiceSpec> {
        let key = service_key(spoken);
        self.services.iter().find(|s| s.keys.contains(&key))
    }

    /// Opening and closing time on `date`, or `None` when closed.
    pub fn hours_on(&self, date: Date) -> Option<(Time, Time)> {
        self.hours[usize::from(date.weekday().to_monday_zero_offset().unsigned_abs())]
    }

    /// The last date a booking may be made for, seen from `now`.
    pub fn last_bookable_date(&self, now: DateTime) -> Date {
        now.date()
            .saturating_add(Span::new().days(i64::from(self.advance_days)))
    }

    /// Every grid start time of `date`, free or not, earliest first.
    pub fn grid(&self, date: Date) -> Vec<Time> {
        let Some((open, close)) = self.hours_on(date) else {
            return Vec::new();
        };
        let step = i64::from(self.slot_minutes);
        std::iter::successors(Some(open), |t| {
            t.checked_add(Span::new().minutes(step)).ok()
        })
        .take_while(|t| *t < close)
        .collect()
    }

    /// The free start times of `service` on `date`, earliest first.
    pub fn available_slots(
        &self,
        service: &ServiceSpec,
        date: Date,
        existing: &[ExistingBooking],
        now: DateTime,
    ) -> Vec<Time> {
        if date < now.date() || date > self.last_bookable_date(now) {
            return Vec::new();
        }
        let now = self.instant(now);
        let booked: Vec<(Timestamp, Timestamp)> = existing
            .iter()
            // Bookings end by closing time, so only the same day can overlap.
            .filter(|b| {
                b.start.date() == date && b.service_name.eq_ignore_ascii_case(&service.name)
            })
            .map(|b| {
                (
                    self.instant(b.start),
                    self.instant(b.start) + minutes(b.duration_minutes),
                )
            })
            .collect();
        self.grid(date)
            .into_iter()
            .filter(|t| self.fits(service, date, *t, now, &booked))
            .collect()
    }

    /// Whether a grid time on an open day can take `service`.
    fn fits(
        &self,
        service: &ServiceSpec,
        date: Date,
        start: Time,
        now: Timestamp,
        booked: &[(Timestamp, Timestamp)],
    ) -> bool {
        let Some((_, close)) = self.hours_on(date) else {
            return false;
        };
        let Some(begin) = local_instant(&self.time_zone, date.to_datetime(start)) else {
            return false;
        };
        let begin = begin.timestamp();
        let end = begin + minutes(service.duration_minutes);
        end <= self.instant(date.to_datetime(close))
            && begin > now
            && peak_overlap(booked, begin, end) < service.capacity
    }

    /// The instant of a local time; a skipped time counts as if the clocks had not changed.
    pub fn instant(&self, at: DateTime) -> Timestamp {
        self.time_zone
            .to_ambiguous_timestamp(at)
            .compatible()
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

impl ServiceSpec {
    fn from_catalog(service: &Service) -> Self {
        Self {
            name: service.service_name.clone(),
            duration_minutes: service.duration_minutes,
            price_pence: service.price,
            capacity: service.capacity,
            keys: std::iter::once(&service.service_name)
                .chain(&service.aliases)
                .map(|name| service_key(name))
                .collect(),
        }
    }
}

/// The most bookings running at one moment of `[begin, end)`.
fn peak_overlap(booked: &[(Timestamp, Timestamp)], begin: Timestamp, end: Timestamp) -> u32 {
    let overlapping: Vec<&(Timestamp, Timestamp)> = booked
        .iter()
        .filter(|(s, e)| *s < end && begin < *e)
        .collect();
    let running_at = |moment: Timestamp| {
        overlapping
            .iter()
            .filter(|(s, e)| *s <= moment && moment < *e)
            .count()
    };
    overlapping
        .iter()
        .map(|(s, _)| running_at((*s).max(begin)))
        .max()
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn minutes(n: u32) -> SignedDuration {
    SignedDuration::from_mins(i64::from(n))
}

/// Lower case, articles and a plural `s` dropped: "a Repairs" → "repair".
fn service_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .skip_while(|w| matches!(*w, "a" | "an" | "the"))
        .collect();
    let joined = words.join(" ");
    match joined.strip_suffix('s') {
        Some(stem) if stem.len() >= 4 && !stem.ends_with('s') => stem.to_owned(),
        _ => joined,
    }
}

fn parse_week(hours: &BusinessHours) -> Result<[Option<(Time, Time)>; 7], CalendarError> {
    let days = [
        ("monday", &hours.monday),
        ("tuesday", &hours.tuesday),
        ("wednesday", &hours.wednesday),
        ("thursday", &hours.thursday),
        ("friday", &hours.friday),
        ("saturday", &hours.saturday),
        ("sunday", &hours.sunday),
    ];
    let mut week = [None; 7];
    for (slot, (day, span)) in week.iter_mut().zip(days) {
        let Some([open, close]) = span else { continue };
        let parsed = parse_hhmm(open)
            .zip(parse_hhmm(close))
            .filter(|(o, c)| o < c);
        *slot = Some(parsed.ok_or(CalendarError::BadHours { day })?);
    }
    Ok(week)
}

/// The weekday's name as callers say it, for messages.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    #[test]
    fn peak_overlap_counts_bookings_running_together() {
        let booked = [
            (ts("2026-05-04T09:00:00Z"), ts("2026-05-04T10:00:00Z")),
            (ts("2026-05-04T10:00:00Z"), ts("2026-05-04T11:00:00Z")),
            (ts("2026-05-04T09:30:00Z"), ts("2026-05-04T10:30:00Z")),
        ];
        let cases = [
            ("2026-05-04T08:00:00Z", "2026-05-04T09:00:00Z", 0),
            ("2026-05-04T08:30:00Z", "2026-05-04T09:30:00Z", 1),
            ("2026-05-04T09:00:00Z", "2026-05-04T11:00:00Z", 2),
            ("2026-05-04T10:45:00Z", "2026-05-04T12:00:00Z", 1),
        ];
        for (begin, end, peak) in cases {
            assert_eq!(peak_overlap(&booked, ts(begin), ts(end)), peak, "{begin}");
        }
    }

    #[test]
    fn service_keys_ignore_case_articles_and_plurals() {
        assert_eq!(service_key("A Repairs"), "repair");
        assert_eq!(service_key("the Consultation"), "consultation");
        assert_eq!(service_key("check-up"), "check-up");
        assert_eq!(service_key("class"), "class");
    }

    #[test]
    fn bad_hours_are_refused() {
        let mut catalog = Catalog::demo().clone();
        catalog.business_hours.monday = Some(["18:00".into(), "09:00".into()]);
        let error = AppointmentBook::from_catalog(&catalog).expect_err("closing before opening");
        assert_eq!(error, CalendarError::BadHours { day: "monday" });
        catalog.business_hours.monday = None;
        catalog.slot_minutes = 0;
        assert!(matches!(
            AppointmentBook::from_catalog(&catalog),
            Err(CalendarError::BadSlot(0))
        ));
    }
}
