//! Protobuf JSON durations (`"30s"`, `"2.5s"`), the only duration form the
//! Ultravox API accepts.
//!
//! Parsing here is strict about the shape (the same pattern strict
//! validation enforces) and never panics; formatting gives the shortest
//! exact form.

use std::time::Duration;

/// Parses `^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$`. Negative values
/// are valid on the wire but mean "no time", so they parse as zero.
pub fn parse(text: &str) -> Option<Duration> {
    let body = text.strip_suffix('s')?;
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let whole_ok = whole == "0"
        || (!whole.is_empty()
            && whole.len() <= 12
            && !whole.starts_with('0')
            && whole.bytes().all(|b| b.is_ascii_digit()));
    if !whole_ok {
        return None;
    }
    let nanos = match frac {
        None => 0,
        Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            let padded = format!("{f:0<9}");
            padded.parse::<u32>().ok()?
        }
        Some(_) => return None,
    };
    let seconds: u64 = whole.parse().ok()?;
    if negative {
        return Some(Duration::ZERO);
    }
    Some(Duration::new(seconds, nanos))
}

/// `Duration` → `"12s"` or `"2.5s"`.
pub fn format(d: Duration) -> String {
    let nanos = d.subsec_nanos();
    if nanos == 0 {
        return format!("{}s", d.as_secs());
    }
    let frac = format!("{nanos:09}");
    format!("{}.{}s", d.as_secs(), frac.trim_end_matches('0'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shapes() {
        assert_eq!(parse("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse("2.5s"), Some(Duration::from_millis(2500)));
        assert_eq!(parse("0s"), Some(Duration::ZERO));
        assert_eq!(parse("0.384s"), Some(Duration::from_millis(384)));
        assert_eq!(parse("-1s"), Some(Duration::ZERO));
        for bad in [
            "30",
            "1m",
            "01s",
            "1.s",
            ".5s",
            "1.1234567890s",
            "s",
            "",
            "1 s",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_exactly() {
        assert_eq!(format(Duration::from_secs(30)), "30s");
        assert_eq!(format(Duration::from_millis(2500)), "2.5s");
        assert_eq!(format(Duration::from_millis(1)), "0.001s");
    }
}
