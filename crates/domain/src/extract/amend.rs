//! Corrections inside one utterance: an item taken back ("a pizza and a
//! coke, no wait, forget the coke", "a lemonade instead of the coke") or
//! swapped ("a coke, no, make it a lemonade", "two lemonades instead").
//!
//! Each applies only to an item said earlier in the same utterance; the cue
//! and the item it names are consumed before items are read, and the result
//! is applied to the items found. A removal or swap that opens an utterance
//! with nothing before it is left to the conversation (`context`), which
//! applies it to the order so far, with the same cue words.

use voice_types::extraction::ExtractedItem;

use crate::extract::items::{ItemsFound, add_item_line, trailing_modifiers};
use crate::extract::lexicon::Lexicon;
use crate::extract::numbers::quantity_at;
use crate::extract::text::Tokens;

/// "a coke, no wait, make it a lemonade": the item said last before the
/// cue (`from`) becomes `to`, with the quantity and the modifiers said with
/// it, if any (otherwise the old line's stay).
pub struct Swap {
    from: usize,
    to: usize,
    quantity: Option<u32>,
    modifiers: Vec<String>,
}

/// Swap cues, each before the new item ("make it a lemonade").
pub const SWAP_CUES: &[&[&str]] = &[
    &["make", "it"],
    &["make", "that"],
    &["change", "it", "to"],
    &["change", "that", "to"],
    &["switch", "it", "to"],
    &["switch", "that", "to"],
    &["swap", "it", "for"],
    &["swap", "that", "for"],
];

/// Finds "make it a lemonade" and "a lemonade instead" after an item said
/// earlier in the same utterance, consuming the cue and the new item. A
/// swap with no item before it in the utterance is left to the
/// conversation (`context`).
pub fn swaps(t: &mut Tokens, lexicon: &Lexicon) -> Vec<Swap> {
    let mut swaps = Vec::new();
    let instead = t.may_start(&["instead"]);
    if !instead && !SWAP_CUES.iter().any(|c| t.may_start(c)) {
        return swaps;
    }
    let mut i = 1;
    while i < t.len() {
        if t.is_consumed(i) {
            i += 1;
            continue;
        }
        // "make it (two|a) lemonade(s)"
        if let Some(cue) = SWAP_CUES.iter().find(|c| t.phrase_at(i, c)) {
            let mut at = i + cue.len();
            let mut quantity = None;
            if let Some((n, len)) = quantity_at(t, at) {
                if !matches!(t.word(at), "a" | "an") {
                    quantity = Some(n);
                }
                at += len;
            } else if matches!(t.word(at), "the" | "some") {
                at += 1;
            }
            if let Some(m) = lexicon.match_at(t, at)
                && let Some(from) = item_before(t, lexicon, i, m.target)
            {
                let (modifiers, end) = trailing_modifiers(t, lexicon, m.start + m.len);
                t.consume(i, end);
                swaps.push(Swap {
                    from,
                    to: m.target,
                    quantity,
                    modifiers,
                });
                i = end;
                continue;
            }
        }
        // "(two|a) lemonade(s) instead" (not "instead of ...")
        if instead
            && t.word(i) == "instead"
            && t.word(i + 1) != "of"
            && let Some(m) = (i.saturating_sub(4)..i)
                .filter(|&k| !t.is_consumed(k))
                .find_map(|k| lexicon.match_at(t, k).filter(|m| m.start + m.len == i))
        {
            let (quantity, start) = match m.start.checked_sub(1) {
                Some(q) if !t.is_consumed(q) => match quantity_at(t, q) {
                    Some((n, 1)) if !matches!(t.word(q), "a" | "an") => (Some(n), q),
                    Some((_, 1)) => (None, q),
                    _ => (None, m.start),
                },
                _ => (None, m.start),
            };
            if let Some(from) = item_before(t, lexicon, start, m.target) {
                t.consume(start, i + 1);
                swaps.push(Swap {
                    from,
                    to: m.target,
                    quantity,
                    modifiers: Vec::new(),
                });
            }
        }
        i += 1;
    }
    swaps
}

