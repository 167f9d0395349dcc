//! Numbers as callers say them: number words, item quantities, day ordinals
//! and clock minutes.
//!
//! Each reader looks at the tokens from one index and returns the value and
//! how many tokens it used, or `None`. Readers never consume tokens
//! themselves; the caller decides.

use crate::extract::text::Tokens;

/// "one".."ninety" and plain digits (up to 9999) as a number.
pub fn cardinal(word: &str) -> Option<u32> {
    if !word.is_empty() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok();
    }
    let n = match word {
        "zero" | "nought" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(n)
}

/// A number of one or two words: "seven", "21", "twenty one".
pub fn number_at(t: &Tokens, i: usize) -> Option<(u32, usize)> {
    let first = cardinal(t.word(i))?;
    if first >= 20
        && first % 10 == 0
        && first < 100
        && !t.break_after(i)
        && let Some(unit) = cardinal(t.word(i + 1)).filter(|u| (1..=9).contains(u))
        && !t.word(i + 1).starts_with(|c: char| c.is_ascii_digit())
    {
        return Some((first + unit, 2));
    }
    Some((first, 1))
}

/// An item quantity: "two", "2", "a", "an", "a couple of", "a pair of",
/// "half a dozen", "a dozen", "three dozen". Zero is never a quantity.
pub fn quantity_at(t: &Tokens, i: usize) -> Option<(u32, usize)> {
    const PHRASES: &[(&[&str], u32)] = &[
        (&["half", "a", "dozen"], 6),
        (&["a", "half", "dozen"], 6),
        (&["a", "couple", "of"], 2),
        (&["a", "couple"], 2),
        (&["couple", "of"], 2),
        (&["a", "pair", "of"], 2),
        (&["pair", "of"], 2),
        (&["a", "dozen"], 12),
        (&["dozen"], 12),
        (&["a"], 1),
        (&["an"], 1),
        (&["another"], 1),
    ];
    for (words, n) in PHRASES {
        if t.phrase_at(i, words) {
            return Some((*n, words.len()));
        }
    }
    let (n, len) = number_at(t, i)?;
    if n == 0 || n > 500 {
        return None;
    }
    if t.phrase_at(i + len, &["dozen"]) {
        return Some((n * 12, len + 1));
    }
    Some((n, len))
}

/// A day of the month: "3", "3rd", "third", "twenty first", "21st".
pub fn day_at(t: &Tokens, i: usize) -> Option<(u32, usize)> {
    let w = t.word(i);
    let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        let rest = &w[digits.len()..];
        if !matches!(rest, "" | "st" | "nd" | "rd" | "th") {
            return None;
        }
        let d: u32 = digits.parse().ok()?;
        return (1..=31).contains(&d).then_some((d, 1));
    }
    if let Some(d) = ordinal_word(w) {
        return Some((d, 1));
    }
    let tens = match w {
        "twenty" => 20,
        "thirty" => 30,
        _ => return None,
    };
    let unit = ordinal_word(t.word(i + 1)).filter(|u| *u <= 9)?;
    let d = tens + unit;
    (d <= 31).then_some((d, 2))
}

/// "first".."thirtieth" as a number.
pub fn ordinal_word(word: &str) -> Option<u32> {
    const ORDINALS: &[&str] = &[
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(p) = ORDINALS.iter().position(|o| *o == word) {
        return u32::try_from(p + 1).ok();
    }
    (word == "thirtieth").then_some(30)
}

/// Clock minutes said after an hour: "thirty", "fifteen", "forty five",
/// "oh five", "30".
pub fn minutes_at(t: &Tokens, i: usize) -> Option<(u32, usize)> {
    let w = t.word(i);
    if w == "oh" || w == "o" {
        let d = cardinal(t.word(i + 1)).filter(|d| *d <= 9)?;
        return Some((d, 2));
    }
    if w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()) {
        let m: u32 = w.parse().ok()?;
        return (m <= 59).then_some((m, 1));
    }
    if w.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (m, len) = number_at(t, i)?;
    (10..=59).contains(&m).then_some((m, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reader: fn(&Tokens, usize) -> Option<(u32, usize)>, text: &str, want: Option<u32>) {
        let t = Tokens::new(text);
        assert_eq!(reader(&t, 0).map(|x| x.0), want, "{text}");
    }

    #[test]
    fn quantities() {
        let cases = [
            ("two pizzas", Some(2)),
            ("12 cokes", Some(12)),
            ("a coke", Some(1)),
            ("an orange juice", Some(1)),
            ("a couple of cokes", Some(2)),
            ("a pair of burgers", Some(2)),
            ("half a dozen brownies", Some(6)),
            ("a dozen brownies", Some(12)),
            ("two dozen brownies", Some(24)),
            ("twelve", Some(12)),
            ("zero", None),
            ("pizza", None),
            ("99999", None),
        ];
        for (text, want) in cases {
            check(quantity_at, text, want);
        }
    }

    #[test]
    fn days_and_minutes() {
        for (text, want) in [
            ("3rd", Some(3)),
            ("twenty first", Some(21)),
            ("thirty first", Some(31)),
            ("third", Some(3)),
            ("32nd", None),
            ("3pm", None),
        ] {
            check(day_at, text, want);
        }
        for (text, want) in [
            ("thirty", Some(30)),
            ("forty five", Some(45)),
            ("oh five", Some(5)),
        ] {
            check(minutes_at, text, want);
        }
    }
}
