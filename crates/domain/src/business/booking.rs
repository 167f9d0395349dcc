//! Booking decisions: confirm the asked slot, offer the nearest alternatives,
//! or refuse with a precise reason.
//!
//! `error` is for requests no slot can answer: an unknown service, a date or
//! time that cannot be read, a date beyond the booking window, or no free slot
//! at all inside the window. Every other miss (taken, closed day, past time,
//! off the grid, running past closing) is `partial`, with up to
//! `MAX_ALTERNATIVES` free slots: first the asked day's, nearest to the asked
//! time first (the earlier of two equally near); then the following open days
//! in date order, each day's slots again nearest to the asked time of day.
//! A date already past gets alternatives from today on.

use jiff::Span;
use jiff::civil::{Date, DateTime, Time};
use voice_types::business::{
    AlternativeSlot, AvailabilityResult, BookAppointmentRequest, BookAppointmentResult,
    CheckAvailabilityRequest,
};

use crate::business::availability::{AppointmentBook, ExistingBooking, ServiceSpec, weekday_name};
use crate::business::clock::{
    Money, format_hhmm, local_instant, minute_of_day, parse_date, parse_hhmm,
};

/// The most alternatives one answer offers.
pub const MAX_ALTERNATIVES: usize = 5;

/// What to tell a caller who asked for a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingDecision {
    Confirmed(ConfirmedBooking),
    /// The asked slot cannot be had; `reason` says why, `slots` are (date, time) offers.
    Alternatives {
        reason: String,
        slots: Vec<(Date, Time)>,
    },
    Refused(BookingError),
}

impl BookingDecision {
    /// True when a diary of more days could not change this answer: a
    /// confirmation, a full set of alternatives (the search goes day by day
    /// and stops there), or a refusal that does not depend on the diary.
    pub fn settled(&self) -> bool {
        match self {
            Self::Confirmed(_) => true,
            Self::Alternatives { slots, .. } => slots.len() >= MAX_ALTERNATIVES,
            Self::Refused(BookingError::NoFreeSlots { .. }) => false,
            Self::Refused(_) => true,
        }
    }
}

/// A slot that is free and can be written to the diary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedBooking {
    pub service_name: String,
    pub date: Date,
    pub time: Time,
    pub duration_minutes: u32,
    pub price: Money,
}

/// A request no slot can answer; the text is read to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("we do not offer {asked:?}: we can book {known}")]
    UnknownService { asked: String, known: String },
    #[error("the date {0:?} could not be read: it should look like 2026-03-30")]
    BadDate(String),
    #[error("the time {0:?} could not be read: it should look like 14:30")]
    BadTime(String),
    #[error("we take bookings up to {days} days ahead, so the latest date is {}", spoken_date(*.last_date))]
    BeyondLimit { days: u32, last_date: Date },
    #[error("there are no free {service} appointments in the next {days} days")]
    NoFreeSlots { service: String, days: u32 },
}

impl AppointmentBook {
    /// Decides a `book_appointment` request at local time `now`.
    pub fn decide_booking(
        &self,
        request: &BookAppointmentRequest,
        existing: &[ExistingBooking],
        now: DateTime,
    ) -> BookingDecision {
        self.decide_booking_until(request, existing, now, self.last_bookable_date(now))
    }

    /// [`decide_booking`](Self::decide_booking) with alternatives searched
    /// only up to `last`, so `existing` need only hold the live bookings from
    /// the asked date (or today, if later) to `last`. When the answer is not
    /// [`settled`](BookingDecision::settled), the whole window decides.
    pub fn decide_booking_until(
        &self,
        request: &BookAppointmentRequest,
        existing: &[ExistingBooking],
        now: DateTime,
        last: Date,
    ) -> BookingDecision {
        match self.try_booking(request, existing, now, last) {
            Ok(decision) => decision,
            Err(error) => BookingDecision::Refused(error),
        }
    }