/// The menu entry of the last item said before token `before`, if it is
/// not `other`.
fn item_before(t: &Tokens, lexicon: &Lexicon, before: usize, other: usize) -> Option<usize> {
    (0..before)
        .rev()
        .filter(|&j| !t.is_consumed(j))
        .find_map(|j| lexicon.match_at(t, j).filter(|m| m.start + m.len <= before))
        .map(|m| m.target)
        .filter(|&target| target != other)
}

pub fn apply_swap(names: &[String], swap: &Swap, found: &mut ItemsFound) {
    let (Some(from), Some(to)) = (names.get(swap.from), names.get(swap.to)) else {
        return;
    };
    match found.items.iter().rposition(|it| it.item_name == *from) {
        Some(k) => {
            let it = &mut found.items[k];
            it.item_name.clone_from(to);
            if let Some(q) = swap.quantity {
                it.quantity = q;
            }
            if !swap.modifiers.is_empty() {
                it.special_instructions = Some(swap.modifiers.join(", "));
            }
            // The new line may now equal another: join them.
            let line = found.items.remove(k);
            add_item_line(&mut found.items, line);
        }
        None => add_item_line(
            &mut found.items,
            ExtractedItem {
                item_name: to.clone(),
                quantity: swap.quantity.unwrap_or(1),
                special_instructions: (!swap.modifiers.is_empty())
                    .then(|| swap.modifiers.join(", ")),
            },
        ),
    }
}

/// "a lemonade instead of the coke": the item after it comes off.
const INSTEAD_OF: &[&[&str]] = &[&["instead", "of"]];

/// Words that take an item off an order ("remove the coke", "I don't want
/// the chips").
pub const REMOVAL_CUES: &[&[&str]] = &[
    &["forget"],
    &["scratch"],
    &["remove"],
    &["drop"],
    &["cancel"],
    &["scrap"],
    &["delete"],
    &["lose"],
    &["skip"],
    &["take", "off"],
    &["don't", "want"],
    &["do", "not", "want"],
    &["no", "need", "for"],
];

/// "a pizza and a coke, no wait, forget the coke": a removal cue before an
/// item said earlier in the same utterance takes that item off. The cue and
/// the item are consumed, and the menu entries returned. A removal of an
/// item not said before in the utterance is left alone here: in a
/// conversation it amends the order so far (`context`).
pub fn removals(t: &mut Tokens, lexicon: &Lexicon) -> Vec<usize> {
    let mut removed = Vec::new();
    if !REMOVAL_CUES
        .iter()
        .chain(INSTEAD_OF)
        .any(|c| t.may_start(c))
    {
        return removed;
    }
    let mut i = 1;
    while i < t.len() {
        let cue = REMOVAL_CUES
            .iter()
            .chain(INSTEAD_OF)
            .find(|c| !t.is_consumed(i) && t.phrase_at(i, c));
        let Some(cue) = cue else {
            i += 1;
            continue;
        };
        let mut at = i + cue.len();
        if matches!(t.word(at), "the" | "that" | "those" | "my") {
            at += 1;
        }
        let Some(m) = lexicon.match_at(t, at) else {
            i += 1;
            continue;
        };
        // "a lemonade instead of the coke": any item before will do.
        let replaced = cue[0] == "instead";
        let said_before = (0..i).any(|j| {
            !t.is_consumed(j)
                && lexicon
                    .match_at(t, j)
                    .is_some_and(|e| replaced || e.target == m.target)
        });
        if !said_before {
            i += 1;
            continue;
        }
        let mut end = m.start + m.len;
        if t.phrase_at(end, &["after", "all"]) {
            end += 2;
        }
        t.consume(i, end);
        removed.push(m.target);
        i = end;
    }
    removed
}
