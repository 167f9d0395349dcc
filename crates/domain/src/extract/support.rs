//! Support tickets: priority, category and the issue description.
//!
//! Priority: every listed phrase found counts, except one lying inside a
//! longer phrase found ("not urgent" hides "urgent"); then Critical beats
//! High beats Low; nothing found is Medium. Category: the first of Billing,
//! Technical, Product whose words occur (the SPEC's words before our wider
//! lists), else General. The description is the utterance as said, trimmed.

use voice_types::extraction::{TicketCategory, TicketPriority};

use crate::extract::text::Tokens;

/// The ticket priority, and whether a cue was said (not the default).
pub fn priority(t: &Tokens) -> (TicketPriority, bool) {
    use TicketPriority::{Critical, High, Low};
    const CUES: &[(&[&str], TicketPriority)] = &[
        (&["critical"], Critical),
        (&["emergency"], Critical),
        (&["emergencies"], Critical),
        (&["outage"], Critical),
        (&["outages"], Critical),
        (&["completely", "down"], Critical),
        (&["everything", "is", "down"], Critical),
        (&["everything's", "down"], Critical),
        (&["nothing", "works"], Critical),
        (&["nothing", "is", "working"], Critical),
        (&["nothing's", "working"], Critical),
        (&["security", "breach"], Critical),
        (&["security", "breaches"], Critical),
        (&["data", "loss"], Critical),
        (&["urgent"], High),
        (&["urgently"], High),
        (&["asap"], High),
        (&["as", "soon", "as", "possible"], High),
        (&["right", "away"], High),
        (&["high", "priority"], High),
        (&["important"], High),
        (&["can't", "work"], High),
        (&["cannot", "work"], High),
        (&["no", "rush"], Low),
        (&["whenever"], Low),
        (&["whenever's"], Low),
        (&["low", "priority"], Low),
        (&["not", "urgent"], Low),
        (&["not", "very", "urgent"], Low),
        (&["not", "that", "urgent"], Low),
        (&["isn't", "urgent"], Low),
        (&["not", "important"], Low),
        (&["not", "critical"], Low),
        (&["not", "an", "emergency"], Low),
        (&["minor"], Low),
        (&["just", "a", "question"], Low),
        (&["no", "hurry"], Low),
    ];
    let mut spans: Vec<(usize, usize, TicketPriority)> = Vec::new();
    for (words, level) in CUES {
        if !t.may_start(words) {
            continue;
        }
        for i in 0..t.len() {
            if t.words_at(i, words) {
                spans.push((i, i + words.len(), *level));
            }
        }
    }
    let inside_longer = |s: &(usize, usize, TicketPriority)| {
        spans
            .iter()
            .any(|o| o.0 <= s.0 && s.1 <= o.1 && (o.1 - o.0) > (s.1 - s.0))
    };
    let best = spans
        .iter()
        .filter(|s| !inside_longer(s))
        .map(|s| s.2)
        .max();
    match best {
        Some(level) => (level, true),
        None => (TicketPriority::Medium, false),
    }
}

