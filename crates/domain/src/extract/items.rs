//! Menu items: what was ordered, how many, with which modifiers, and what
//! was asked for that is not on the menu.
//!
//! One left-to-right pass over the free tokens. A quantity ("two", "a
//! couple of", "half a dozen") waits for the next item phrase, skipping unit
//! words ("portions of") and size words ("large", kept as a modifier).
//! Modifier clauses after an item ("with no onions", "extra cheese", "well
//! done") become its `special_instructions`. Unknown words right after a
//! quantity ("a cheeseburger") are reported as unrecognized, as said. An
//! item taken back or swapped in the same utterance is settled by `amend`.

use voice_types::extraction::ExtractedItem;

use crate::extract::amend;
use crate::extract::lexicon::{LexMatch, Lexicon, word_matches};
use crate::extract::numbers::quantity_at;
use crate::extract::text::{Tokens, is_common};

/// Items found in one utterance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemsFound {
    pub items: Vec<ExtractedItem>,
    pub unrecognized: Vec<String>,
    /// Every item name matched without a spelling slip.
    pub all_exact: bool,
    /// Some quantity was said with a number word, not just "a".
    pub explicit_quantity: bool,
    /// A counted dish kind with no particular item ("four pizzas"): an
    /// order, though which pizzas is still to be asked.
    pub vague: bool,
}

/// A quantity said but not yet attached to an item.
#[derive(Debug, Clone)]
struct Pending {
    quantity: u32,
    /// First token after the quantity and its unit words.
    phrase_start: usize,
    modifiers: Vec<String>,
    /// End of the unknown words said after the quantity, if any.
    unknown_end: Option<usize>,
    /// A menu head noun ("pizzas") was said after the quantity.
    head: bool,
    n_unknown: usize,
}

/// Reads items from the free tokens, consuming the ones used.
pub fn extract_items(
    t: &mut Tokens,
    lexicon: &Lexicon,
    names: &[String],
    heads: &[String],
) -> ItemsFound {
    let mut found = ItemsFound {
        all_exact: true,
        ..ItemsFound::default()
    };
    let removed = amend::removals(t, lexicon);
    let swaps = amend::swaps(t, lexicon);
    let mut pending: Option<Pending> = None;
    // Where the last menu item (with its modifiers) ended, and the token of
    // its head noun ("burger") if it ended with one.
    let mut last_item_end = None;
    let mut last_head: Option<usize> = None;
    let mut i = 0;
    while i < t.len() {
        if t.is_consumed(i) {
            flush(t, pending.take(), &mut found);
            i += 1;
            continue;
        }
        if let Some(m) = lexicon.match_at(t, i) {
            let last = m.start + m.len - 1;
            last_head = is_head(t.word(last), heads).then_some(last);
            i = take_item(t, lexicon, names, m, pending.take(), &mut found);
            last_item_end = Some(i);
            continue;
        }
        if pending.is_none()
            && let Some((modifier, m)) = modifier_before_item(t, lexicon, i)
        {
            let before = Pending {
                quantity: 1,
                phrase_start: m.start,
                modifiers: vec![modifier],
                unknown_end: None,
                n_unknown: 0,
                head: false,
            };
            t.consume(i, m.start);
            i = take_item(t, lexicon, names, m, Some(before), &mut found);
            continue;
        }
        // "some sushi": "some" starts a noun phrase as "a" does.
        let some = (t.word(i) == "some").then_some((1, 1));
        if let Some((quantity, len)) = quantity_at(t, i).or(some) {
            flush(t, pending.take(), &mut found);
            found.explicit_quantity |= !matches!(t.word(i), "a" | "an" | "some");
            pending = Some(Pending {
                quantity,
                phrase_start: i + len,
                modifiers: Vec::new(),
                unknown_end: None,
                n_unknown: 0,
                head: false,
            });
            i += len;
            if t.break_after(i - 1) {
                flush(t, pending.take(), &mut found);
            }
            continue;
        }
        if pending.is_none()
            && let Some(end) = bare_unknown_dish(t, lexicon, i, last_item_end)
        {
            let said = lower_raw(t, i, end);
            if !found.unrecognized.contains(&said) {
                found.unrecognized.push(said);
            }
            t.consume(i, end);
            i = end;
            continue;
        }
        if let Some(p) = &pending
            && p.unknown_end.is_none()
            && p.modifiers.is_empty()
            && !p.head
            && let Some(dish) = shared_head(t, lexicon, i, heads, last_head)
        {
            let quantity = p.quantity;
            t.consume(i, i + 1);
            if t.word(i + 1) == "one" || t.word(i + 1) == "ones" {
                t.consume(i + 1, i + 2);
            }
            pending = None;
            match dish {
                Ok(target) => add_item(names, target, quantity, Vec::new(), &mut found),
                Err(said) if !found.unrecognized.contains(&said) => found.unrecognized.push(said),
                Err(_) => {}
            }
            i += 1;
            continue;
        }
        if let Some(p) = pending.as_mut() {
            let len = absorb_in_noun_phrase(t, i, p, heads);
            if len == 0 {
                flush(t, pending.take(), &mut found);
                i += 1;
                continue;
            }
            i += len;
            if t.break_after(i - 1) {
                flush(t, pending.take(), &mut found);
            }
            continue;
        }
        i += 1;
    }
    flush(t, pending, &mut found);
    if !removed.is_empty() {
        found
            .items
            .retain(|it| !removed.iter().any(|&k| names.get(k) == Some(&it.item_name)));
    }
    for swap in swaps {
        amend::apply_swap(names, &swap, &mut found);
    }
    found
}

