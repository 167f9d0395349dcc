//! Tokens: the utterance split into lower-cased words with their byte spans.
//!
//! Every other extraction module works on these tokens, never on the raw
//! string, so punctuation and case are decided once, here. A token keeps its
//! span into the original text (for names and addresses "as said") and
//! whether a clause break (comma, full stop, `?`, `!`, `;`) follows it.
//! Tokenizing never fails: any input, however odd, gives some token list.

use std::collections::HashSet;
use std::sync::OnceLock;

/// `a == b`, deciding most unequal pairs by length and first byte before
/// comparing whole strings: cue tables compare hundreds of phrases with
/// every token, and almost all of them differ at once.
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// One word of the utterance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower case, curly apostrophes straightened, `a.m.` read as `am`.
    pub lower: String,
    /// Byte span in the original text.
    pub start: usize,
    pub end: usize,
    /// A comma, full stop, `?`, `!` or `;` follows this token.
    pub boundary_after: bool,
}

impl Token {
    pub fn is_alpha(&self) -> bool {
        !self.lower.is_empty() && self.lower.chars().all(|c| c.is_alphabetic() || c == '\'')
    }
}

/// The tokens of one utterance plus which of them an earlier rule has used.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    pub text: &'a str,
    pub list: Vec<Token>,
    pub consumed: Vec<bool>,
    /// One bit of 256 per word said ([`word_bit`]): a phrase whose first
    /// word's bit is unset is not said anywhere, without comparing it with
    /// every token. Words only ever become "" later (blanked details), which
    /// can leave a stale bit set but never a needed one unset.
    said: [u64; 4],
}

/// A word's bit in [`Tokens::said`] (which `u64`, which bit), from its
/// length and its first and last bytes: cheap, and spread enough that a
/// dozen-word utterance sets under a tenth of the bits.
#[inline]
fn word_bit(word: &str) -> (usize, u64) {
    let b = word.as_bytes();
    let key = b.len() as u64
        | u64::from(b.first().copied().unwrap_or(0)) << 8
        | u64::from(b.last().copied().unwrap_or(0)) << 16;
    let slot = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
    ((slot >> 6) as usize, 1 << (slot & 63))
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Self {
        let list = tokenize(text);
        let consumed = vec![false; list.len()];
        let mut said = [0u64; 4];
        for t in &list {
            let (at, bit) = word_bit(&t.lower);
            said[at] |= bit;
        }
        Tokens {
            text,
            list,
            consumed,
            said,
        }
    }

    /// False when the phrase's first word is certainly not said; true when
    /// it may be (then compare the words).
    #[inline]
    pub fn may_start(&self, words: &[&str]) -> bool {
        words.first().is_none_or(|w| {
            let (at, bit) = word_bit(w);
            w.is_empty() || self.said[at] & bit != 0
        })
    }

    /// `words` are said somewhere, consumed or not.
    pub fn says(&self, words: &[&str]) -> bool {
        self.may_start(words) && (0..self.len()).any(|i| self.words_at(i, words))
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The lower-cased word at `i`, or "" past the end.
    pub fn word(&self, i: usize) -> &str {
        self.list.get(i).map_or("", |t| t.lower.as_str())
    }

    /// The words from `i` on equal `words` (none of them consumed).
    pub fn phrase_at(&self, i: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| same(self.word(i + k), w) && !self.is_consumed(i + k))
    }

    /// The words from `i` on equal `words`, consumed or not (cue phrases:
    /// what was said, whichever extractor used it).
    pub fn words_at(&self, i: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| same(self.word(i + k), w))
    }

    /// The first index where `words` occur, free.
    pub fn find_phrase(&self, words: &[&str]) -> Option<usize> {
        if !self.may_start(words) {
            return None;
        }
        (0..self.len()).find(|&i| self.phrase_at(i, words))
    }

    pub fn has_phrase(&self, words: &[&str]) -> bool {
        self.find_phrase(words).is_some()
    }

    pub fn has_word(&self, word: &str) -> bool {
        self.may_start(&[word]) && self.list.iter().any(|t| same(&t.lower, word))
    }

    pub fn is_consumed(&self, i: usize) -> bool {
        self.consumed.get(i).copied().unwrap_or(true)
    }

    pub fn consume(&mut self, from: usize, to: usize) {
        for c in self.consumed.iter_mut().take(to).skip(from) {
            *c = true;
        }
    }

    /// Token `k` follows token `k - 1` with only a hyphen between them
    /// ("anne-marie", "my-company").
    pub fn hyphen_joined(&self, k: usize) -> bool {
        match (
            k.checked_sub(1).and_then(|p| self.list.get(p)),
            self.list.get(k),
        ) {
            (Some(a), Some(b)) => self.text.get(a.end..b.start) == Some("-"),
            _ => false,
        }
    }

    /// A clause break falls between token `i` and `i + 1`.
    pub fn break_after(&self, i: usize) -> bool {
        self.list.get(i).is_none_or(|t| t.boundary_after)
    }

    /// The original text of tokens `from..to`.
    pub fn raw(&self, from: usize, to: usize) -> &'a str {
        match (
            self.list.get(from),
            to.checked_sub(1).and_then(|l| self.list.get(l)),
        ) {
            (Some(a), Some(b)) if a.start <= b.end => self.text.get(a.start..b.end).unwrap_or(""),
            _ => "",
        }
    }
}