/// A list of cue phrases, each a run of words.
type Cues = &'static [&'static [&'static str]];

/// The ticket category, and whether a cue was said (not the default).
///
/// Two tiers: the SPEC's own words (with their plurals and tenses) decide
/// first, Billing over Technical over Product; only when none of them is
/// said do our wider lists (router, receipt, upgrade, ...) decide, in the
/// same order. So "what model is the router" is Product (a listed word)
/// although "router" alone would be Technical. Words already taken as a
/// name ("my name is Bill") are not read.
pub fn category(t: &Tokens) -> (TicketCategory, bool) {
    const BILLING: &[&[&str]] = &[
        &["invoice"],
        &["invoices"],
        &["invoiced"],
        &["bill"],
        &["bills"],
        &["billing"],
        &["billed"],
        &["charge"],
        &["charged"],
        &["charges"],
        &["refund"],
        &["refunds"],
        &["refunded"],
        &["payment"],
        &["payments"],
        &["overcharged"],
        &["overcharge"],
        &["overcharging"],
    ];
    const BILLING_MORE: &[&[&str]] = &[
        &["charging"],
        &["money", "back"],
        &["direct", "debit"],
        &["receipt"],
        &["receipts"],
        &["price"],
        &["pay"],
        &["paid"],
    ];
    const TECHNICAL: &[&[&str]] = &[
        &["error"],
        &["errors"],
        &["crash"],
        &["crashes"],
        &["crashed"],
        &["crashing"],
        &["login"],
        &["logins"],
        &["log", "in"],
        &["logging", "in"],
        &["log", "into"],
        &["logging", "into"],
        &["password"],
        &["passwords"],
        &["bug"],
        &["bugs"],
        &["broken"],
        &["not", "working"],
        &["isn't", "working"],
        &["stopped", "working"],
        &["wifi"],
        &["wi", "fi"],
        &["app"],
        &["apps"],
        &["website"],
        &["websites"],
    ];
    const TECHNICAL_MORE: &[&[&str]] = &[
        &["sign", "in"],
        &["sign", "into"],
        &["log", "on"],
        &["doesn't", "work"],
        &["won't", "work"],
        &["nothing", "works"],
        &["site"],
        &["internet"],
        &["connection"],
        &["network"],
        &["broadband"],
        &["router"],
        &["server"],
        &["outage"],
        &["down"],
        &["loading"],
        &["won't", "load"],
        &["frozen"],
        &["freezes"],
        &["security"],
        &["hacked"],
        &["data", "loss"],
        &["upload"],
        &["download"],
    ];
    const PRODUCT: &[&[&str]] = &[
        &["feature"],
        &["features"],
        &["plan"],
        &["plans"],
        &["model"],
        &["models"],
        &["product"],
        &["products"],
        &["does", "it"],
        &["does", "the"],
        &["include"],
        &["includes"],
        &["included"],
        &["including"],
    ];
    const PRODUCT_MORE: &[&[&str]] = &[&["upgrade"], &["downgrade"], &["compatible"]];
    let has = |list: &[&[&str]]| list.iter().any(|w| t.has_phrase(w));
    let tiers: [[(Cues, TicketCategory); 3]; 2] = [
        [
            (BILLING, TicketCategory::Billing),
            (TECHNICAL, TicketCategory::Technical),
            (PRODUCT, TicketCategory::Product),
        ],
        [
            (BILLING_MORE, TicketCategory::Billing),
            (TECHNICAL_MORE, TicketCategory::Technical),
            (PRODUCT_MORE, TicketCategory::Product),
        ],
    ];
    tiers
        .iter()
        .flatten()
        .find(|(words, _)| has(words))
        .map_or((TicketCategory::General, false), |(_, category)| {
            (*category, true)
        })
}

/// The caller's description of the problem, as said, trimmed.
pub fn issue_description(text: &str) -> Option<String> {
    let said = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = said.trim_matches(|c: char| c.is_whitespace() || c == ',');
    (!said.is_empty()).then(|| said.to_owned())
}

/// Words that show the caller is describing a problem.
pub fn reports_problem(t: &Tokens) -> bool {
    const CUES: &[&[&str]] = &[
        &["problem"],
        &["problems"],
        &["issue"],
        &["issues"],
        &["fault"],
        &["faulty"],
        &["broken"],
        &["not", "working"],
        &["doesn't", "work"],
        &["isn't", "working"],
        &["stopped", "working"],
        &["won't"],
        &["can't"],
        &["cannot"],
        &["error"],
        &["complaint"],
        &["complain"],
        &["wrong"],
        &["help", "with"],
        &["refund"],
        &["overcharged"],
        &["charged"],
        &["crashed"],
        &["crashes"],
        &["crashing"],
        &["buffering"],
        &["hacked"],
        &["bug"],
        &["question"],
        &["enquiry"],
        &["inquiry"],
        &["down"],
        &["never", "arrived"],
        &["missing"],
        &["breach"],
        &["outage"],
    ];
    let no_problem = t.has_phrase(&["no", "problem"]);
    CUES.iter()
        .filter(|w| t.may_start(w))
        .any(|w| (0..t.len()).any(|i| t.words_at(i, w) && !(no_problem && t.word(i) == "problem")))
}