/// Attaches an item match (with its pending quantity) and its trailing
/// modifiers; returns the index after them.
fn take_item(
    t: &mut Tokens,
    lexicon: &Lexicon,
    names: &[String],
    m: LexMatch,
    pending: Option<Pending>,
    found: &mut ItemsFound,
) -> usize {
    let end = m.start + m.len;
    // "a chicken burger": unknown words before a bare alias name a different dish.
    if let Some(p) = &pending
        && p.unknown_end.is_some()
        && m.len == 1
        && !m.canonical
    {
        found.unrecognized.push(lower_raw(t, p.phrase_start, end));
        t.consume(m.start, end);
        return end;
    }
    let (quantity, mut modifiers) = pending.map_or((1, Vec::new()), |p| (p.quantity, p.modifiers));
    let (trailing, after) = trailing_modifiers(t, lexicon, end);
    modifiers.extend(trailing);
    t.consume(m.start, after);
    found.all_exact &= m.exact;
    add_item(names, m.target, quantity, modifiers, found);
    after
}

/// Adds `quantity` of menu entry `target`, joining an equal line.
fn add_item(
    names: &[String],
    target: usize,
    quantity: u32,
    modifiers: Vec<String>,
    found: &mut ItemsFound,
) {
    let Some(name) = names.get(target) else {
        return;
    };
    let line = ExtractedItem {
        item_name: name.clone(),
        quantity,
        special_instructions: (!modifiers.is_empty()).then(|| modifiers.join(", ")),
    };
    add_item_line(&mut found.items, line);
}

/// Adds one line, joining an equal one (same item and instructions).
pub(super) fn add_item_line(items: &mut Vec<ExtractedItem>, line: ExtractedItem) {
    match items.iter_mut().find(|it| {
        it.item_name == line.item_name && it.special_instructions == line.special_instructions
    }) {
        Some(it) => it.quantity = it.quantity.saturating_add(line.quantity),
        None => items.push(line),
    }
}

/// One head noun shared by two dishes: "one beef and one veggie burger"
/// (the head comes later, after "and") and "a beef burger and a veggie
/// one" (the head came before, "one" stands for it). The word at `i`,
/// right after a quantity, is read with that head; the menu entry it then
/// names is returned, or (`Err`) the dish as said with its head when the
/// menu has none of that name ("one chicken and one veggie burger": a
/// "chicken burger" to report). Only an exact match counts: no slips are
/// guessed across words that were never said together.
fn shared_head(
    t: &Tokens,
    lexicon: &Lexicon,
    i: usize,
    heads: &[String],
    last_head: Option<usize>,
) -> Option<Result<usize, String>> {
    let word = t.word(i);
    if !is_unknown_dish_word(word) || t.break_after(i) {
        return None;
    }
    let head = match t.word(i + 1) {
        "one" | "ones" => t.word(last_head?),
        "and" | "or" => {
            // The next item, a few words on, must end with a head noun.
            let m = (i + 2..(i + 6).min(t.len()))
                .filter(|&k| !t.is_consumed(k))
                .find_map(|k| lexicon.match_at(t, k))?;
            let last = t.word(m.start + m.len - 1);
            is_head(last, heads).then_some(last)?
        }
        _ => return None,
    };
    let said = format!("{word} {head}");
    let joined = Tokens::new(&said);
    Some(
        lexicon
            .match_at(&joined, 0)
            .filter(|m| m.len == 2 && m.exact)
            .map(|m| m.target)
            .ok_or(said),
    )
}

