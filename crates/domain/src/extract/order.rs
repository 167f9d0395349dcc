//! How an order reaches the caller: the order type (Takeaway, Delivery,
//! Dine-in) and the delivery address.
//!
//! The address is the street address said after "deliver to", "send it to",
//! "my address is", or after a plain "to"/"at" when it starts with a house
//! number and names a street ("12 High Street"). It is returned as said.
//! A keyword preceded by "not"/"no" does not count; when several order types
//! are said, the last one wins; an address alone means Delivery.

use voice_types::extraction::OrderType;

use crate::extract::text::Tokens;

/// The delivery address said, with its confidence; consumes its tokens.
pub fn extract_address(t: &mut Tokens) -> Option<(String, f64)> {
    const CUES: &[&[&str]] = &[
        &["deliver", "it", "to"],
        &["deliver", "them", "to"],
        &["deliver", "this", "to"],
        &["deliver", "that", "to"],
        &["deliver", "to"],
        &["delivered", "to"],
        &["delivery", "to"],
        &["send", "it", "to"],
        &["send", "them", "to"],
        &["send", "it", "over", "to"],
        &["send", "to"],
        &["bring", "it", "to"],
        &["address", "is"],
        &["address", "is", "at"],
        &["i", "live", "at"],
        &["we", "live", "at"],
    ];
    for i in 0..t.len() {
        let fixed = CUES
            .iter()
            .filter(|c| t.phrase_at(i, c))
            .map(|c| c.len())
            .max();
        if let Some(len) = fixed
            && let Some(end) = address_end(t, i + len, true)
        {
            t.consume(i, i + len);
            return Some(take(t, i + len, end, 0.9));
        }
        // The words between "send" and "to" may be items: only the verb
        // and "to" are the cue.
        if fixed.is_none()
            && let Some(len) = send_to_len(t, i)
            && let Some(end) = address_end(t, i + len, true)
        {
            t.consume(i, i + 1);
            t.consume(i + len - 1, i + len);
            return Some(take(t, i + len, end, 0.9));
        }
    }
    for i in 0..t.len() {
        if matches!(t.word(i), "to" | "at")
            && !t.is_consumed(i)
            && let Some(end) = address_end(t, i + 1, false)
        {
            t.consume(i, i + 1);
            return Some(take(t, i + 1, end, 0.8));
        }
    }
    None
}

/// "send the order to", "deliver the pizzas to": "send" or "deliver", up to
/// three words of what is sent, then "to", in one clause; the cue's length.
fn send_to_len(t: &Tokens, i: usize) -> Option<usize> {
    if !matches!(t.word(i), "send" | "deliver") || t.is_consumed(i) {
        return None;
    }
    (i + 2..=i + 4)
        .take_while(|&k| !t.break_after(k - 1))
        .find(|&k| t.word(k) == "to" && !t.is_consumed(k))
        .map(|k| k + 1 - i)
}

/// A reply that is only an address ("12 High Street"), used when the agent
/// asked for one.
pub fn bare_address(t: &mut Tokens) -> Option<(String, f64)> {
    let first = (0..t.len()).find(|&i| !t.is_consumed(i))?;
    let end = address_end(t, first, true)?;
    Some(take(t, first, end, 0.75))
}

/// The order type said, and its confidence.
pub fn order_type(t: &Tokens, has_address: bool) -> Option<(OrderType, f64)> {
    const KEYS: &[(&[&str], OrderType)] = &[
        (&["delivery"], OrderType::Delivery),
        (&["deliver"], OrderType::Delivery),
        (&["delivered"], OrderType::Delivery),
        (&["send", "it", "to"], OrderType::Delivery),
        (&["send", "them", "to"], OrderType::Delivery),
        (&["pick", "up"], OrderType::Takeaway),
        (&["pick", "it", "up"], OrderType::Takeaway),
        (&["pick", "them", "up"], OrderType::Takeaway),
        (&["picking", "up"], OrderType::Takeaway),
        (&["picking", "it", "up"], OrderType::Takeaway),
        (&["picking", "them", "up"], OrderType::Takeaway),
        (&["pickup"], OrderType::Takeaway),
        (&["collect"], OrderType::Takeaway),
        (&["collecting"], OrderType::Takeaway),
        (&["collection"], OrderType::Takeaway),
        (&["takeaway"], OrderType::Takeaway),
        (&["take", "away"], OrderType::Takeaway),
        (&["takeout"], OrderType::Takeaway),
        (&["eat", "in"], OrderType::DineIn),
        (&["eating", "in"], OrderType::DineIn),
        (&["dine", "in"], OrderType::DineIn),
        (&["dining", "in"], OrderType::DineIn),
        (&["sit", "in"], OrderType::DineIn),
        (&["a", "table"], OrderType::DineIn),
        (&["table", "for"], OrderType::DineIn),
    ];
    let mut last: Option<(usize, OrderType)> = None;
    for i in 0..t.len() {
        for (words, kind) in KEYS {
            if t.words_at(i, words) && !negated(t, i) {
                last = Some((i, *kind));
            }
        }
    }
    match last {
        Some((_, kind)) => Some((kind, 0.9)),
        None if has_address => Some((OrderType::Delivery, 0.8)),
        None => None,
    }
}

