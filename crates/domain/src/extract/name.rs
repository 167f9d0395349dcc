//! Caller names, in title case, after "my name is", "I'm", "this is" and the
//! like.
//!
//! "my name is" and "name's" are strong cues; "I'm", "I am", "this is" and
//! "it's" are weak ones ("it's urgent", "I'm looking for"), so after them a
//! word must look like a name: capitalized when the caller's text uses
//! capitals at all, otherwise not an everyday word. One to three words are
//! taken, stopping at a clause break, "and", digits or an everyday word.

use crate::extract::dates::{is_calendar_word, is_weekday_or_month};
use crate::extract::numbers::{cardinal, day_at};
use crate::extract::text::{Tokens, is_common};

/// The name said, with its confidence; consumes the cue and the name.
pub fn extract_name(t: &mut Tokens) -> Option<(String, f64)> {
    const STRONG: &[&[&str]] = &[
        &["my", "name", "is"],
        &["my", "name's"],
        &["my", "names"],
        &["the", "name", "is"],
        &["under", "the", "name"],
        &["in", "the", "name", "of"],
        &["the", "name's"],
        &["name", "is"],
        &["name's"],
        &["call", "me"],
    ];
    const WEAK: &[&[&str]] = &[
        &["i'm"],
        &["im"],
        &["i", "am"],
        &["this", "is"],
        &["it's"],
        &["it", "is"],
        &["its"],
    ];
    let cased = uses_capitals(t);
    // A strong cue anywhere wins over a weak one before it: in "I'm vegan,
    // my name is Ravi" the name follows "my name is".
    for (cues, strong) in [(STRONG, true), (WEAK, false)] {
        for i in 0..t.len() {
            let Some(cue) = cues.iter().find(|c| t.phrase_at(i, c)) else {
                continue;
            };
            let from = i + cue.len();
            if t.break_after(from - 1) && !strong {
                continue;
            }
            // "Book a repair on Monday, i'm sam jones": a clause written
            // without capitals is read as uncased text, whatever the rest does.
            let cased = cased && clause_uses_capitals(t, from);
            let end = name_end(t, from, strong, cased);
            // "it's Tuesday": after a weak cue a lone weekday or month is the
            // date, not who is calling.
            let lone_date = !strong && end == from + 1 && is_weekday_or_month(t.word(from));
            if end > from && !lone_date {
                let name = title_case(t.raw(from, end));
                t.consume(i, end);
                return Some((name, if strong { 0.9 } else { 0.8 }));
            }
        }
    }
    None
}

/// A short reply that is only a name ("John Smith"), used when the agent
/// asked for one.
pub fn bare_name(t: &mut Tokens) -> Option<(String, f64)> {
    let free: Vec<usize> = (0..t.len()).filter(|&i| !t.is_consumed(i)).collect();
    let (&first, &last) = (free.first()?, free.last()?);
    let contiguous = last + 1 - first == free.len();
    if !contiguous || free.len() > 3 || name_end(t, first, true, uses_capitals(t)) != last + 1 {
        return None;
    }
    let name = title_case(t.raw(first, last + 1));
    t.consume(first, last + 1);
    Some((name, 0.7))
}

/// Where the name starting at `from` ends: up to three words (two without
/// capitals to go by); "anne-marie" and "al-sayed" are one word each.
fn name_end(t: &Tokens, from: usize, strong: bool, cased: bool) -> usize {
    let max_words = if cased { 3 } else { 2 };
    let mut words = 0;
    let mut k = from;
    while k < t.len() {
        let continues = k > from && t.hyphen_joined(k);
        if (!continues && words == max_words)
            || t.is_consumed(k)
            || !(looks_like_name(t, k, strong || k > from, cased)
                || (words == 1 && surname_word(t, k))
                || (strong && k == from && first_name_word(t, k)))
        {
            break;
        }
        // "Peter van der Berg": particles do not count towards the words.
        let particle = k > from && NAME_PARTICLES.contains(&t.word(k)) && k + 1 < t.len();
        if !continues && !particle {
            words += 1;
        }
        k += 1;
        if t.break_after(k - 1) {
            break;
        }
    }
    // A name does not end on a hyphen.
    while k > from + 1 && t.hyphen_joined(k) {
        k -= 1;
    }
    k
}