/// Token `i` inside a quantity's noun phrase: a unit word, a size word or an
/// unknown dish word. Returns how many tokens it took (0 = the phrase ended).
fn absorb_in_noun_phrase(t: &Tokens, i: usize, p: &mut Pending, heads: &[String]) -> usize {
    let w = t.word(i);
    // A menu head noun ("pizza" in "pizza margherita") waits for the item
    // name, or ends an unknown dish ("hawaiian pizza").
    if is_head(w, heads) {
        if p.unknown_end.is_some() {
            p.unknown_end = Some(i + 1);
        }
        p.head = true;
        return 1;
    }
    if UNIT_WORDS.contains(&w) {
        if p.unknown_end.is_none() && p.modifiers.is_empty() {
            p.phrase_start = i + 1;
        }
        return 1;
    }
    if let Some(len) = fixed_modifier_at(t, i, PREFIX_MODIFIERS) {
        p.modifiers.push(lower_raw(t, i, i + len));
        return len;
    }
    if is_unknown_dish_word(w) && p.n_unknown < 3 {
        p.unknown_end = Some(i + 1);
        p.n_unknown += 1;
        return 1;
    }
    0
}

/// A dish not on the menu said without "a" or a number: "I'd like garlic
/// prawns", "nachos please", "potato wedges and a burger", "two coffees and
/// scones". Only where a dish is expected (after an ordering verb, after
/// "and" that follows an item, or at a clause start followed by "please"
/// or "and" another item), so "perfect, thanks" is not a dish. Returns the
/// end of its words.
fn bare_unknown_dish(
    t: &Tokens,
    lexicon: &Lexicon,
    i: usize,
    last_item_end: Option<usize>,
) -> Option<usize> {
    if t.is_consumed(i) || !is_unknown_dish_word(t.word(i)) || lexicon.match_at(t, i).is_some() {
        return None;
    }
    // "I'll have the lasagne": "the" between the verb and the dish.
    let det = i >= 2 && t.word(i - 1) == "the" && !t.break_after(i - 2);
    let at = if det { i - 1 } else { i };
    let prev = at.checked_sub(1).map_or("", |k| t.word(k));
    let clause_start = !det && (i == 0 || t.break_after(i - 1));
    let go_for = prev == "for" && at >= 2 && t.word(at - 2) == "go";
    let after_verb = !clause_start
        && (go_for
            || matches!(
                prev,
                "like" | "want" | "have" | "get" | "order" | "fancy" | "need"
            ));
    let after_item = !clause_start && prev == "and" && last_item_end == Some(at - 1);
    if !(clause_start || after_verb || after_item) {
        return None;
    }
    let mut end = i;
    while end < t.len()
        && end - i < 3
        && !t.is_consumed(end)
        && is_unknown_dish_word(t.word(end))
        && lexicon.match_at(t, end).is_none()
    {
        end += 1;
        if t.break_after(end - 1) {
            break;
        }
    }
    let next = t.word(end);
    let at_end = end >= t.len() || t.break_after(end - 1);
    let polite = matches!(next, "please" | "thanks");
    let more = next == "and"
        && (quantity_at(t, end + 1).is_some()
            || lexicon.match_at(t, end + 1).is_some()
            || (t.word(end + 1) == "the" && lexicon.match_at(t, end + 2).is_some()));
    let fits = if clause_start {
        // "lasagne please", but not "perfect, thanks".
        (next == "please" && !t.break_after(end - 1)) || more
    } else {
        at_end || polite || more || matches!(next, "for" | "to" | "with" | "as" | "too")
    };
    fits.then_some(end)
}

