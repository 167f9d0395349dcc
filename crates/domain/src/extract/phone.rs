//! UK phone numbers, written or spoken, as E.164 (`+447700900123`).
//!
//! A number is a run of digit groups ("07700 900123", "07700-900-123",
//! "+44 7700 900123", "+44 (0)7700 900123") and spoken digits ("zero seven
//! seven", "oh" = 0, "double seven" = 77, "triple nine" = 999). A run counts
//! only when it makes a valid UK number, so quantities and times never do.

use crate::{business::customer::PhoneE164, extract::text::Tokens};

/// The number in a run of digits, if it is a UK one; `international` when
/// the run began with "+" (or "00"). Stricter than `PhoneE164::parse` on
/// where a national number may start, since here any digits in speech are
/// candidates (a quantity, a time) and only real numbers may count.
fn from_digits(digits: &str, international: bool) -> Option<PhoneE164> {
    let national = if let Some(rest) = digits.strip_prefix("0044") {
        rest.strip_prefix('0').unwrap_or(rest)
    } else if let Some(rest) = digits
        .strip_prefix("44")
        .filter(|_| international || digits.len() >= 12)
    {
        rest.strip_prefix('0').unwrap_or(rest)
    } else if international {
        return None;
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else if digits.len() == 10 && digits.starts_with('7') {
        digits
    } else {
        return None;
    };
    let ok_start = national.starts_with(['1', '2', '3', '5', '7', '8', '9']);
    if ok_start {
        PhoneE164::from_national(national)
    } else {
        None
    }
}

/// The first phone number said, and whether it was spoken in words;
/// consumes its tokens.
pub fn extract_phone(t: &mut Tokens) -> Option<(PhoneE164, bool)> {
    let mut i = 0;
    while i < t.len() {
        if t.is_consumed(i) || digits_of(t, i).is_none() {
            i += 1;
            continue;
        }
        let (steps, plus, _) = read_run(t, i);
        // The longest prefix of the run that is a valid number wins, so a
        // quantity said right after the number does not spoil it.
        let valid = steps.iter().rev().find_map(|(digits, spoken, stop)| {
            from_digits(digits, plus).map(|p| (p, *spoken, *stop))
        });
        if let Some((phone, spoken, stop)) = valid {
            t.consume(i, stop);
            return Some((phone, spoken));
        }
        // "at 10, 07700 900123": the number may start inside the run.
        i += 1;
    }
    None
}

/// Reads a run of digit tokens from `start`: the digits so far after each
/// token (with "spoken in words" and the end index), whether the run began
/// with "+" or "00", and where it ended.
fn read_run(t: &Tokens, start: usize) -> (Vec<(String, bool, usize)>, bool, usize) {
    let mut steps: Vec<(String, bool, usize)> = Vec::new();
    let mut digits = String::new();
    let mut spoken = false;
    let plus = t.word(start).starts_with('+') || t.word(start).starts_with("00");
    let mut k = start;
    while k < t.len() && !t.is_consumed(k) {
        let Some((d, len, in_words)) = digits_of(t, k) else {
            break;
        };
        digits.push_str(&d);
        spoken |= in_words;
        k += len;
        steps.push((digits.clone(), spoken, k));
        if digits.len() > 16 {
            break;
        }
    }
    (steps, plus, k)
}

/// The digits said by the token(s) at `i`: (digits, tokens used, in words).
fn digits_of(t: &Tokens, i: usize) -> Option<(String, usize, bool)> {
    let w = t.word(i);
    if let Some(d) = digit_word(w) {
        return Some((d.to_string(), 1, true));
    }
    let repeat = match w {
        "double" => 2,
        "triple" => 3,
        _ => 0,
    };
    if repeat > 0 {
        let next = t.word(i + 1);
        let d = digit_word(next)
            .or_else(|| (next.len() == 1).then(|| next.chars().next()).flatten())?;
        if !d.is_ascii_digit() {
            return None;
        }
        return Some((d.to_string().repeat(repeat), 2, true));
    }
    let body = w.strip_prefix('+').unwrap_or(w);
    let body = body.trim_start_matches('(');
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'(' || b == b')')
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some((digits, 1, false))
}

fn digit_word(w: &str) -> Option<char> {
    Some(match w {
        "zero" | "oh" | "o" | "nought" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: Option<&str>) {
        let mut t = Tokens::new(text);
        let got = extract_phone(&mut t).map(|(p, _)| p.as_str().to_owned());
        assert_eq!(got.as_deref(), want, "{text}");
    }

    #[test]
    fn uk_numbers_written_and_spoken() {
        check("07700 900123", Some("+447700900123"));
        check("call 07700-900-123 please", Some("+447700900123"));
        check("+44 7700 900123", Some("+447700900123"));
        check("+44 (0)7700 900123", Some("+447700900123"));
        check("0044 7700 900123", Some("+447700900123"));
        check(
            "zero seven seven zero zero nine zero zero one two three",
            Some("+447700900123"),
        );
        check(
            "oh double seven oh oh nine oh oh one two three",
            Some("+447700900123"),
        );
        check(
            "oh seven seven oh oh triple nine one two three",
            Some("+447700999123"),
        );
        check("7700 900123", Some("+447700900123"));
        check("two pizzas and 3 cokes", None);
        check("12345", None);
        check("", None);
    }
}