/// "not delivery", "no home delivery", "not for collection"; but in
/// "takeaway, no wait, delivery" the "no" is not about delivery.
fn negated(t: &Tokens, i: usize) -> bool {
    let negation = |k: usize| matches!(t.word(k), "not" | "no" | "don't" | "dont" | "without");
    let Some(prev) = i.checked_sub(1) else {
        return false;
    };
    // "takeaway instead of delivery", "rather than have it delivered"; but
    // in "rather than delivery I'll collect" the second type is chosen.
    const TYPE_WORDS: &[&str] = &[
        "delivery",
        "deliver",
        "delivered",
        "collect",
        "collection",
        "collecting",
        "takeaway",
        "pickup",
        "pick",
        "dine",
        "eat",
        "takeout",
    ];
    let turned_down = (i.saturating_sub(4)..i).any(|k| {
        matches!(
            (t.word(k), t.word(k + 1)),
            ("instead", "of") | ("rather", "than")
        ) && (k + 2..i).all(|j| !TYPE_WORDS.contains(&t.word(j)) && !t.break_after(j))
    });
    if turned_down {
        return true;
    }
    negation(prev)
        || (prev.checked_sub(1).is_some_and(negation)
            && matches!(
                t.word(prev),
                "for" | "a" | "the" | "home" | "doing" | "want"
            ))
}

fn take(t: &mut Tokens, from: usize, end: usize, confidence: f64) -> (String, f64) {
    let said = t
        .raw(from, end)
        .trim_end_matches([',', '.', ' '])
        .to_owned();
    t.consume(from, end);
    (said, confidence)
}

/// Where an address starting at `from` ends, if there is one there.
fn address_end(t: &Tokens, from: usize, cued: bool) -> Option<usize> {
    let first = t.list.get(from)?;
    if t.is_consumed(from) {
        return None;
    }
    let numbered = is_house_number(&first.lower);
    // "send it to my house at 12 Rose Avenue": the street address is later.
    if cued
        && matches!(
            first.lower.as_str(),
            "my" | "our" | "me" | "us" | "him" | "her" | "them"
        )
    {
        return None;
    }
    let flat = matches!(
        first.lower.as_str(),
        "flat" | "unit" | "apartment" | "number"
    );
    if !numbered && !flat && !cued {
        return None;
    }
    if !numbered && !flat && !first.is_alpha() {
        return None;
    }
    // "change from delivery to collection": "collection" is no address;
    // "The Old Mill" is one.
    let named_the = first.lower == "the"
        && t.raw(from + 1, from + 2)
            .starts_with(|c: char| c.is_uppercase());
    if !numbered && !flat && !named_the && crate::extract::text::is_common(&first.lower) {
        return None;
    }
    let limit = (from + 11).min(t.len());
    let mut k = from;
    let mut street_end = None;
    while k < limit && !t.is_consumed(k) {
        // "flat 2, 14 Oak Avenue": a flat number may come before a comma;
        // "Riverside Court, 12 High Street": a building before its street.
        let comma_inside = (flat && street_end.is_none())
            || (street_end.is_some() && numbered_street_at(t, k, limit))
            || (cued && street_end.is_none() && named_street_at(t, k));
        if k > from && (STOP.contains(&t.word(k)) || (t.break_after(k - 1) && !comma_inside)) {
            break;
        }
        if is_street_word(t.word(k)) && k > from {
            street_end = Some(k + 1);
        }
        k += 1;
    }
    if street_end.is_some() {
        return street_end;
    }
    // Only a cued address may lack a street word ("send it to Rose Cottage").
    (cued && k > from + usize::from(numbered)).then_some(k)
}

/// "12", "12a", "221b": not a time ("7pm") or a count with a unit.
fn is_house_number(w: &str) -> bool {
    // "3-5 Long Lane": a range of numbers is one.
    if let Some((a, b)) = w.split_once('-') {
        return is_house_number(a) && is_house_number(b);
    }
    w.starts_with(|c: char| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_alphanumeric())
        && w.len() <= 5
        && !w.ends_with("am")
        && !w.ends_with("pm")
}

/// A street word ("Road", "Lane", "Approach").
pub fn is_street_word(w: &str) -> bool {
    STREET.contains(&w) || is_one_word_street(w)
}

/// "Kingsway", "Southgate": a street named in one word.
fn is_one_word_street(w: &str) -> bool {
    w.chars().count() >= 6
        && w.chars().all(char::is_alphabetic)
        && (w.ends_with("way") || w.ends_with("gate"))
}

/// "Mill Lane" after "Rose Cottage,": a name and a street word at `k`.
fn named_street_at(t: &Tokens, k: usize) -> bool {
    t.list.get(k).is_some_and(|w| w.is_alpha())
        && !t.break_after(k)
        && STREET.contains(&t.word(k + 1))
}

/// A house number at `k` and a street word after it, before a break.
fn numbered_street_at(t: &Tokens, k: usize, limit: usize) -> bool {
    if !is_house_number(t.word(k)) {
        return false;
    }
    let mut j = k + 1;
    while j < limit && !t.break_after(j - 1) {
        if STREET.contains(&t.word(j)) {
            return true;
        }
        j += 1;
    }
    false
}

const STREET: &[&str] = &[
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "lane",
    "ln",
    "drive",
    "close",
    "way",
    "place",
    "crescent",
    "court",
    "gardens",
    "terrace",
    "square",
    "grove",
    "hill",
    "park",
    "row",
    "walk",
    "mews",
    "parade",
    "rise",
    "view",
    "green",
    "gate",
    "boulevard",
    "yard",
    "wharf",
    "quay",
    "circus",
    "vale",
    "broadway",
    "end",
    "estate",
    "cottages",
    "villas",
    "approach",
    "heights",
    "meadows",
    "fields",
    "chase",
    "croft",
    "embankment",
    "mount",
];

const STOP: &[&str] = &[
    "please", "for", "and", "thanks", "thank", "by", "at", "around", "asap", "my", "i", "it's",
    "to", "in", "as", "soon", "tonight", "today", "tomorrow", "now", "with", "then", "if", "so",
];