/// "extra cheese on the margherita", "no onions on my burger": a modifier
/// said first, then the item it is for.
fn modifier_before_item(t: &Tokens, lexicon: &Lexicon, i: usize) -> Option<(String, LexMatch)> {
    if !TRIGGERS.contains(&t.word(i)) || matches!(t.word(i), "add" | "not") {
        return None;
    }
    let on = (i + 2..(i + 5).min(t.len()))
        .take_while(|&k| !t.break_after(k - 1) && !t.is_consumed(k))
        .find(|&k| matches!(t.word(k), "on" | "for" | "in"))?;
    let mut k = on + 1;
    if matches!(t.word(k), "the" | "my" | "a" | "an" | "your" | "that") {
        k += 1;
    }
    let m = lexicon.match_at(t, k)?;
    Some((lower_raw(t, i, on), m))
}

fn flush(t: &Tokens, pending: Option<Pending>, found: &mut ItemsFound) {
    if let Some(Pending {
        unknown_end: None,
        head: true,
        ..
    }) = pending
    {
        found.vague = true;
    }
    if let Some(Pending {
        phrase_start,
        unknown_end: Some(end),
        ..
    }) = pending
    {
        let said = lower_raw(t, phrase_start, end);
        if !said.is_empty() && !found.unrecognized.contains(&said) {
            found.unrecognized.push(said);
        }
    }
}

/// Modifier clauses after an item, and the index after them.
pub fn trailing_modifiers(t: &Tokens, lexicon: &Lexicon, from: usize) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut k = from;
    while k < t.len() && !t.is_consumed(k) {
        let broke = k > 0 && t.break_after(k - 1);
        let w = t.word(k);
        let next = t.word(k + 1);
        // "with no onions and well done", "but without bacon", "but with
        // no bun": a joining word before another modifier clause.
        let clause_next = TRIGGERS.contains(&next)
            || next == "with"
            || fixed_modifier_at(t, k + 1, SUFFIX_MODIFIERS).is_some_and(|len| len > 1);
        if matches!(w, "and" | "but") && clause_next && !broke {
            k += 1;
            continue;
        }
        // "a beef burger please, no onions": "please" before a modifier.
        if w == "please" && clause_next {
            k += 1;
            continue;
        }
        if w == "with" {
            // "with an extra shot", "with a thin crust": "a" and then no
            // menu item is a modifier, not a second item.
            if matches!(next, "a" | "an")
                && !t.break_after(k + 1)
                && lexicon.match_at(t, k + 2).is_none()
                && quantity_at(t, k + 2).is_none()
            {
                let end = modifier_words_end(t, lexicon, k + 2);
                if end > k + 2 {
                    out.push(lower_raw(t, k, end));
                    k = end;
                    continue;
                }
            }
            if lexicon.match_at(t, k + 1).is_some() || quantity_at(t, k + 1).is_some() {
                break;
            }
            if TRIGGERS.contains(&next) {
                k += 1;
                continue;
            }
            let end = modifier_words_end(t, lexicon, k + 1);
            if end == k + 1 {
                break;
            }
            out.push(lower_raw(t, k, end));
            k = end;
            continue;
        }
        if let Some(len) = fixed_modifier_at(t, k, SUFFIX_MODIFIERS) {
            out.push(lower_raw(t, k, k + len));
            k += len;
            continue;
        }
        if TRIGGERS.contains(&w) {
            let end = modifier_words_end(t, lexicon, k + 1);
            if end == k + 1 {
                break;
            }
            out.push(lower_raw(t, k, end));
            k = end;
            continue;
        }
        break;
    }
    (out, k)
}

/// The end of the words a trigger ("no", "extra") applies to: the first word
/// always, then words that are not everyday words, items or numbers. A fixed
/// phrase of everyday words ("gluten free", "on the side") stays inside the
/// clause, so "with gluten free bun" and "with dressing on the side" are one
/// modifier each, as said.
pub fn modifier_words_end(t: &Tokens, lexicon: &Lexicon, from: usize) -> usize {
    let first = t.word(from);
    if first.is_empty()
        || t.is_consumed(from)
        || !t.list.get(from).is_some_and(|x| x.is_alpha())
        || STOP_AFTER_TRIGGER.contains(&first)
        || corrects(first)
    {
        return from;
    }
    // "without the pepperoni", "no extra sauce": the word after a
    // determiner is the modifier's, even when it names a menu item.
    let from = if matches!(first, "the" | "any" | "my")
        && !t.break_after(from)
        && t.list.get(from + 1).is_some_and(|x| x.is_alpha())
        && !t.is_consumed(from + 1)
    {
        from + 1
    } else {
        from
    };
    let mut k = from;
    while k < t.len()
        && !t.is_consumed(k)
        && (k == from || !t.break_after(k - 1))
        && t.list.get(k).is_some_and(|x| x.is_alpha())
    {
        if let Some(len) = fixed_modifier_at(t, k, CLAUSE_PHRASES) {
            k += len;
            continue;
        }
        // "without onions or tomato", "with salt and vinegar": one more
        // modifier word joined by "and"/"or".
        if k > from
            && matches!(t.word(k), "and" | "or")
            && !t.break_after(k)
            && is_bare_modifier_word(t, lexicon, k + 1)
        {
            k += 2;
            continue;
        }
        if k > from
            && (is_common(t.word(k))
                || lexicon.match_at(t, k).is_some()
                || quantity_at(t, k).is_some())
        {
            break;
        }
        k += 1;
    }
    k
}