/// Splits text into tokens; see the module docs.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut start: Option<usize> = None;
    let mut word = String::new();
    // Inside a written email address a hyphen is part of the word. Decided
    // once per whitespace-separated chunk (`chunk_end`), so a long chunk of
    // short words is still read in linear time.
    let mut in_email = false;
    let mut chunk_end = 0;
    for (k, &(pos, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|x| x.1);
        let next = chars.get(k + 1).map(|x| x.1);
        let email_hyphen = in_email
            && c == '-'
            && prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(char::is_alphanumeric);
        let keep = is_word_char(c) || is_inner(c, prev, next) || email_hyphen;
        if keep {
            if start.is_none() {
                start = Some(pos);
                if pos >= chunk_end {
                    let rest = text.get(pos..).unwrap_or("");
                    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    chunk_end = pos + len;
                    in_email = rest.get(..len).is_some_and(|chunk| chunk.contains('@'));
                }
            }
            word.push(c);
            continue;
        }
        if let Some(s) = start.take() {
            push_token(&mut tokens, &word, s, pos);
            word.clear();
        }
        if c == '&' {
            push_token(&mut tokens, "and", pos, pos + c.len_utf8());
        } else if matches!(c, ',' | '.' | '?' | '!' | ';' | ':' | '…')
            && let Some(t) = tokens.last_mut()
        {
            t.boundary_after = true;
        }
    }
    if let Some(s) = start {
        push_token(&mut tokens, &word, s, text.len());
    }
    drop_fillers(text, tokens)
}

/// Hesitations are not words: "two, um, pepperoni pizzas" reads as "two
/// pepperoni pizzas", "my name is uh John" as "my name is John". Commas
/// around a hesitation go with it; a full stop, `?` or `!` stays a break.
fn drop_fillers(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    const FILLERS: &[&str] = &[
        "um", "umm", "ummm", "uh", "uhh", "uhm", "er", "erm", "errm", "hmm", "hmmm", "hm", "mm",
        "mmm", "ah", "ahh",
    ];
    if !tokens.iter().any(|t| FILLERS.contains(&t.lower.as_str())) {
        return tokens;
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        if !FILLERS.contains(&token.lower.as_str()) {
            out.push(token);
            continue;
        }
        let until = iter.peek().map_or(text.len(), |next| next.start);
        let ends_sentence = text
            .get(token.end..until)
            .is_some_and(|gap| gap.contains(['.', '?', '!', ';']));
        if let Some(prev) = out.last_mut() {
            let gap_before = text.get(prev.end..token.start).unwrap_or("");
            prev.boundary_after = ends_sentence || gap_before.contains(['.', '?', '!', ';']);
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '@' | '+' | '_')
}

/// Characters kept only inside a word: `sarah.jones`, `15:00`, `3/12`,
/// `07700-900-123`. A hyphen between letters splits (`coca-cola`, `dine-in`).
fn is_inner(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let (Some(p), Some(n)) = (prev, next) else {
        return false;
    };
    match c {
        '.' => p.is_alphanumeric() && n.is_alphanumeric(),
        ':' | '/' | '-' => p.is_ascii_digit() && n.is_ascii_digit(),
        _ => false,
    }
}

fn push_token(tokens: &mut Vec<Token>, word: &str, start: usize, end: usize) {
    let mut lower: String = word.to_lowercase().replace('’', "'");
    lower = lower.trim_matches('\'').to_owned();
    if lower.is_empty() {
        return;
    }
    if lower == "a.m" || lower == "p.m" {
        lower = lower.replace('.', "");
    }
    tokens.push(Token {
        lower,
        start,
        end,
        boundary_after: false,
    });
}

/// Everyday words that are never a name, a menu slip or an unknown dish.
pub fn is_common(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.iter().copied().collect())
        .contains(word)
}

