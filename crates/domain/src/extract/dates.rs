//! Appointment dates, relative to the business's local "today".
//!
//! Understands today / tomorrow / "the day after tomorrow" / "in N days",
//! weekday names (with or without "on", "this", "next": always the first
//! such weekday strictly after today), "the 3rd of December", "December
//! 3rd", "3rd December", UK numeric "3/12" (day first) and "the 3rd". A
//! date without a year that is already past this year means next year.
//! Pure: "today" is passed in.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::extract::numbers::{day_at, number_at};
use crate::extract::text::Tokens;

/// The first date said, as a date and a confidence; consumes its tokens.
pub fn extract_date(t: &mut Tokens, today: Date) -> Option<(Date, f64)> {
    // An explicit date wins over a weekday said with it ("Monday the 7th of
    // December"), so the forms are tried in passes, most explicit first.
    for pass in 0..3 {
        for i in 0..t.len() {
            if t.is_consumed(i) {
                continue;
            }
            if let Some((date, len, confidence)) = form_at(pass, t, i, today) {
                t.consume(i, i + len);
                if weekday_at(t, i.saturating_sub(1), today).is_some() {
                    t.consume(i.saturating_sub(1), i);
                }
                return Some((date, confidence));
            }
        }
    }
    None
}

/// The date forms of one pass at token `i`.
fn form_at(pass: usize, t: &Tokens, i: usize, today: Date) -> Found {
    match pass {
        0 => day_month_at(t, i, today)
            .or_else(|| month_day_at(t, i, today))
            .or_else(|| numeric_at(t, i, today)),
        1 => relative_at(t, i, today).or_else(|| weekday_at(t, i, today)),
        _ => bare_ordinal_at(t, i, today),
    }
}

/// Words that name a day or month (never an unknown dish).
/// A weekday or month name ("friday", "may", "jan"), which can also be a
/// person's name.
pub fn is_weekday_or_month(w: &str) -> bool {
    weekday(w).is_some() || month(w).is_some()
}

pub fn is_calendar_word(w: &str) -> bool {
    weekday(w).is_some()
        || month(w).is_some()
        || matches!(
            w,
            "today" | "tomorrow" | "tonight" | "yesterday" | "fortnight"
        )
}

type Found = Option<(Date, usize, f64)>;

fn relative_at(t: &Tokens, i: usize, today: Date) -> Found {
    let plus = |days: i64, len: usize| Some((today.checked_add(days.days()).ok()?, len, 0.95));
    if t.phrase_at(i, &["the", "day", "after", "tomorrow"]) {
        return plus(2, 4);
    }
    if t.phrase_at(i, &["day", "after", "tomorrow"]) {
        return plus(2, 3);
    }
    match t.word(i) {
        "tomorrow" => return plus(1, 1),
        "today" | "tonight" => return plus(0, 1),
        "in" => {}
        _ => return None,
    }
    if t.phrase_at(i + 1, &["a", "week"]) {
        return plus(7, 3);
    }
    if t.phrase_at(i + 1, &["a", "fortnight"]) {
        return plus(14, 3);
    }
    let (n, len) = number_at(t, i + 1)?;
    let n = i64::from(n);
    match t.word(i + 1 + len) {
        "day" | "days" if n <= 366 => plus(n, len + 2),
        "week" | "weeks" if n <= 52 => plus(n * 7, len + 2),
        _ => None,
    }
}

fn weekday_at(t: &Tokens, i: usize, today: Date) -> Found {
    let prefix = usize::from(matches!(t.word(i), "next" | "this" | "on" | "coming"));
    let prefix = prefix + usize::from(prefix == 1 && t.word(i + 1) == "coming");
    let wanted = weekday(t.word(i + prefix))?;
    let today_offset = i64::from(today.weekday().to_monday_zero_offset());
    let wanted_offset = i64::from(wanted.to_monday_zero_offset());
    let mut ahead = (wanted_offset - today_offset).rem_euclid(7);
    if ahead == 0 {
        ahead = 7;
    }
    Some((today.checked_add(ahead.days()).ok()?, prefix + 1, 0.95))
}