    /// Answers `check_availability` at local time `now`.
    pub fn check_availability(
        &self,
        request: &CheckAvailabilityRequest,
        existing: &[ExistingBooking],
        now: DateTime,
    ) -> Result<AvailabilityResult, BookingError> {
        let service = self.service_or_error(&request.service_type)?;
        let date = self.date_in_window(&request.date, now)?;
        let slots = self.available_slots(service, date, existing, now);
        Ok(AvailabilityResult {
            service_type: service.name.clone(),
            date: date.to_string(),
            available_slots: slots.into_iter().map(format_hhmm).collect(),
        })
    }

    fn try_booking(
        &self,
        request: &BookAppointmentRequest,
        existing: &[ExistingBooking],
        now: DateTime,
        last: Date,
    ) -> Result<BookingDecision, BookingError> {
        let service = self.service_or_error(&request.service_type)?;
        let date = self.date_in_window(&request.appointment_date, now)?;
        let time = parse_hhmm(&request.appointment_time)
            .ok_or_else(|| BookingError::BadTime(request.appointment_time.clone()))?;
        if self
            .available_slots(service, date, existing, now)
            .contains(&time)
        {
            return Ok(BookingDecision::Confirmed(ConfirmedBooking {
                service_name: service.name.clone(),
                date,
                time,
                duration_minutes: service.duration_minutes,
                price: Money::new(service.price_pence, &self.currency),
            }));
        }
        let slots = self.alternatives_until(service, date, time, existing, now, last);
        if slots.is_empty() {
            return Err(BookingError::NoFreeSlots {
                service: service.name.clone(),
                days: self.advance_days,
            });
        }
        let reason = self.why_unavailable(service, date, time, now);
        Ok(BookingDecision::Alternatives { reason, slots })
    }

    /// Up to `MAX_ALTERNATIVES` free slots near the asked one (see the module header).
    pub fn alternatives(
        &self,
        service: &ServiceSpec,
        date: Date,
        asked: Time,
        existing: &[ExistingBooking],
        now: DateTime,
    ) -> Vec<(Date, Time)> {
        self.alternatives_until(
            service,
            date,
            asked,
            existing,
            now,
            self.last_bookable_date(now),
        )
    }

    /// [`alternatives`](Self::alternatives) on the days up to `last` (and
    /// never past the booking window).
    fn alternatives_until(
        &self,
        service: &ServiceSpec,
        date: Date,
        asked: Time,
        existing: &[ExistingBooking],
        now: DateTime,
        last: Date,
    ) -> Vec<(Date, Time)> {
        let mut found = Vec::new();
        let mut day = date;
        let last = last.min(self.last_bookable_date(now));
        while found.len() < MAX_ALTERNATIVES && day <= last {
            let mut slots = self.available_slots(service, day, existing, now);
            slots.sort_by_key(|t| ((minute_of_day(*t) - minute_of_day(asked)).abs(), *t));
            found.extend(slots.into_iter().map(|t| (day, t)));
            day = match day.tomorrow() {
                Ok(next) => next.max(now.date()),
                Err(_) => break,
            };
        }
        found.truncate(MAX_ALTERNATIVES);
        found
    }

    fn service_or_error(&self, asked: &str) -> Result<&ServiceSpec, BookingError> {
        self.find_service(asked)
            .ok_or_else(|| BookingError::UnknownService {
                asked: asked.trim().to_owned(),
                known: list_phrase(self.services().iter().map(|s| s.name.as_str())),
            })
    }

    fn date_in_window(&self, text: &str, now: DateTime) -> Result<Date, BookingError> {
        let date = parse_date(text).ok_or_else(|| BookingError::BadDate(text.to_owned()))?;
        let last_date = self.last_bookable_date(now);
        if date > last_date {
            return Err(BookingError::BeyondLimit {
                days: self.advance_days,
                last_date,
            });
        }
        Ok(date)
    }

