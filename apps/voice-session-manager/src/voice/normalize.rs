//! Tool arguments as a voice model sends them ("next Friday", "half past
//! two", "oh seven seven double oh ...", "collection") turned into the exact
//! values the business rules take, with the same extraction rules the MCP
//! tools use. Each function returns `None` when the words cannot be read,
//! and the tool then asks the caller again instead of guessing.

use jiff::civil::DateTime;
use voice_domain::{
    business::{
        PhoneE164,
        clock::{format_hhmm, parse_date, parse_hhmm},
    },
    extract::Extractor,
};
use voice_types::{
    BusinessType,
    business::{OrderType, TicketPriority},
    extraction::{ExtractInput, ExtractedParameters},
};

fn extract(
    extractor: &Extractor,
    text: &str,
    expected: &str,
    now: DateTime,
) -> ExtractedParameters {
    let input = ExtractInput {
        text: text.to_owned(),
        business_type: BusinessType::Appointment,
        context: None,
        expected_parameters: Some(vec![expected.to_owned()]),
    };
    extractor.extract(&input, now).parameters
}

/// A UK phone number in E.164, written or spoken.
pub fn phone(extractor: &Extractor, text: &str, now: DateTime) -> Option<String> {
    if let Ok(phone) = PhoneE164::parse(text) {
        return Some(phone.as_str().to_owned());
    }
    extract(extractor, text, "phone", now).phone
}

/// A date as `YYYY-MM-DD`: given so, or in words relative to `now`.
pub fn date(extractor: &Extractor, text: &str, now: DateTime) -> Option<String> {
    let text = text.trim();
    if let Some(date) = parse_date(text) {
        return Some(date.to_string());
    }
    extract(extractor, &format!("on {text}"), "appointment_date", now).appointment_date
}

/// A time as `HH:MM` (24 h): given so, or in words ("3pm", "half past two").
pub fn time(extractor: &Extractor, text: &str, now: DateTime) -> Option<String> {
    let text = text.trim();
    if let Some(time) = parse_hhmm(text) {
        return Some(format_hhmm(time));
    }
    extract(extractor, &format!("at {text}"), "appointment_time", now).appointment_time
}

/// Takeaway (collection, pickup), delivery, or dine-in (eat in).
pub fn order_type(text: &str) -> Option<OrderType> {
    let t = text.trim().to_lowercase().replace(['-', '_'], " ");
    match t.as_str() {
        "takeaway" | "take away" | "collection" | "collect" | "pickup" | "pick up" => {
            Some(OrderType::Takeaway)
        }
        "delivery" | "deliver" | "delivered" => Some(OrderType::Delivery),
        "dine in" | "dinein" | "eat in" | "table" => Some(OrderType::DineIn),
        _ => None,
    }
}

/// Low, Medium, High or Critical (any case; "urgent" is High).
pub fn priority(text: &str) -> Option<TicketPriority> {
    match text.trim().to_lowercase().as_str() {
        "low" => Some(TicketPriority::Low),
        "medium" | "normal" => Some(TicketPriority::Medium),
        "high" | "urgent" => Some(TicketPriority::High),
        "critical" | "emergency" => Some(TicketPriority::Critical),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime {
        // A Wednesday.
        "2026-11-18T10:00:00".parse().expect("valid datetime")
    }

    fn ex() -> Extractor {
        Extractor::new(voice_domain::catalog::Catalog::demo())
    }

    #[test]
    fn phones_written_or_spoken() {
        let e = ex();
        assert_eq!(
            phone(&e, "07700 900123", now()).as_deref(),
            Some("+447700900123")
        );
        assert_eq!(
            phone(
                &e,
                "oh seven seven double oh nine double oh one two three",
                now()
            )
            .as_deref(),
            Some("+447700900123")
        );
        assert_eq!(phone(&e, "my cat", now()), None);
    }

    #[test]
    fn dates_and_times_in_words() {
        let e = ex();
        assert_eq!(date(&e, "2026-11-20", now()).as_deref(), Some("2026-11-20"));
        assert_eq!(date(&e, "tomorrow", now()).as_deref(), Some("2026-11-19"));
        // SPEC: "next Friday" is the first Friday after today.
        assert_eq!(
            date(&e, "next Friday", now()).as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(time(&e, "15:30", now()).as_deref(), Some("15:30"));
        assert_eq!(time(&e, "3pm", now()).as_deref(), Some("15:00"));
        assert_eq!(time(&e, "half past two", now()).as_deref(), Some("14:30"));
        assert_eq!(date(&e, "whenever", now()), None);
    }

    #[test]
    fn order_types_and_priorities() {
        assert_eq!(order_type("Collection"), Some(OrderType::Takeaway));
        assert_eq!(order_type("dine-in"), Some(OrderType::DineIn));
        assert_eq!(order_type("by drone"), None);
        assert_eq!(priority("URGENT"), Some(TicketPriority::High));
        assert_eq!(priority("soonish"), None);
    }
}
