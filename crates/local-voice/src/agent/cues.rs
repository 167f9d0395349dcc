//! Short-answer cues the extractor does not cover: yes, no, goodbye,
//! "that's all", "the first one", and order references.
//!
//! Pure functions over lower-cased words; no state and no IO.

/// The utterance as lower-case words, punctuation removed (apostrophes and
/// hyphens inside words kept, curly apostrophes straightened).
pub fn words(text: &str) -> Vec<String> {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '#'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

const YES_STARTS: &[&[&str]] = &[
    &["yes"],
    &["yeah"],
    &["yep"],
    &["yup"],
    &["ya"],
    &["sure"],
    &["ok"],
    &["okay"],
    &["correct"],
    &["right"],
    &["perfect"],
    &["absolutely"],
    &["definitely"],
    &["great"],
    &["lovely"],
    &["fine"],
    &["please"],
    &["confirm"],
    &["go", "ahead"],
    &["go", "for", "it"],
    &["please", "do"],
    &["do", "it"],
    &["sounds", "good"],
    &["sounds", "great"],
    &["that's", "right"],
    &["that's", "correct"],
    &["that's", "fine"],
    &["that's", "great"],
    &["that", "is", "right"],
    &["that", "is", "correct"],
    &["of", "course"],
    &["all", "good"],
];

const NO_STARTS: &[&[&str]] = &[
    &["no"],
    &["nope"],
    &["nah"],
    &["not", "quite"],
    &["not", "really"],
    &["wrong"],
    &["incorrect"],
    &["that's", "wrong"],
    &["that's", "not", "right"],
    &["that", "is", "wrong"],
    &["actually"],
    &["wait"],
];

const CLOSING: &[&[&str]] = &[
    &["no"],
    &["nope"],
    &["nah"],
    &["no", "thanks"],
    &["no", "thank", "you"],
    &["that's", "all"],
    &["that's", "it"],
    &["that", "is", "all"],
    &["that's", "everything"],
    &["nothing", "else"],
    &["nothing"],
    &["i'm", "done"],
    &["i'm", "good"],
    &["i'm", "fine"],
    &["all", "done"],
    &["thanks"],
    &["thank", "you"],
    &["cheers"],
    &["not", "today"],
];

/// Starts like an agreement ("yes", "yeah go ahead", "that's right") and
/// does not turn into a refusal.
pub fn is_yes(w: &[String]) -> bool {
    starts_with_any(w, YES_STARTS) && !has_any(w, &["not", "don't", "no", "wrong"])
}

/// Nothing but agreement: "yes", "yes please go ahead", "that's right,
/// place the order". An agreement carrying more ("yes, and a coke") is not.
pub fn is_plain_yes(w: &[String]) -> bool {
    const AGREEING: &[&str] = &[
        "yes",
        "yeah",
        "yep",
        "yup",
        "ya",
        "sure",
        "ok",
        "okay",
        "correct",
        "right",
        "perfect",
        "absolutely",
        "definitely",
        "great",
        "lovely",
        "fine",
        "good",
        "please",
        "confirm",
        "confirmed",
        "go",
        "ahead",
        "for",
        "it",
        "do",
        "sounds",
        "that's",
        "thats",
        "that",
        "is",
        "of",
        "course",
        "all",
        "thanks",
        "thank",
        "you",
        "place",
        "book",
        "open",
        "the",
        "order",
        "booking",
        "ticket",
        "a",
        "oh",
        "um",
        "uh",
        "erm",
        "well",
        "then",
        "cheers",
        "brilliant",
    ];
    is_yes(w) && w.iter().all(|x| AGREEING.contains(&x.as_str()))
}

/// Starts like a refusal or a correction ("no", "not quite", "actually").
pub fn is_no(w: &[String]) -> bool {
    starts_with_any(w, NO_STARTS)
}

/// Says goodbye anywhere ("ok bye", "goodbye then").
pub fn is_goodbye(w: &[String]) -> bool {
    has_any(w, &["bye", "goodbye", "bye-bye", "byebye"]) || phrase_anywhere(w, &["see", "you"])
}

/// Nothing more wanted: "no thanks", "that's all", "nothing else".
pub fn is_closing(w: &[String]) -> bool {
    if w.is_empty() {
        return false;
    }
    starts_with_any(w, CLOSING)
        && !has_any(
            w,
            &[
                "but", "actually", "wait", "order", "book", "another", "also",
            ],
        )
}

/// "the first one", "second", "the later one": an index into `n` options.
pub fn ordinal_choice(w: &[String], n: usize) -> Option<usize> {
    let pick = |k: usize| (k < n).then_some(k);
    for word in w {
        let k = match word.as_str() {
            "first" | "1st" | "earlier" | "earliest" | "former" => pick(0),
            "second" | "2nd" => pick(1),
            "third" | "3rd" => pick(2),
            "fourth" | "4th" => pick(3),
            "last" | "later" | "latest" | "latter" => n.checked_sub(1),
            "other" if n == 2 => Some(1),
            _ => None,
        };
        if k.is_some() {
            return k;
        }
    }
    if phrase_anywhere(w, &["either"]) || phrase_anywhere(w, &["any", "of", "them"]) {
        return pick(0);
    }
    None
}

/// An order reference said, such as "ORD-1042", "#1042" or "order 1042".
pub fn order_reference(w: &[String]) -> Option<String> {
    w.iter().find_map(|word| {
        let bare = word.trim_start_matches('#');
        let digits = bare.chars().filter(char::is_ascii_digit).count();
        let plausible = digits >= 2
            && bare.len() <= 16
            && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !(digits >= 10 && bare.chars().all(|c| c.is_ascii_digit()));
        plausible.then(|| bare.to_uppercase())
    })
}

fn starts_with_any(w: &[String], phrases: &[&[&str]]) -> bool {
    // Leading fillers do not change the answer ("oh yes", "um no").
    let start = w
        .iter()
        .position(|x| {
            !matches!(
                x.as_str(),
                "oh" | "um" | "uh" | "erm" | "er" | "well" | "hmm"
            )
        })
        .unwrap_or(w.len());
    let rest = &w[start..];
    phrases
        .iter()
        .any(|p| rest.len() >= p.len() && p.iter().zip(rest).all(|(a, b)| *a == b.as_str()))
}

fn has_any(w: &[String], set: &[&str]) -> bool {
    w.iter().any(|x| set.contains(&x.as_str()))
}

fn phrase_anywhere(w: &[String], p: &[&str]) -> bool {
    w.windows(p.len())
        .any(|win| win.iter().zip(p).all(|(a, b)| a == b))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn yes_and_no() {
        for s in [
            "yes",
            "Yes please.",
            "yeah go ahead",
            "that's right",
            "oh yes",
            "OK",
        ] {
            assert!(is_yes(&w(s)), "{s}");
        }
        for s in ["no", "yes no wait", "not really", "maybe"] {
            assert!(!is_yes(&w(s)), "{s}");
        }
        assert!(is_plain_yes(&w("Yes, go ahead please.")));
        assert!(!is_plain_yes(&w("yes and add a coke")));
        for s in ["no", "Nope.", "not quite", "actually make that three"] {
            assert!(is_no(&w(s)), "{s}");
        }
    }

    #[test]
    fn closing_and_goodbye() {
        for s in ["no thanks", "That's all, thank you", "nothing else", "no"] {
            assert!(is_closing(&w(s)), "{s}");
        }
        for s in ["no but I'd like to order a pizza", "yes", "another pizza"] {
            assert!(!is_closing(&w(s)), "{s}");
        }
        assert!(is_goodbye(&w("ok, bye!")));
        assert!(!is_goodbye(&w("by the way")));
    }

    #[test]
    fn choices_and_references() {
        assert_eq!(ordinal_choice(&w("the first one"), 2), Some(0));
        assert_eq!(ordinal_choice(&w("second please"), 2), Some(1));
        assert_eq!(ordinal_choice(&w("the later one"), 3), Some(2));
        assert_eq!(ordinal_choice(&w("third"), 2), None);
        assert_eq!(
            order_reference(&w("where is order ORD-1042?")),
            Some("ORD-1042".into())
        );
        assert_eq!(order_reference(&w("my order #57")), Some("57".into()));
        assert_eq!(order_reference(&w("where is my food")), None);
    }
}
