//! Protobuf JSON durations, the form every Ultravox duration field takes
//! (`"30s"`, `"2.5s"`, never `"1m"`), to and from `std::time::Duration`.
//!
//! Only the exact grammar of reference §1.1 is accepted:
//! `^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,9})?s$`. A negative duration is valid
//! on the wire but has no `std::time::Duration`, so it does not parse (except
//! for negative zero, which is zero).

use std::time::Duration;

/// The largest duration protobuf allows (about 10,000 years), in seconds.
/// Longer values are clamped to it when written.
const MAX_PROTO_SECONDS: u64 = 315_576_000_000;

/// Writes `duration` as a protobuf JSON duration: whole seconds as `"30s"`,
/// fractions with their trailing zeros trimmed (`"2.5s"`, `"0.384s"`).
pub fn duration_string(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds >= MAX_PROTO_SECONDS {
        return format!("{MAX_PROTO_SECONDS}s");
    }
    let nanos = duration.subsec_nanos();
    if nanos == 0 {
        return format!("{seconds}s");
    }
    let fraction = format!("{nanos:09}");
    format!("{seconds}.{}s", fraction.trim_end_matches('0'))
}

/// Reads a protobuf JSON duration; `None` when `text` does not match the
/// grammar exactly or is negative.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let body = text.strip_suffix('s')?;
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let (whole, fraction) = match body.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    let seconds = parse_whole_seconds(whole)?;
    let nanos = match fraction {
        Some(digits) => parse_nanos(digits)?,
        None => 0,
    };
    if negative && (seconds != 0 || nanos != 0) {
        return None;
    }
    Some(Duration::new(seconds, nanos))
}

/// `0` or 1 to 12 digits without a leading zero.
fn parse_whole_seconds(digits: &str) -> Option<u64> {
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = digits.len() > 1 && digits.starts_with('0');
    if !all_digits || leading_zero || digits.len() > 12 {
        return None;
    }
    digits.parse().ok()
}

/// 1 to 9 digits after the point, as nanoseconds.
fn parse_nanos(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u32 = digits.parse().ok()?;
    let missing = u32::try_from(9 - digits.len()).ok()?;
    Some(value * 10u32.pow(missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_and_fractional_seconds() {
        assert_eq!(duration_string(Duration::from_secs(30)), "30s");
        assert_eq!(duration_string(Duration::ZERO), "0s");
        assert_eq!(duration_string(Duration::from_millis(2500)), "2.5s");
        assert_eq!(duration_string(Duration::from_millis(384)), "0.384s");
        assert_eq!(duration_string(Duration::from_nanos(1)), "0.000000001s");
        assert_eq!(duration_string(Duration::from_secs(3600)), "3600s");
        assert_eq!(duration_string(Duration::MAX), "315576000000s");
    }

    #[test]
    fn reads_what_it_writes() {
        for duration in [
            Duration::ZERO,
            Duration::from_secs(30),
            Duration::from_millis(2500),
            Duration::from_micros(90_001),
            Duration::new(123_456_789_012, 999_999_999),
        ] {
            assert_eq!(parse_duration(&duration_string(duration)), Some(duration));
        }
    }

    #[test]
    fn reads_the_reference_grammar() {
        assert_eq!(parse_duration("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("0.09s"), Some(Duration::from_millis(90)));
        assert_eq!(parse_duration("2.500s"), Some(Duration::from_millis(2500)));
        assert_eq!(parse_duration("-0s"), Some(Duration::ZERO));
        assert_eq!(
            parse_duration("999999999999.999999999s"),
            Some(Duration::new(999_999_999_999, 999_999_999))
        );
    }

    #[test]
    fn refuses_anything_else() {
        for text in [
            "1m",
            "30",
            "s",
            "",
            "1.s",
            ".5s",
            "01s",
            "1.0000000001s",
            "1e3s",
            "+1s",
            " 1s",
            "1s ",
            "-1s",
            "-0.5s",
            "1000000000000s",
            "1,5s",
            "1.5.5s",
            "--1s",
            "1S",
        ] {
            assert_eq!(parse_duration(text), None, "{text:?} should not parse");
        }
    }
}