    /// Why a slot that is not free cannot be had, as a sentence.
    fn why_unavailable(
        &self,
        service: &ServiceSpec,
        date: Date,
        time: Time,
        now: DateTime,
    ) -> String {
        if date.to_datetime(time) <= now {
            return format!(
                "{} on {} has already passed",
                format_hhmm(time),
                spoken_date(date)
            );
        }
        let Some((open, close)) = self.hours_on(date) else {
            return format!("we are closed on {}s", weekday_name(date.weekday()));
        };
        if time < open || time >= close {
            let day = weekday_name(date.weekday());
            return format!(
                "on {day}s we are open from {} to {}",
                format_hhmm(open),
                format_hhmm(close)
            );
        }
        if !self.grid(date).contains(&time) {
            return format!(
                "appointments start every {} minutes from {}",
                self.slot_minutes,
                format_hhmm(open)
            );
        }
        let ends = time.saturating_add(Span::new().minutes(i64::from(service.duration_minutes)));
        if ends > close {
            return format!(
                "a {}-minute {} starting at {} would run past closing time at {}",
                service.duration_minutes,
                service.name,
                format_hhmm(time),
                format_hhmm(close)
            );
        }
        if local_instant(&self.time_zone, date.to_datetime(time)).is_none() {
            return format!(
                "{} does not exist on {}: the clocks go forward",
                format_hhmm(time),
                spoken_date(date)
            );
        }
        format!(
            "{} at {} on {} is fully booked",
            service.name,
            format_hhmm(time),
            spoken_date(date)
        )
    }
}

impl BookingDecision {
    /// The `book_appointment` answer; `appointment_id` is used only when confirmed.
    pub fn to_wire(&self, appointment_id: &str) -> BookAppointmentResult {
        match self {
            Self::Confirmed(booking) => BookAppointmentResult::Success {
                appointment_id: appointment_id.to_owned(),
                service_type: booking.service_name.clone(),
                appointment_date: booking.date.to_string(),
                appointment_time: format_hhmm(booking.time),
                duration_minutes: booking.duration_minutes,
                estimated_cost: booking.price.decimal(),
                message: format!(
                    "your {} is booked for {} at {}, for {} minutes, costing {}",
                    booking.service_name,
                    spoken_date(booking.date),
                    format_hhmm(booking.time),
                    booking.duration_minutes,
                    booking.price
                ),
            },
            Self::Alternatives { reason, slots } => BookAppointmentResult::Partial {
                message: format!(
                    "sorry, {reason}; the nearest free times are {}",
                    spoken_slots(slots)
                ),
                alternative_slots: slots
                    .iter()
                    .map(|(date, time)| AlternativeSlot {
                        date: date.to_string(),
                        time: format_hhmm(*time),
                    })
                    .collect(),
            },
            Self::Refused(error) => BookAppointmentResult::Error {
                message: error.to_string(),
            },
        }
    }
}

/// "Monday 30 March".
pub fn spoken_date(date: Date) -> String {
    format!(
        "{} {}",
        weekday_name(date.weekday()),
        date.strftime("%-d %B")
    )
}

/// "09:30 and 10:30 on Monday 30 March, and 09:00 on Tuesday 31 March".
fn spoken_slots(slots: &[(Date, Time)]) -> String {
    let mut days: Vec<(Date, Vec<String>)> = Vec::new();
    for (date, time) in slots {
        match days.iter_mut().find(|(d, _)| d == date) {
            Some((_, times)) => times.push(format_hhmm(*time)),
            None => days.push((*date, vec![format_hhmm(*time)])),
        }
    }
    let phrases: Vec<String> = days
        .iter()
        .map(|(date, times)| {
            format!(
                "{} on {}",
                list_phrase(times.iter().map(String::as_str)),
                spoken_date(*date)
            )
        })
        .collect();
    list_phrase(phrases.iter().map(String::as_str))
}

/// "a", "a and b", "a, b and c".
fn list_phrase<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
