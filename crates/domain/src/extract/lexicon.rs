//! Lexicon: finds catalog names and aliases in the tokens, forgiving plurals
//! and small spelling slips.
//!
//! Built once per catalog (menu items, or services). Matching prefers the
//! longest phrase, then exact over fuzzy words, then canonical names over
//! aliases. Fuzzy matching uses the optimal-string-alignment distance, only
//! on words of five letters or more that share their first letter and are not
//! everyday words, so "later" never becomes "water".

use std::collections::HashMap;

use crate::extract::text::{Tokens, is_common};

/// A catalog phrase matched at some tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexMatch {
    /// Index of the catalog entry (menu item or service).
    pub target: usize,
    pub start: usize,
    pub len: usize,
    /// Every word matched exactly (plurals count as exact).
    pub exact: bool,
    /// Matched through the canonical name rather than an alias.
    pub canonical: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    target: usize,
    canonical: bool,
}

/// The names and aliases of one list of catalog entries.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    phrases: Vec<Phrase>,
    /// Phrases by the first letter of their first word: a match (exact or
    /// fuzzy) always shares it, so only these are tried at a token.
    by_first: HashMap<char, Vec<usize>>,
}

impl Lexicon {
    /// `entries` yields, per catalog entry, its canonical name then aliases.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Self {
        let mut phrases: Vec<Phrase> = Vec::new();
        for (target, (name, aliases)) in entries.into_iter().enumerate() {
            let all =
                std::iter::once((name, true)).chain(aliases.iter().map(|a| (a.as_str(), false)));
            for (text, canonical) in all {
                let words = phrase_words(text);
                if words.is_empty() {
                    continue;
                }
                let joined = words.concat();
                let mut push = |words: Vec<String>| {
                    if !phrases
                        .iter()
                        .any(|p| p.words == words && p.target == target)
                    {
                        phrases.push(Phrase {
                            words,
                            target,
                            canonical,
                        });
                    }
                };
                // "ice cream" is also said "icecream", "check-up" "checkup",
                // and inside a longer name "vanilla icecream".
                if words.len() > 1 && joined.chars().count() >= 6 {
                    push(vec![joined]);
                }
                if words.len() > 2 {
                    for k in 0..words.len() - 1 {
                        let pair = format!("{}{}", words[k], words[k + 1]);
                        if pair.chars().count() >= 6 {
                            let mut joined_pair = words[..k].to_vec();
                            joined_pair.push(pair);
                            joined_pair.extend_from_slice(&words[k + 2..]);
                            push(joined_pair);
                        }
                    }
                }
                push(words.clone());
                // "classic burger" for "Classic Beef Burger": a three-word
                // name said without its middle word.
                if canonical && let [first, _, last] = words.as_slice() {
                    phrases.push(Phrase {
                        words: vec![first.clone(), last.clone()],
                        target,
                        canonical: false,
                    });
                }
            }
        }
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (k, p) in phrases.iter().enumerate() {
            if let Some(c) = p.words.first().and_then(|w| w.chars().next()) {
                by_first.entry(c).or_default().push(k);
            }
        }
        Lexicon { phrases, by_first }
    }

    /// The best phrase starting exactly at token `i`, on free tokens.
    pub fn match_at(&self, t: &Tokens, i: usize) -> Option<LexMatch> {
        let first = t.list.get(i)?.lower.chars().next()?;
        let mut best: Option<LexMatch> = None;
        for p in self
            .by_first
            .get(&first)?
            .iter()
            .filter_map(|&k| self.phrases.get(k))
        {
            let Some(exact) = self.phrase_matches(t, i, p) else {
                continue;
            };
            let m = LexMatch {
                target: p.target,
                start: i,
                len: p.words.len(),
                exact,
                canonical: p.canonical,
            };
            if best.is_none_or(|b| rank(m) > rank(b)) {
                best = Some(m);
            }
        }
        best
    }

    /// Every match from left to right, longest first, without overlaps.
    pub fn find_all(&self, t: &Tokens) -> Vec<LexMatch> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < t.len() {
            match self.match_at(t, i) {
                Some(m) => {
                    out.push(m);
                    i += m.len;
                }
                None => i += 1,
            }
        }
        out
    }

    fn phrase_matches(&self, t: &Tokens, i: usize, p: &Phrase) -> Option<bool> {
        let mut n_fuzzy = 0;
        let mut slipped = false;
        for (k, want) in p.words.iter().enumerate() {
            let at = i + k;
            if t.is_consumed(at) || (k > 0 && t.break_after(at - 1)) {
                return None;
            }
            match word_matches(t.word(at), want) {
                Some(true) => {}
                Some(false) => n_fuzzy += 1,
                // In a longer phrase one word may slip further ("chocolate
                // browny") when the rest is said exactly.
                None if p.words.len() > 1 && !slipped && loose(t.word(at), want) => slipped = true,
                None => return None,
            }
        }
        if slipped && n_fuzzy > 0 {
            return None;
        }
        Some(n_fuzzy == 0 && !slipped)
    }
}

