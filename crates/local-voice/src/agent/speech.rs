//! How the agent says things: numbers as words, phone numbers grouped as
//! people read them, item lists, days relative to today, and tidy sentences.
//!
//! Pure string building; no decisions about what to say.

use jiff::civil::Date;
use voice_types::extraction::ExtractedItem;

/// 1 → "one" ... 20 → "twenty"; larger numbers as digits.
pub fn number_word(n: u32) -> String {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// `+447700900123` → `07700 900123`; other numbers as given.
pub fn phone(e164: &str) -> String {
    if let Some(national) = e164.strip_prefix("+44")
        && national.len() == 10
        && national.bytes().all(|b| b.is_ascii_digit())
    {
        let (head, tail) = national.split_at(4);
        return format!("0{head} {tail}");
    }
    e164.to_owned()
}

/// "two Pepperoni Pizzas", "one Classic Beef Burger with no onions".
pub fn item(item: &ExtractedItem) -> String {
    let name = if item.quantity == 1 {
        item.item_name.clone()
    } else {
        plural(&item.item_name)
    };
    let mut said = format!("{} {name}", number_word(item.quantity));
    if let Some(extra) = item
        .special_instructions
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        said.push_str(" with ");
        said.push_str(extra);
    }
    said
}

/// A name in the plural: "Pizza" → "Pizzas"; names already ending in "s"
/// ("Fries", "Onion Rings", "Fish and Chips") stay as they are.
pub fn plural(name: &str) -> String {
    if name.ends_with('s') || name.ends_with('S') {
        name.to_owned()
    } else if name.ends_with("ch") || name.ends_with("sh") || name.ends_with('x') {
        format!("{name}es")
    } else {
        format!("{name}s")
    }
}

/// "a", "a and b", "a, b and c".
pub fn list_and(parts: &[String]) -> String {
    join_last(parts, "and")
}

/// "a", "a or b", "a, b or c".
pub fn list_or(parts: &[String]) -> String {
    join_last(parts, "or")
}

fn join_last(parts: &[String], word: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// "today", "tomorrow", or "on Monday 30 March".
pub fn day(date: Date, today: Date) -> String {
    if date == today {
        return "today".into();
    }
    if today.tomorrow().is_ok_and(|t| t == date) {
        return "tomorrow".into();
    }
    format!("on {}", date.strftime("%A %-d %B"))
}

/// "a" or "an" for the word that follows.
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// A tidy sentence: trimmed, first letter capitalised, final punctuation.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn says_items_and_numbers() {
        let two = ExtractedItem {
            item_name: "Pepperoni Pizza".into(),
            quantity: 2,
            special_instructions: None,
        };
        assert_eq!(item(&two), "two Pepperoni Pizzas");
        let fries = ExtractedItem {
            item_name: "Fries".into(),
            quantity: 3,
            special_instructions: Some("extra salt".into()),
        };
        assert_eq!(item(&fries), "three Fries with extra salt");
        assert_eq!(number_word(42), "42");
        assert_eq!(
            list_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(list_or(&["15:00".into(), "15:30".into()]), "15:00 or 15:30");
    }

    #[test]
    fn says_phones_days_and_sentences() {
        assert_eq!(phone("+447700900123"), "07700 900123");
        assert_eq!(phone("+15551234567"), "+15551234567");
        let today = jiff::civil::date(2026, 3, 27);
        assert_eq!(day(today, today), "today");
        assert_eq!(day(jiff::civil::date(2026, 3, 28), today), "tomorrow");
        assert_eq!(
            day(jiff::civil::date(2026, 3, 30), today),
            "on Monday 30 March"
        );
        assert_eq!(sentence("your order is placed"), "Your order is placed.");
        assert_eq!(sentence("Done!"), "Done!");
        assert_eq!(article("Installation"), "an");
    }
}