/// "my name is mark price": after a strong cue and a first name, a surname
/// that is also an everyday word, when it ends the clause.
fn surname_word(t: &Tokens, k: usize) -> bool {
    let ends_clause = t.break_after(k)
        || matches!(
            t.word(k + 1),
            "" | "and" | "my" | "i" | "i'm" | "calling" | "speaking" | "from" | "here" | "on"
        );
    ends_clause && SURNAME_WORDS.contains(&t.word(k))
}

/// "April Jones", "Ray Friday", "Tom March": a weekday or month written
/// with its capital and not followed by the rest of a date or time ("May
/// 3rd", "Friday at 3", "Monday morning").
fn calendar_name(t: &Tokens, k: usize) -> bool {
    is_weekday_or_month(t.word(k)) && capitalized(t, k) && !date_goes_on(t, k)
}

/// "my name is will smith", "my name is june": right after a strong cue,
/// a first name that is also an everyday or calendar word, written in any
/// case (a month still starts a date: "my name is on the booking for May 3rd"
/// never gets here, "on" is no name).
fn first_name_word(t: &Tokens, k: usize) -> bool {
    FIRST_NAME_WORDS.contains(&t.word(k)) && !date_goes_on(t, k)
}

/// The words after a weekday or month continue a date or time ("May 3rd",
/// "Friday at 3", "Monday morning").
fn date_goes_on(t: &Tokens, k: usize) -> bool {
    if t.break_after(k) {
        return false;
    }
    let next = t.word(k + 1);
    next.starts_with(|c: char| c.is_ascii_digit())
        || day_at(t, k + 1).is_some()
        || matches!(
            next,
            "at" | "the"
                | "of"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "next"
                | "week"
                | "after"
                | "before"
                | "around"
                | "by"
                | "from"
                | "in"
                | "this"
                | "or"
                | "to"
                | "until"
                | "till"
                | "works"
                | "is"
                | "would"
                | "please"
        )
}

/// Some word from `from` on starts with a capital (other than "I"), up to
/// the next clause break or "and"; a word in all
/// capitals ("JAMES.WRIGHT@EXAMPLE.COM", "VPN") says nothing about case.
fn clause_uses_capitals(t: &Tokens, from: usize) -> bool {
    let mut k = from;
    while k < t.len() {
        if k > from && t.word(k) == "and" {
            break;
        }
        let raw = t.raw(k, k + 1);
        let shouted = raw.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !raw.chars().any(char::is_lowercase);
        if capitalized(t, k) && !shouted {
            return true;
        }
        if t.break_after(k) {
            break;
        }
        k += 1;
    }
    false
}

fn capitalized(t: &Tokens, k: usize) -> bool {
    let is_i = matches!(t.word(k), "i" | "i'm" | "i'd" | "i'll" | "i've" | "im");
    !is_i
        && t.raw(k, k + 1)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

fn looks_like_name(t: &Tokens, k: usize, strong: bool, cased: bool) -> bool {
    let Some(token) = t.list.get(k) else {
        return false;
    };
    let w = token.lower.as_str();
    let alpha = w
        .chars()
        .all(|c| c.is_alphabetic() || c == '\'' || c == '-');
    // "Nguyen Van An": a capitalized "An" ending a name is a name.
    let last_word = t.break_after(k) || matches!(t.word(k + 1), "" | "and");
    let capital_an = w == "an" && cased && last_word && t.raw(k, k + 1) == "An";
    if !alpha || w.chars().count() < 2 || (NOT_NAMES.contains(&w) && !capital_an) {
        return false;
    }
    if cardinal(w).is_some() || (is_calendar_word(w) && !calendar_name(t, k)) {
        return false;
    }
    // After a weak cue, "-ing" words say what is going on, not who is
    // calling: "this is taking forever", "it's happening again".
    if !strong && w.len() >= 5 && w.ends_with("ing") {
        return false;
    }
    let capital = t
        .raw(k, k + 1)
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if cased {
        return capital || (strong && !is_common(w));
    }
    !is_common(w)
}

/// The text uses capitals somewhere other than "I" and its first letter.
fn uses_capitals(t: &Tokens) -> bool {
    (0..t.len()).any(|k| t.list.get(k).is_some_and(|token| token.start > 0) && capitalized(t, k))
}

/// "JOHN smith" → "John Smith"; mixed case as said ("McDonald") is kept.
pub fn title_case(said: &str) -> String {
    let words: Vec<String> = said
        .split_whitespace()
        .enumerate()
        .map(|(k, w)| {
            // "Peter van der Berg": particles inside a name stay lower case.
            if k > 0 && NAME_PARTICLES.contains(&w) {
                w.to_owned()
            } else {
                title_word(w)
            }
        })
        .collect();
    words.join(" ")
}

fn title_word(word: &str) -> String {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let mixed = word.chars().any(char::is_uppercase) && word.chars().any(char::is_lowercase);
    if mixed {
        return word.to_owned();
    }
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, '-' | '\'');
    }
    out
}

