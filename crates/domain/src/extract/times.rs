//! Appointment times as `HH:MM` on a 24-hour clock.
//!
//! Understands "3pm", "3 pm", "3:30pm", "15:00", "3 o'clock", "half past
//! two", "quarter past ten", "quarter to eleven", "twenty past four",
//! "noon"/"midday", "9 in the morning", "five thirty" and a bare hour after
//! "at". An hour 1..7 said without am/pm means the afternoon (13..19), 8..11
//! the morning, 12 noon; the rule applies to the hour as said, so "quarter
//! to four" is 15:45. A time written with a leading zero ("09:00") or an
//! hour over 12 is already 24-hour.

use crate::extract::numbers::{cardinal, minutes_at, number_at};
use crate::extract::text::Tokens;

/// A time of day in minutes after midnight, with its confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeFound {
    pub minutes: u32,
    pub confidence: f64,
}

impl TimeFound {
    pub fn hh_mm(self) -> String {
        format!("{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Am,
    Pm,
}

/// The first time said; consumes its tokens.
pub fn extract_time(t: &mut Tokens) -> Option<TimeFound> {
    for i in 0..t.len() {
        if t.is_consumed(i) {
            continue;
        }
        let found = named_at(t, i)
            .or_else(|| past_to_at(t, i))
            .or_else(|| clock_at(t, i))
            .or_else(|| hour_at(t, i));
        if let Some((minutes, len, confidence)) = found {
            t.consume(i, i + len);
            return Some(TimeFound {
                minutes: minutes % (24 * 60),
                confidence,
            });
        }
    }
    None
}

type Found = Option<(u32, usize, f64)>;

fn named_at(t: &Tokens, i: usize) -> Found {
    let twelve = usize::from(t.word(i) == "twelve" || t.word(i) == "12");
    match t.word(i + twelve) {
        "noon" | "midday" => Some((12 * 60, twelve + 1, 0.95)),
        "midnight" => Some((0, twelve + 1, 0.95)),
        _ => None,
    }
}

/// "half past two", "quarter to four", "ten past six", "twenty five to three".
fn past_to_at(t: &Tokens, i: usize) -> Found {
    // British "half ten" is 10:30.
    if t.word(i) == "half"
        && let Some((hour, len)) = hour_word(t, i + 1)
    {
        let (period, period_len) = period_at(t, i + 1 + len);
        let hour24 = to_24(hour, period, false)?;
        return Some((hour24 * 60 + 30, 1 + len + period_len, confidence(period)));
    }
    let a = usize::from(t.word(i) == "a");
    let (offset, mut k) = match t.word(i + a) {
        "half" => (30, i + a + 1),
        "quarter" => (15, i + a + 1),
        _ => {
            let (n, len) = number_at(t, i)?;
            let minutes_word = usize::from(matches!(t.word(i + len), "minutes" | "mins"));
            ((1..=30).contains(&n).then_some(n)?, i + len + minutes_word)
        }
    };
    let before = match t.word(k) {
        "past" | "after" => false,
        "to" | "till" | "til" if offset != 30 => true,
        _ => return None,
    };
    k += 1;
    let (hour, hour_len) = hour_word(t, k)?;
    k += hour_len;
    if offset % 5 != 0 || matches!(t.word(k), "minutes" | "mins" | "hours" | "days" | "people") {
        return None;
    }
    let (period, period_len) = period_at(t, k);
    let hour24 = to_24(hour, period, false)?;
    let minutes = if before {
        (hour24 * 60 + 24 * 60 - offset) % (24 * 60)
    } else {
        hour24 * 60 + offset
    };
    Some((minutes, k + period_len - i, confidence(period)))
}

/// "3pm", "3:30pm", "15:00", "3 pm", "3 o'clock", "9 in the morning",
/// "five thirty pm".
fn clock_at(t: &Tokens, i: usize) -> Found {
    let w = t.word(i);
    let digits_end = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
    let (head, suffix) = w.split_at(digits_end);
    if !head.is_empty() {
        let (hour_text, minute, rest) = match suffix.strip_prefix([':', '.']) {
            Some(after) => {
                let m_end = after
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(after.len());
                let (m, rest) = after.split_at(m_end);
                (head, Some(m), rest)
            }
            None => (head, None, suffix),
        };
        let hour: u32 = hour_text.parse().ok().filter(|_| hour_text.len() <= 2)?;
        let has_minutes = minute.is_some();
        let minute: u32 = match minute {
            Some(m) if m.len() == 2 => m.parse().ok().filter(|m| *m <= 59)?,
            Some(_) => return None,
            None => 0,
        };
        let in_token = match rest {
            "am" => Some(Period::Am),
            "pm" => Some(Period::Pm),
            "" => None,
            _ => return None,
        };
        let (period, period_len) = match in_token {
            Some(p) => (Some(p), 0),
            None => period_at(t, i + 1),
        };
        let written_24 = hour_text.starts_with('0') || hour >= 13 || hour == 0;
        if minute_text_is_clock(has_minutes, in_token, period, t.word(i + 1), t, i) {
            let hour24 = to_24(hour, period, written_24)?;
            let oclock = usize::from(t.word(i + 1) == "o'clock" || t.word(i + 1) == "oclock");
            return Some((
                hour24 * 60 + minute,
                1 + period_len.max(oclock),
                confidence(period),
            ));
        }
        return None;
    }
    // A spoken hour, then spoken minutes and/or a period.
    let (hour, hour_len) = hour_word(t, i)?;
    let k = i + hour_len;
    let (minute, minute_len) = minutes_at(t, k).unwrap_or((0, 0));
    let (period, period_len) = period_at(t, k + minute_len);
    let oclock = usize::from(matches!(t.word(k), "o'clock" | "oclock"));
    let anchored = is_anchor(t.word(i.wrapping_sub(1)));
    // "five thirty", "ten forty-five" said on their own: both spoken as
    // words and not a count of something ("one fifty pounds").
    let spoken = minute_len > 0
        && t.list.get(i).is_some_and(|w| w.is_alpha())
        && t.list.get(k).is_some_and(|w| w.is_alpha())
        && !matches!(
            t.word(k + minute_len),
            "minutes"
                | "mins"
                | "hours"
                | "days"
                | "weeks"
                | "pounds"
                | "quid"
                | "pence"
                | "people"
        );
    if period.is_none() && oclock == 0 && !(anchored && minute_len > 0) && !spoken {
        return None;
    }
    let hour24 = to_24(hour, period, false)?;
    Some((
        hour24 * 60 + minute,
        hour_len + minute_len + period_len + oclock,
        confidence(period),
    ))
}

/// Whether a digit hour at `i` is a clock time rather than a count.
fn minute_text_is_clock(
    has_minutes: bool,
    in_token: Option<Period>,
    period: Option<Period>,
    next: &str,
    t: &Tokens,
    i: usize,
) -> bool {
    has_minutes
        || in_token.is_some()
        || period.is_some()
        || matches!(next, "o'clock" | "oclock")
        || (is_anchor(t.word(i.wrapping_sub(1))) && bare_hour_end(t, i + 1))
}

/// A bare spoken hour after "at": "at eleven", "at 11".
fn hour_at(t: &Tokens, i: usize) -> Found {
    if !is_anchor(t.word(i.wrapping_sub(1))) {
        return None;
    }
    let (hour, len) = hour_word(t, i)?;
    // "at three o clock", written without the apostrophe.
    if t.word(i + len) == "o" && t.word(i + len + 1) == "clock" {
        return Some((to_24(hour, None, false)? * 60, len + 2, 0.85));
    }
    if !bare_hour_end(t, i + len) {
        return None;
    }
    Some((to_24(hour, None, false)? * 60, len, 0.75))
}

/// Nothing after a bare hour makes it a count or an address: "for 2
/// hours", "at 12 High Street", "about 3 people". Anything else (the end,
/// a comma, the next clause: "at 3 I'd like a fitting", "at 10 thank you")
/// leaves it a time.
fn bare_hour_end(t: &Tokens, k: usize) -> bool {
    const COUNTED: &[&str] = &[
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "people",
        "persons",
        "person",
        "of",
        "pounds",
        "quid",
        "pound",
        "percent",
        "per",
        "times",
        "items",
        "things",
        "more",
        "less",
        "x",
        "st",
        "nd",
        "rd",
        "th",
        "units",
        "rooms",
        "doors",
        "windows",
        "radiators",
    ];
    if k >= t.len() || t.break_after(k - 1) {
        return true;
    }
    let next = t.word(k);
    if COUNTED.contains(&next) {
        return false;
    }
    // An address: a street word before the next break.
    let mut j = k;
    while j < t.len() && j < k + 3 {
        if crate::extract::order::is_street_word(t.word(j)) {
            return false;
        }
        if t.break_after(j) {
            break;
        }
        j += 1;
    }
    // Another number right after is a count or a date ("at 12 34"), unless
    // it is a phone number ("at 10 07700 900123").
    let phone_next = next.len() >= 5
        && next.starts_with(['0', '+'])
        && next.bytes().skip(1).all(|b| b.is_ascii_digit());
    !next.starts_with(|c: char| c.is_ascii_digit()) || phone_next
}

fn is_anchor(w: &str) -> bool {
    matches!(
        w,
        "at" | "around" | "about" | "from" | "by" | "before" | "after" | "till" | "until" | "for"
    )
}

/// An hour 1..12 as a word or one/two digits.
fn hour_word(t: &Tokens, i: usize) -> Option<(u32, usize)> {
    let w = t.word(i);
    if w.len() > 2 && w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h = cardinal(w)?;
    (1..=12).contains(&h).then_some((h, 1))
}

/// "am", "pm", "in the morning", "in the afternoon/evening", "at night".
fn period_at(t: &Tokens, k: usize) -> (Option<Period>, usize) {
    match t.word(k) {
        "am" => return (Some(Period::Am), 1),
        "pm" => return (Some(Period::Pm), 1),
        _ => {}
    }
    if t.phrase_at(k, &["in", "the", "morning"]) {
        return (Some(Period::Am), 3);
    }
    if t.phrase_at(k, &["in", "the", "afternoon"]) || t.phrase_at(k, &["in", "the", "evening"]) {
        return (Some(Period::Pm), 3);
    }
    if t.phrase_at(k, &["at", "night"]) || t.phrase_at(k, &["tonight"]) {
        return (Some(Period::Pm), if t.word(k) == "at" { 2 } else { 0 });
    }
    (None, 0)
}

/// The 24-hour hour for an hour as said.
fn to_24(hour: u32, period: Option<Period>, written_24: bool) -> Option<u32> {
    if written_24 {
        return (hour <= 23).then_some(hour);
    }
    if !(1..=12).contains(&hour) {
        return None;
    }
    Some(match (period, hour) {
        (Some(Period::Am), 12) => 0,
        (Some(Period::Am), h) => h,
        (Some(Period::Pm), 12) => 12,
        (Some(Period::Pm), h) => h + 12,
        (None, h @ 1..=7) => h + 12,
        (None, h) => h,
    })
}

fn confidence(period: Option<Period>) -> f64 {
    if period.is_some() { 0.95 } else { 0.85 }
}