fn rank(m: LexMatch) -> (usize, bool, bool) {
    (m.len, m.exact, m.canonical)
}

/// Normalized words of a catalog phrase: lower case, `&` as "and",
/// hyphens as spaces.
pub fn phrase_words(text: &str) -> Vec<String> {
    Tokens::new(&text.replace('-', " "))
        .list
        .into_iter()
        .map(|t| t.lower)
        .collect()
}

/// `Some(true)` for an exact or plural match, `Some(false)` for a spelling
/// slip, `None` for no match.
pub fn word_matches(said: &str, want: &str) -> Option<bool> {
    if said == want || is_plural_of(said, want) {
        return Some(true);
    }
    if fuzzy(said, want) || said.strip_suffix('s').is_some_and(|s| fuzzy(s, want)) {
        return Some(false);
    }
    None
}

fn is_plural_of(said: &str, want: &str) -> bool {
    // Also the other way round: "an onion ring", "fish and chip".
    if (want.strip_suffix('s') == Some(said)
        || want
            .strip_suffix("ies")
            .is_some_and(|w| said.strip_suffix('y') == Some(w)))
        && said.chars().count() >= 3
    {
        return true;
    }
    if let Some(stem) = said.strip_suffix('s')
        && (stem == want || stem.strip_suffix('e') == Some(want))
    {
        return true;
    }
    if let (Some(stem), Some(w)) = (said.strip_suffix("ies"), want.strip_suffix('y')) {
        return stem == w;
    }
    // "frys" for "fries": the plural spelled as said.
    if let (Some(stem), Some(w)) = (said.strip_suffix("ys"), want.strip_suffix("ies"))
        && stem.chars().count() >= 2
    {
        return stem == w;
    }
    // Verb forms of service words: "mended", "fixed", "serviced", "installing".
    let ed = said
        .strip_suffix("ed")
        .or_else(|| said.strip_suffix('d').filter(|_| want.ends_with('e')));
    let ing = said.strip_suffix("ing");
    (ed == Some(want)
        || ing == Some(want)
        || ing.is_some_and(|s| want.strip_suffix('e') == Some(s)))
        && want.chars().count() >= 3
}

fn loose(said: &str, want: &str) -> bool {
    if NOT_SLIPS.contains(&said) {
        return false;
    }
    if said.chars().next() != want.chars().next() {
        return false;
    }
    // "diet cok": a four-letter word missing its last letter.
    if said.chars().count() == 3 && want.chars().count() == 4 && want.starts_with(said) {
        return true;
    }
    let n = said.chars().count().min(want.chars().count());
    // "garlic bred": a four-letter word may slip by one letter here.
    let allowed = match n {
        0..=3 => return false,
        4 => 1,
        _ => 2,
    };
    said.chars().all(char::is_alphabetic)
        && within_letters(said, want, allowed)
        && !is_common(said)
        && strsim::osa_distance(said, want) <= allowed
}