#[rustfmt::skip]
const COMMON: &[&str] = &[
    "a", "about", "actually", "afraid", "after", "afternoon", "again", "ages", "all", "also", "am",
    "an", "and", "any", "anyone", "anything", "are", "around", "as", "asap", "at", "available",
    "away", "back", "bad", "be", "been", "before", "being", "best", "better", "big", "bill", "bit",
    "book", "booking", "both", "broken", "busy", "but", "by", "call", "calling", "can", "can't",
    "cancel", "charge", "check", "checking", "cold", "collect", "collection", "come", "coming",
    "complaint", "could", "couple", "customer", "day", "days", "delivery", "did", "different", "do",
    "does", "doing", "done", "down", "dozen", "each", "eat", "email", "emergency", "enquiry",
    "error", "evening", "ever", "every", "everything", "extra", "few", "fine", "for", "free",
    "from", "get", "getting", "give", "glad", "go", "going", "good", "great", "had", "half",
    "happy", "has", "have", "having", "he", "hello", "help", "her", "here", "hey", "hi", "his",
    "hold", "home", "hoping", "hot", "how", "human", "hungry", "i", "i'd", "i'll", "i'm", "i've",
    "if", "important", "in", "interested", "invoice", "is", "issue", "it", "it's", "its", "just",
    "keen", "kind", "large", "last", "late", "later", "like", "line", "little", "look", "looking",
    "lot", "lovely", "make", "manager", "many", "maybe", "me", "medium", "menu", "might", "mine",
    "minor", "minute", "minutes", "moment", "more", "morning", "most", "much", "must", "my", "name",
    "need", "needing", "never", "new", "next", "nice", "night", "no", "none", "not", "nothing",
    "now", "number", "of", "off", "oh", "ok", "okay", "on", "one", "only", "or", "order",
    "ordering", "other", "our", "out", "over", "part", "payment", "people", "person", "phone",
    "phoning", "place", "please", "plus", "portion", "portions", "pretty", "price", "problem",
    "quick", "quite", "rather", "ready", "real", "really", "refund", "regular", "reservation",
    "right", "ringing", "same", "second", "see", "send", "should", "slot", "small", "so", "some",
    "someone", "something", "soon", "sorry", "speak", "speaking", "staff", "still", "stuck", "sure",
    "table", "take", "takeaway", "talk", "tell", "thank", "thanks", "that", "that's", "the",
    "their", "them", "then", "there", "there's", "these", "they", "thing", "things", "this",
    "those", "time", "times", "to", "today", "tomorrow", "tonight", "too", "trying", "two", "up",
    "urgent", "us", "very", "wait", "waiting", "want", "wanted", "wanting", "was", "way", "we",
    "we'd", "we'll", "we're", "week", "well", "were", "what", "what's", "when", "where", "which",
    "while", "who", "why", "will", "wish", "with", "without", "wondering", "would", "yeah", "yes",
    "yet", "you", "your", "yours", "order's", "unable", "contacting", "phoned", "called", "fed",
    "tired", "upset", "annoyed", "ridiculous", "terrible", "awful", "definitely", "probably",
    "mind", "told", "said", "sent", "bought", "paid", "already", "dinner", "lunch", "breakfast",
    "food", "meal", "meals", "drink", "drinks", "question", "questions", "quote", "appointment",
    "delivered", "account", "address", "mobile", "street", "road", "booked", "ordered", "hour",
    "hours", "weeks", "month", "number's", "phone's", "mobile's", "email's", "address's",
];

#[cfg(test)]
mod tests {
    /// The said-words filter never hides a word that was said: every
    /// token's first word, and every phrase of its words, is found.
    #[test]
    fn every_said_word_passes_the_filter() {
        let text = "Hi, I'd like two Margheritas and a Diet Coke — to 12 High St. please, it's Zoë";
        let t = Tokens::new(text);
        for (i, token) in t.list.iter().enumerate() {
            assert!(t.may_start(&[token.lower.as_str()]), "{}", token.lower);
            assert!(t.has_word(&token.lower), "{}", token.lower);
            let pair: Vec<&str> = t.list[i..]
                .iter()
                .take(2)
                .map(|x| x.lower.as_str())
                .collect();
            assert!(t.says(&pair), "{pair:?}");
        }
        assert!(!t.says(&["pepperoni"]));
        assert!(!t.has_word("pizza"));
    }

    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn splits_words_and_keeps_inner_marks() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Two Coca-Cola's, please.",
                &["two", "coca", "cola's", "please"],
            ),
            (
                "call 07700-900-123 at 3:30pm",
                &["call", "07700-900-123", "at", "3:30pm"],
            ),
            ("sarah.jones@example.com.", &["sarah.jones@example.com"]),
            (
                "mary-jane@acme-corp.co.uk, dine-in",
                &["mary-jane@acme-corp.co.uk", "dine", "in"],
            ),
            ("fish & chips", &["fish", "and", "chips"]),
            ("on 3/12 at 9 a.m.", &["on", "3/12", "at", "9", "am"]),
            ("I’m here", &["i'm", "here"]),
            ("", &[]),
            ("!!! ??? ...", &[]),
            ("two, um, pepperoni pizzas", &["two", "pepperoni", "pizzas"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "{text}");
        }
    }

    #[test]
    fn hesitations_take_their_commas_but_not_a_full_stop() {
        let t = Tokens::new("two, um, pepperoni. Erm, yes");
        assert_eq!(t.len(), 3);
        assert!(!t.break_after(0), "two, um, pepperoni");
        assert!(t.break_after(1), "pepperoni. Erm");
        let t = Tokens::new("at, uh, 11 please");
        assert!(!t.break_after(0));
    }

    #[test]
    fn marks_clause_breaks_and_spans() {
        let t = Tokens::new("this is David Okafor, 07700 900321");
        assert!(t.break_after(3));
        assert!(!t.break_after(2));
        assert_eq!(t.raw(2, 4), "David Okafor");
    }
}
