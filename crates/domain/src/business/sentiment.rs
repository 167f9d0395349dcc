//! The caller's overall sentiment over a finished call, by a small lexicon.
//!
//! The rule, over the caller's own transcript lines only (never the agent's):
//! 1. A line is lower-cased and split into words (letters and apostrophes;
//!    `’` reads as `'`).
//! 2. Each word in the lexicon scores its weight: +1 or +2 for positive words,
//!    -1 or -2 for negative ones (the strong words weigh 2).
//! 3. Negation: a sentiment word up to three words after a negator (`not`,
//!    `no`, `never`, `don't`, `isn't`, `can't`, ...) scores the opposite sign:
//!    "not good" is -1, "not bad" is +1. Politeness words (`thanks`, `thank`,
//!    `cheers`) are never negated: "no thanks" is still polite.
//! 4. A line's score is clamped to -2..=2, so one rant or one gush cannot
//!    outweigh the rest of the call.
//! 5. The call's score is the sum of its lines: 2 or more is positive, -2 or
//!    less is negative, anything between is neutral. A lone "thank you" is
//!    politeness, not delight, so it stays neutral.
//!
//! Topic words such as "problem" or "issue" are deliberately not in the
//! lexicon: support callers name their problem without being unhappy.

use serde::{Deserialize, Serialize};

/// The caller's overall mood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

impl Sentiment {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Neutral => "neutral",
            Self::Negative => "negative",
        }
    }
}

/// How far after a negator a sentiment word is still negated.
const NEGATION_REACH: usize = 3;
const LINE_CLAMP: i32 = 2;
const THRESHOLD: i32 = 2;

const NEGATORS: &[&str] = &[
    "not", "no", "never", "don't", "dont", "doesn't", "didn't", "isn't", "wasn't", "aren't",
    "weren't", "won't", "can't", "cannot", "couldn't", "wouldn't", "hardly", "nothing",
];

const POLITE: &[&str] = &["thanks", "thank", "cheers"];

// One row per weight class reads better than rustfmt's one pair per line.
#[rustfmt::skip]
const LEXICON: &[(&str, i32)] = &[
    ("thanks", 1), ("thank", 1), ("cheers", 1), ("good", 1), ("great", 1), ("perfect", 1),
    ("lovely", 1), ("nice", 1), ("happy", 1), ("pleased", 1), ("helpful", 1), ("love", 1),
    ("appreciate", 1), ("glad", 1), ("awesome", 1), ("brilliant", 2), ("excellent", 2),
    ("amazing", 2), ("wonderful", 2), ("fantastic", 2),
    ("bad", -1), ("wrong", -1), ("late", -1), ("cold", -1), ("slow", -1), ("poor", -1),
    ("annoyed", -1), ("annoying", -1), ("frustrated", -1), ("frustrating", -1), ("upset", -1),
    ("unhappy", -1), ("disappointed", -1), ("disappointing", -1), ("rubbish", -1),
    ("waste", -1), ("angry", -1), ("complaint", -1), ("terrible", -2), ("awful", -2),
    ("horrible", -2), ("useless", -2), ("ridiculous", -2), ("worst", -2), ("hate", -2),
    ("rude", -2), ("unacceptable", -2), ("furious", -2), ("disgusting", -2),
];

/// The overall sentiment of the caller's lines (see the module header).
pub fn overall_sentiment<I, S>(caller_lines: I) -> Sentiment
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let total: i32 = caller_lines
        .into_iter()
        .map(|line| line_score(line.as_ref()))
        .sum();
    if total >= THRESHOLD {
        Sentiment::Positive
    } else if total <= -THRESHOLD {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    }
}

/// One line's clamped score.
pub fn line_score(line: &str) -> i32 {
    let lowered = line.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lowered
        .split(|c: char| !(c.is_alphabetic() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect();
    let mut score = 0;
    let mut since_negator: Option<usize> = None;
    for word in words {
        if NEGATORS.contains(&word) {
            since_negator = Some(0);
            continue;
        }
        let negated = since_negator.is_some_and(|n| n < NEGATION_REACH);
        since_negator = since_negator.map(|n| n + 1);
        let Some(weight) = LEXICON
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, weight)| *weight)
        else {
            continue;
        };
        score += if negated && !POLITE.contains(&word) {
            -weight
        } else {
            weight
        };
    }
    score.clamp(-LINE_CLAMP, LINE_CLAMP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_score_by_lexicon_and_negation() {
        let cases = [
            ("that's great, thank you", 2),
            ("Thank you", 1),
            ("this is not good", -1),
            ("not bad at all", 1),
            ("it's terrible, absolutely awful", -2),
            ("no thanks", 1),
            ("I have a problem with my bill", 0),
            ("the food was cold and late and the driver was rude", -2),
            ("I don’t find it helpful", -1),
            ("I don't think that is helpful", 1),
            ("it wasn't that the pizza was bad", -1),
            ("", 0),
        ];
        for (line, expected) in cases {
            assert_eq!(line_score(line), expected, "{line}");
        }
    }

    #[test]
    fn the_call_is_judged_on_the_sum() {
        assert_eq!(
            overall_sentiment(["hi", "a pepperoni please", "thank you"]),
            Sentiment::Neutral
        );
        assert_eq!(
            overall_sentiment(["perfect", "thanks so much"]),
            Sentiment::Positive
        );
        assert_eq!(
            overall_sentiment(["my order is late", "this is ridiculous"]),
            Sentiment::Negative
        );
        assert_eq!(
            overall_sentiment(["this is ridiculous", "ok that's brilliant, thanks"]),
            Sentiment::Neutral
        );
        assert_eq!(overall_sentiment(Vec::<String>::new()), Sentiment::Neutral);
        assert_eq!(Sentiment::Negative.as_str(), "negative");
    }
}