/// Words after a cue that are never a name.
const NOT_NAMES: &[&str] = &[
    "data",
    "security",
    "vegetarian",
    "vegan",
    "allergic",
    "and",
    "calling",
    "looking",
    "ringing",
    "trying",
    "phoning",
    "here",
    "after",
    "not",
    "just",
    "so",
    "very",
    "really",
    "the",
    "a",
    "an",
    "about",
    "from",
    "speaking",
    "afraid",
    "sorry",
    "hungry",
    "interested",
    "wondering",
    "having",
    "been",
    "going",
    "getting",
    "still",
    "urgent",
    "fine",
    "okay",
    "ok",
    "good",
    "great",
    "sure",
    "correct",
    "right",
    "wrong",
    "broken",
    "down",
    "over",
    "ready",
    "late",
    "free",
    "available",
    "possible",
    "please",
    "thanks",
    "yes",
    "no",
    "that",
    "this",
    "it",
    "my",
    "your",
    "our",
    "in",
    "on",
    "at",
    "for",
    "to",
    "of",
    "with",
    "delivery",
    "collection",
    "pizza",
    "burger",
    // "this is critical", "I'm locked out", "it's completely down"
    "critical",
    "serious",
    "high",
    "low",
    "priority",
    "absolutely",
    "completely",
    "totally",
    "extremely",
    "super",
    "faulty",
    "frozen",
    "slow",
    "dead",
    "missing",
    "locked",
    "struggling",
    "confused",
    "disappointed",
    "concerned",
    "worried",
    "frustrated",
    "unhappy",
    "angry",
    "finished",
    "open",
    "closed",
    "outside",
    "planning",
    "hoping",
    "wanting",
    "sorted",
    "fixed",
    "resolved",
    "solved",
    "gone",
    "back",
    "new",
    "famished",
    "starved",
    "stuck",
    "done",
    "lost",
    "useless",
    "impossible",
];

/// English surnames that are also everyday words.
const SURNAME_WORDS: &[&str] = &[
    "price", "day", "little", "best", "long", "young", "small", "rich", "hope", "hall", "bell",
    "king", "cook", "baker", "hill", "wood", "wells", "green", "white", "black", "brown", "gray",
    "grey", "may", "march", "north", "west", "lane", "rice", "sharp", "wise", "bright", "good",
    "power", "ford", "marsh", "sweet", "frost", "moss", "house", "holiday", "waters", "fields",
    "free", "still", "ready", "well", "cross", "stone", "church", "wall", "field", "street",
];

/// First names that are also everyday or calendar words.
const FIRST_NAME_WORDS: &[&str] = &[
    "will", "bill", "may", "june", "april", "august", "mark", "rose", "grace", "hope", "faith",
    "joy", "pat", "sue", "ray", "dawn", "summer", "autumn", "holly", "ivy", "lily", "daisy",
    "jack", "frank", "gene", "guy", "max", "sandy", "rob", "don", "drew", "chase", "hunter",
    "robin", "jay", "rich", "art", "penny", "ruby", "amber", "heather", "jasmine", "carol",
];

/// Lower-case particles inside surnames.
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "la", "le", "du", "da", "di", "del", "al", "el", "bin", "ibn",
];