/// "the 3rd of December", "3rd December", "3 December 2027".
fn day_month_at(t: &Tokens, i: usize, today: Date) -> Found {
    let the = usize::from(t.word(i) == "the");
    let (day, day_len) = day_at(t, i + the)?;
    let mut k = i + the + day_len;
    if t.word(k) == "of" {
        k += 1;
    }
    let m = month(t.word(k))?;
    let (year, year_len) = year_at(t, k + 1);
    let date = resolve(today, year, m, day)?;
    Some((date, k + 1 + year_len - i, 0.95))
}

/// "December 3rd", "December the third", "Dec 3".
fn month_day_at(t: &Tokens, i: usize, today: Date) -> Found {
    let m = month(t.word(i))?;
    let the = usize::from(t.word(i + 1) == "the");
    let (day, day_len) = day_at(t, i + 1 + the)?;
    let after = i + 1 + the + day_len;
    if matches!(t.word(after), "am" | "pm" | "o'clock" | "oclock") {
        return None;
    }
    let (year, year_len) = year_at(t, after);
    let date = resolve(today, year, m, day)?;
    Some((date, after + year_len - i, 0.95))
}

/// "3/12" (day first), "3/12/2026", ISO "2026-12-03".
fn numeric_at(t: &Tokens, i: usize, today: Date) -> Found {
    let w = t.word(i);
    let sep = if w.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = w.split(sep).collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let num = |s: &str| s.parse::<i32>().ok();
    let date = match (sep, parts.as_slice()) {
        ('/', [d, m]) => resolve(
            today,
            None,
            u32::try_from(num(m)?).ok()?,
            u32::try_from(num(d)?).ok()?,
        ),
        ('/', [d, m, y]) => {
            let y = num(y)?;
            let y = if y < 100 { 2000 + y } else { y };
            make(y, num(m)?, num(d)?)
        }
        ('-', [y, m, d]) if y.len() == 4 => make(num(y)?, num(m)?, num(d)?),
        _ => None,
    }?;
    Some((date, 1, 0.9))
}

/// "on the 3rd": this month, or next month when already past.
fn bare_ordinal_at(t: &Tokens, i: usize, today: Date) -> Found {
    if t.word(i) != "the" {
        return None;
    }
    let w = t.word(i + 1);
    if w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (day, len) = day_at(t, i + 1)?;
    let day = i8::try_from(day).ok()?;
    let mut date = Date::new(today.year(), today.month(), day).ok();
    if date.is_none_or(|d| d < today) {
        let next = today.first_of_month().checked_add(1.month()).ok()?;
        date = Date::new(next.year(), next.month(), day).ok();
    }
    Some((date?, 1 + len, 0.8))
}

fn year_at(t: &Tokens, i: usize) -> (Option<i32>, usize) {
    let w = t.word(i);
    if w.len() == 4
        && w.bytes().all(|b| b.is_ascii_digit())
        && let Ok(y) = w.parse::<i32>()
        && (2000..=2100).contains(&y)
    {
        return (Some(y), 1);
    }
    (None, 0)
}

/// A day and month, in `year` or else this year (next year when past).
fn resolve(today: Date, year: Option<i32>, month: u32, day: u32) -> Option<Date> {
    let m = i32::try_from(month).ok()?;
    let d = i32::try_from(day).ok()?;
    if let Some(y) = year {
        return make(y, m, d);
    }
    let this_year = i32::from(today.year());
    match make(this_year, m, d) {
        Some(date) if date >= today => Some(date),
        _ => make(this_year + 1, m, d),
    }
}

fn make(y: i32, m: i32, d: i32) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" | "mondays" => Weekday::Monday,
        "tuesday" | "tuesdays" | "tues" => Weekday::Tuesday,
        "wednesday" | "wednesdays" | "weds" => Weekday::Wednesday,
        "thursday" | "thursdays" | "thurs" => Weekday::Thursday,
        "friday" | "fridays" => Weekday::Friday,
        "saturday" | "saturdays" => Weekday::Saturday,
        "sunday" | "sundays" => Weekday::Sunday,
        _ => return None,
    })
}

fn month(w: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(p) = MONTHS.iter().position(|m| *m == w) {
        return u32::try_from(p + 1).ok();
    }
    let short = match w {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(short)
}