/// A free word that can only belong to a modifier: alphabetic, not an
/// everyday word, a menu item, a number or a trigger.
fn is_bare_modifier_word(t: &Tokens, lexicon: &Lexicon, k: usize) -> bool {
    let w = t.word(k);
    !t.is_consumed(k)
        && t.list.get(k).is_some_and(|x| x.is_alpha())
        && !is_common(w)
        && !TRIGGERS.contains(&w)
        && lexicon.match_at(t, k).is_none()
        && quantity_at(t, k).is_none()
}

fn fixed_modifier_at(t: &Tokens, i: usize, table: &[&[&str]]) -> Option<usize> {
    table
        .iter()
        .find(|words| t.phrase_at(i, words))
        .map(|words| words.len())
}

/// A menu head noun ("pizza", "burgers"), plurals included.
fn is_head(w: &str, heads: &[String]) -> bool {
    heads.iter().any(|h| word_matches(w, h) == Some(true))
}

fn is_unknown_dish_word(w: &str) -> bool {
    w.chars().count() >= 3
        && w.chars().all(char::is_alphabetic)
        && !is_common(w)
        && crate::extract::numbers::cardinal(w).is_none()
        && !TRIGGERS.contains(&w)
        && !crate::extract::dates::is_calendar_word(w)
}

fn lower_raw(t: &Tokens, from: usize, to: usize) -> String {
    t.raw(from, to).to_lowercase()
}

/// Words that open a modifier clause.
pub const TRIGGERS: &[&str] = &[
    "no", "without", "extra", "add", "hold", "less", "light", "easy", "not", "heavy", "minus",
];

/// Words that end a trigger's clause at once ("no problem").
const STOP_AFTER_TRIGGER: &[&str] = &[
    "and", "or", "please", "for", "to", "at", "thanks", "thank", "but", "problem", "worries",
];

/// Correction words after "no" ("no wait, forget the coke"): not a modifier.
fn corrects(w: &str) -> bool {
    matches!(w, "wait" | "sorry" | "actually")
}

const UNIT_WORDS: &[&str] = &[
    "portion", "portions", "of", "piece", "pieces", "slice", "slices", "serving", "servings",
    "bottle", "bottles", "can", "cans", "glass", "glasses", "cup", "cups", "pint", "pints",
    "plate", "plates", "bowl", "bowls", "more", "the", "your", "those", "these", "x", "lots",
    "side", "sides", "jug", "jugs",
];

const PREFIX_MODIFIERS: &[&[&str]] = &[
    &["well", "done"],
    &["extra", "spicy"],
    &["extra", "large"],
    &["large"],
    &["small"],
    &["medium"],
    &["regular"],
    &["big"],
    &["spicy"],
    &["mild"],
    &["hot"],
    &["cold"],
    &["iced"],
    &["gluten", "free"],
    &["dairy", "free"],
];

/// Phrases of everyday words that stay inside a modifier clause.
const CLAUSE_PHRASES: &[&[&str]] = &[
    &["on", "the", "side"],
    &["gluten", "free"],
    &["dairy", "free"],
    &["well", "done"],
    &["medium", "rare"],
];

const SUFFIX_MODIFIERS: &[&[&str]] = &[
    &["well", "done"],
    &["medium", "rare"],
    &["rare"],
    &["on", "the", "side"],
    &["gluten", "free"],
    &["dairy", "free"],
    &["extra", "spicy"],
    &["spicy"],
    &["mild"],
    &["toasted"],
    &["large"],
    &["small"],
    &["no", "ice"],
];