/// A cheap necessary condition for `osa_distance(said, want) <= allowed`:
/// every kind of letter in one word and not in the other costs at least
/// one edit, and so does every letter of length difference. Most pairs
/// fail here, before the distance is computed.
fn within_letters(said: &str, want: &str, allowed: usize) -> bool {
    fn letters(word: &str) -> u32 {
        word.bytes()
            .filter(u8::is_ascii_lowercase)
            .fold(0, |m, b| m | 1 << (b - b'a'))
    }
    if said.len().abs_diff(want.len()) > allowed * 4 {
        // Far apart in bytes even allowing for multi-byte letters.
        return false;
    }
    let (a, b) = (letters(said), letters(want));
    ((a & !b).count_ones() as usize) <= allowed && ((b & !a).count_ones() as usize) <= allowed
}

/// Real words one letter from a menu word: never a slip for it ("fried
/// chicken" is not fries).
const NOT_SLIPS: &[&str] = &[
    "fried", "fired", "tried", "dried", "cried", "fries", "waiter", "waiters", "winter",
];

fn fuzzy(said: &str, want: &str) -> bool {
    if NOT_SLIPS.contains(&said) {
        return false;
    }
    if said.chars().next() != want.chars().next() {
        return false;
    }
    let (n_said, n_want) = (said.chars().count(), want.chars().count());
    let allowed = if n_want >= 8 { 2 } else { 1 };
    // The distance is at least the difference in length.
    if n_said < 5 || n_want < 5 || n_said.abs_diff(n_want) > allowed {
        return false;
    }
    if !within_letters(said, want, allowed) {
        return false;
    }
    if is_common(said) || !said.chars().all(char::is_alphabetic) {
        return false;
    }
    strsim::osa_distance(said, want) <= allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(said: &str, want: &str, expect: Option<bool>) {
        assert_eq!(word_matches(said, want), expect, "{said} vs {want}");
    }

    #[test]
    fn words_match_through_plurals_and_slips() {
        check("pizzas", "pizza", Some(true));
        check("cokes", "coke", Some(true));
        check("brownies", "brownie", Some(true));
        check("sandwiches", "sandwich", Some(true));
        check("berries", "berry", Some(true));
        check("margarita", "margherita", Some(false));
        check("peperoni", "pepperoni", Some(false));
        check("later", "water", None);
        check("chip", "chips", Some(true));
        check("fried", "fries", None);
        check("ring", "rings", Some(true));
        check("fry", "fries", Some(true));
        check("mind", "mend", None);
        check("coke", "cake", None);
    }

    #[test]
    fn prefers_longest_then_exact_then_canonical() {
        let aliases_a = vec!["orange".to_owned()];
        let aliases_b: Vec<String> = vec![];
        let lex = Lexicon::new([
            ("Orange Juice", aliases_a.as_slice()),
            ("Juice", &aliases_b[..]),
        ]);
        let t = Tokens::new("an orange juice and an orange");
        let found = lex.find_all(&t);
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].target, found[0].len, found[0].canonical),
            (0, 2, true)
        );
        assert_eq!(
            (found[1].target, found[1].len, found[1].canonical),
            (0, 1, false)
        );
    }

    /// `within_letters` only skips pairs the distance would refuse: checked
    /// against `osa_distance` on every pair of catalog words and slips.
    #[test]
    fn the_letter_filter_never_refuses_a_near_pair() {
        let catalog = crate::catalog::Catalog::demo();
        let mut words: Vec<String> = catalog
            .restaurant
            .menu
            .iter()
            .flat_map(|m| std::iter::once(&m.item_name).chain(&m.aliases))
            .chain(
                catalog
                    .appointments
                    .services
                    .iter()
                    .map(|s| &s.service_name),
            )
            .flat_map(|n| {
                n.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        words.extend(
            [
                "margeritta",
                "peperoni",
                "brgr",
                "chese",
                "cokr",
                "friez",
                "chikcen",
                "naïve",
            ]
            .map(str::to_owned),
        );
        for a in &words {
            for b in &words {
                for allowed in 0..=2 {
                    if strsim::osa_distance(a, b) <= allowed {
                        assert!(within_letters(a, b, allowed), "{a} / {b} within {allowed}");
                    }
                }
            }
        }
    }
}
