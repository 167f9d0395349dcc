//! The caller's intent, and which required parameters are still missing.
//!
//! Cue phrases decide, in this order: a request for a person (human_handoff
//! wins over everything), cancelling, order status, then per business type
//! menu questions, ordering, availability versus booking, and problem
//! reports. A bare detail ("my name is Ann", a phone number) keeps the
//! business type's main intent; an utterance with no cue and nothing
//! extracted is `unknown`. The phrase tables are in `cues`, order-status
//! questions (and the complaints that only sound like them) in `status`.

use voice_types::extraction::{ExtractedParameters, Intent, OrderType};
use voice_types::session::BusinessType;

mod cues;
mod status;

use cues::{
    ASKING_TO_KNOW, AVAILABILITY, BILLING_REPORTS, BOOKING, CANCEL, HANDOFF, MENU, MENU_NOUNS,
    OFF_TOPIC, ORDERING, PRICES, SERVICES_ASKED, SUITS, WANTS, any,
};
use status::{is_order_status, names_own_order};

use crate::extract::support::reports_problem;
use crate::extract::text::{Tokens, is_common};

/// What the other extractors found, as far as the intent cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Signals {
    pub items: bool,
    pub explicit_quantity: bool,
    pub unrecognized: bool,
    pub order_type: bool,
    pub address: bool,
    /// A name, phone number or email.
    pub details: bool,
    pub service: bool,
    pub date: bool,
    pub time: bool,
    pub ticket_cue: bool,
}

/// The intent of one utterance.
pub fn detect(t: &Tokens, business: BusinessType, s: Signals) -> Intent {
    if any(t, HANDOFF) || asks_for_someone(t) {
        return Intent::HumanHandoff;
    }
    // "the cancel button doesn't work", "I can't cancel, the app crashed":
    // a fault with cancelling is a problem report.
    if (cancel_said(t, s) || cancels(t)) && !reports_problem(t) {
        return Intent::Cancel;
    }
    // "tell me a joke", "thank you, goodbye", "wrong number".
    let wrong_number = any(
        t,
        &[
            &["wrong", "number"],
            &["dialled", "the", "wrong"],
            &["misdialled"],
        ],
    );
    if wrong_number
        || (any(t, OFF_TOPIC)
            && !reports_problem(t)
            && !s.ticket_cue
            && !s.items
            && !s.service
            && !s.details)
    {
        return Intent::Unknown;
    }
    // "I'd like two pepperoni pizzas, how long will that take" orders.
    if (is_order_status(t) || names_own_order(t, s)) && !(s.items && any(t, ORDERING)) {
        return Intent::OrderStatus;
    }
    match business {
        BusinessType::Restaurant => restaurant(t, s),
        BusinessType::Appointment => appointment(t, s),
        BusinessType::Support => support(t, s),
    }
}

/// The intent a bare detail keeps.
pub fn main_intent(business: BusinessType) -> Intent {
    match business {
        BusinessType::Restaurant => Intent::PlaceOrder,
        BusinessType::Appointment => Intent::BookAppointment,
        BusinessType::Support => Intent::CreateTicket,
    }
}

/// Required parameters of the intent's business tool not yet known; none
/// for an intent without a tool (`unknown`, `cancel`, `human_handoff`, ...).
pub fn missing(intent: Intent, p: &ExtractedParameters) -> Vec<String> {
    let has_items = p.items.as_ref().is_some_and(|i| !i.is_empty());
    let required: Vec<(&str, bool)> = match intent {
        Intent::PlaceOrder => vec![
            ("items", has_items),
            ("customer_name", p.customer_name.is_some()),
            ("phone", p.phone.is_some()),
            (
                "delivery_address",
                p.order_type != Some(OrderType::Delivery) || p.delivery_address.is_some(),
            ),
        ],
        Intent::BookAppointment => vec![
            ("service_type", p.service_type.is_some()),
            ("appointment_date", p.appointment_date.is_some()),
            ("appointment_time", p.appointment_time.is_some()),
            ("customer_name", p.customer_name.is_some()),
            ("phone", p.phone.is_some()),
        ],
        Intent::CreateTicket => vec![
            ("issue_description", p.issue_description.is_some()),
            ("customer_name", p.customer_name.is_some()),
        ],
        Intent::CheckAvailability => vec![
            ("service_type", p.service_type.is_some()),
            ("appointment_date", p.appointment_date.is_some()),
        ],
        _ => Vec::new(),
    };
    required
        .into_iter()
        .filter(|(_, known)| !known)
        .map(|(name, _)| name.to_owned())
        .collect()
}

fn restaurant(t: &Tokens, s: Signals) -> Intent {
    // "I want to complain about my delivery" complains whatever it names.
    let says_complaint = any(t, &[&["complain"], &["complaint"]]);
    if complains(t) && (says_complaint || !orders_anyway(t, s)) {
        return Intent::CreateTicket;
    }
    // "I'd like to know the price of a margherita" asks, it does not order;
    // nor does "please" after a question that opens with a price.
    let price_first = PRICES.iter().any(|p| t.words_at(0, p));
    let ordering = if price_first {
        any(t, &ORDERING[..ORDERING.len() - 1])
    } else {
        any(t, ORDERING)
    } && !any(t, ASKING_TO_KNOW);
    // "what pizzas are there", "is the carbonara vegetarian", "does the
    // burger come with chips": a question about the menu, not an order.
    // A clause opening with "what" ("I'm vegetarian, what can I eat").
    let wh = (0..t.len()).any(|i| {
        (i == 0 || t.break_after(i - 1))
            && matches!(t.word(i), "what" | "what's" | "whats" | "which")
            && !matches!(t.word(i + 1), "about" | "time")
    }) && (s.items || s.unrecognized || any(t, MENU_NOUNS));
    let yes_no = matches!(t.word(0), "does" | "is" | "are")
        && (s.items || s.unrecognized)
        && !ordering
        && !s.order_type
        && !s.explicit_quantity;
    // "any desserts?": a category asked about.
    let category_question =
        t.text.trim_end().ends_with('?') && any(t, MENU_NOUNS) && !ordering && !s.items;
    if ((wh && !(s.items && ordering)) || yes_no || category_question) && !s.address && !s.details {
        return Intent::GetMenu;
    }
    // "how much for two pepperoni pizzas" asks a price; "do you have two
    // margheritas" with a count is read as ordering them.
    let counted_order = s.explicit_quantity && !any(t, PRICES);
    if asks_for_menu(t) && !(s.items && (ordering || counted_order)) {
        return Intent::GetMenu;
    }
    if s.items || s.unrecognized || s.order_type || s.address {
        return Intent::PlaceOrder;
    }
    if reports_problem(t) || s.ticket_cue {
        return Intent::CreateTicket;
    }
    let polite_only = !any(t, &ORDERING[..ORDERING.len() - 1]) && !has_content(t);
    if (ordering && !polite_only) || s.details {
        Intent::PlaceOrder
    } else {
        Intent::Unknown
    }
}

fn appointment(t: &Tokens, s: Signals) -> Intent {
    if any(t, SERVICES_ASKED) {
        return Intent::GetMenu;
    }
    // "I need a refund for my consultation", "the booking website crashed";
    // but "the app crashed, I want an installation on Monday at 2pm" books.
    let books_anyway = s.service && (s.date || s.time);
    if (any(t, BILLING_REPORTS) || fault_report(t)) && !books_anyway {
        return Intent::CreateTicket;
    }
    // "I'd like a consultation on Monday at 10, I'm available all morning":
    // wanting a service books it, unless the caller asks whether it can be.
    let asks_if = any(t, &[&["if"], &["whether"]]) || any(t, ASKING_TO_KNOW);
    let wants = any(t, WANTS)
        && (t.has_word("appointment")
            || t.has_word("slot")
            || (s.service && !asks_if && !asks_availability(t)));
    if any(t, BOOKING) || wants {
        return Intent::BookAppointment;
    }
    if asks_availability(t) || (any(t, SUITS) && is_question(t)) {
        return Intent::CheckAvailability;
    }
    // "I was charged twice for my repair" is about a bill, not a booking.
    if any(t, BILLING_REPORTS) {
        return Intent::CreateTicket;
    }
    if any(t, PRICES) && !s.date && !s.time {
        return Intent::GetMenu;
    }
    // "what's the weather like tomorrow": a question about something else
    // is not a bare date.
    if off_topic_question(t) && !s.service && !s.details && !t.has_word("appointment") {
        return Intent::Unknown;
    }
    if s.service || s.date || s.time || s.details || t.has_word("appointment") {
        return Intent::BookAppointment;
    }
    if reports_problem(t) || s.ticket_cue {
        return Intent::CreateTicket;
    }
    Intent::Unknown
}

fn support(t: &Tokens, s: Signals) -> Intent {
    if s.details || s.ticket_cue || reports_problem(t) || has_content(t) {
        Intent::CreateTicket
    } else {
        Intent::Unknown
    }
}

/// "can I speak to the manager", "get me a human", "manager please": a
/// person word asked for, not merely said ("I'm the office manager", "the
/// human resources app").
fn asks_for_someone(t: &Tokens) -> bool {
    const PEOPLE: &[&str] = &[
        "human",
        "manager",
        "supervisor",
        "representative",
        "operator",
        "receptionist",
        "person",
        "someone",
        "somebody",
        "owner",
        "chef",
        "staff",
        "agent",
        "waiter",
        "waitress",
        "boss",
        "humans",
        "people",
        "advisor",
        "adviser",
        "employee",
        "technician",
        "team",
        "whoever",
        "anyone",
        "anybody",
    ];
    const ASKING: &[&str] = &[
        "speak",
        "talk",
        "get",
        "want",
        "need",
        "put",
        "transfer",
        "connect",
        "see",
        "ask",
        "have",
        "give",
        "fetch",
        "complain",
        "through",
        "speaking",
        "talking",
        "escalate",
        "escalated",
        "refer",
        "pass",
    ];
    let alpha = t.list.iter().filter(|w| w.is_alpha()).count();
    (0..t.len()).any(|i| {
        if !PEOPLE.contains(&t.word(i)) || t.word(i + 1) == "resources" {
            return false;
        }
        // "I need someone to set up my system" asks for a job, not a person.
        let general = matches!(
            t.word(i),
            "someone"
                | "somebody"
                | "staff"
                | "people"
                | "technician"
                | "team"
                | "employee"
                | "whoever"
                | "anyone"
                | "anybody"
                | "advisor"
                | "adviser"
        );
        let before = (i.saturating_sub(5)..i).any(|k| {
            let w = t.word(k);
            if general {
                matches!(
                    w,
                    "speak" | "talk" | "transfer" | "put" | "connect" | "through" | "escalate"
                )
            } else {
                ASKING.contains(&w)
            }
        });
        let after = (i + 1..i + 5).any(|k| {
            matches!(t.word(k), "speak" | "talk")
                || (matches!(t.word(k), "available" | "there" | "help" | "please") && !general)
        });
        let bare = alpha <= 3 && !general;
        before || after || bare
    })
}

/// "cancelling my order", "I want my appointment cancelled", "forget the
/// whole thing": cancel words beyond the fixed phrases; "my card was
/// cancelled" reports a problem instead.
fn cancels(t: &Tokens) -> bool {
    // "the engineer cancelled on me", "a cancellation fee" tell a story.
    let word = (0..t.len()).any(|i| match t.word(i) {
        "cancelling" | "canceling" => {
            i == 0 || matches!(t.word(i - 1), "i'm" | "im" | "am" | "we're" | "are")
        }
        "cancellation" => !matches!(
            t.word(i + 1),
            "fee" | "fees" | "charge" | "policy" | "email"
        ),
        "cancelled" | "canceled" => {
            i > 0
                && matches!(
                    t.word(i - 1),
                    "order"
                        | "appointment"
                        | "booking"
                        | "it"
                        | "that"
                        | "this"
                        | "be"
                        | "everything"
                )
        }
        _ => false,
    });
    let forget = (0..t.len()).any(|i| {
        t.word(i) == "forget"
            && matches!(
                (t.word(i + 1), t.word(i + 2)),
                ("that" | "this" | "everything" | "all", _)
                    | (
                        "the" | "my" | "our",
                        "order" | "appointment" | "booking" | "whole"
                    )
            )
    });
    word || forget
}

/// A menu question: a cue phrase, "what pizzas do you have", or a request
/// to hear it ("list the drinks", "read out the desserts").
fn asks_for_menu(t: &Tokens) -> bool {
    if any(t, MENU) || price_question(t) {
        return true;
    }
    // "what" or "which", then within three words "you have" / "you do".
    (0..t.len()).any(|i| {
        matches!(t.word(i), "what" | "which")
            && (i + 1..i + 4).any(|k| {
                t.word(k) == "you"
                    && matches!(t.word(k + 1), "have" | "do" | "sell" | "serve" | "got")
            })
    })
}

/// A complaint in a restaurant call: a bill or refund, a fault with the app
/// or website, or what was wrong with the food ("my burger was burnt, I
/// want a refund", "there was a hair in my pizza").
fn complains(t: &Tokens) -> bool {
    const FOOD: &[&[&str]] = &[
        &["complain"],
        &["complaint"],
        &["was", "wrong"],
        &["were", "wrong"],
        &["wrong", "order"],
        &["burnt"],
        &["burned"],
        &["hair"],
        &["food", "poisoning"],
        &["undercooked"],
        &["raw"],
        &["were", "missing"],
        &["was", "missing"],
        &["was", "cold"],
        &["were", "cold"],
        &["problem", "with", "my", "order"],
    ];
    any(t, BILLING_REPORTS) || fault_report(t) || any(t, FOOD)
}

/// A complaint said while ordering anyway: "the app isn't working so I'm
/// phoning, two pepperoni pizzas", "a burger please, not burnt this time".
/// An ordering verb whose object is the refund ("I'd like a refund") does
/// not count, nor a count inside a refund story unless it opens the call.
fn orders_anyway(t: &Tokens, s: Signals) -> bool {
    let billing = any(t, BILLING_REPORTS);
    // "when I try to order two burgers" tells what failed.
    let attempt = any(t, &[&["try", "to"], &["tried", "to"], &["trying", "to"]]);
    let verb = (0..t.len()).any(|i| {
        ORDERING[..ORDERING.len() - 1].iter().any(|p| {
            t.words_at(i, p)
                // "my order", "the order" are nouns.
                && !(p[0] == "order"
                    && (attempt
                        || i.checked_sub(1).is_some_and(|k| {
                            matches!(t.word(k), "my" | "the" | "our" | "your" | "this" | "that" | "an" | "a")
                        })))
        })
    }) && !any(t, &[&["a", "refund"], &["my", "money"], &["refund"]]);
    let please = s.items && t.has_word("please") && !billing;
    let counted = s.explicit_quantity
        && !attempt
        && (!billing || crate::extract::numbers::cardinal(t.word(0)).is_some());
    s.order_type || s.address || verb || please || counted
}

/// "cancel", "never mind", "forget it", but not "no need to cancel", "don't
/// cancel my order" or "never mind the chips, just a burger".
fn cancel_said(t: &Tokens, s: Signals) -> bool {
    (0..t.len()).any(|i| {
        CANCEL.iter().any(|p| {
            if !t.words_at(i, p) {
                return false;
            }
            if p[0] == "cancel" {
                let negated = (i.saturating_sub(3)..i).any(|k| {
                    matches!(
                        t.word(k),
                        "don't" | "dont" | "not" | "no" | "never" | "going"
                    )
                });
                return !negated;
            }
            // "never mind the chips, just a burger" changes the order.
            !(s.items && any(t, &[&["just"], &["instead"], &["but"]]))
        })
    })
}

/// "the app crashed", "the booking website is completely down", "I forgot
/// my password": a technical fault, whatever else was being done.
fn fault_report(t: &Tokens) -> bool {
    const FAULTS: &[&[&str]] = &[
        &["crashed"],
        &["crashes"],
        &["crashing"],
        &["crash"],
        &["error"],
        &["errors"],
        &["bug"],
        &["not", "working"],
        &["doesn't", "work"],
        &["isn't", "working"],
        &["down"],
        &["wrong"],
        &["broken"],
    ];
    const PLACES: &[&[&str]] = &[
        &["app"],
        &["website"],
        &["site"],
        &["online"],
        &["login"],
        &["account"],
    ];
    (any(t, FAULTS) && any(t, PLACES))
        || any(
            t,
            &[
                &["forgot", "my", "password"],
                &["forgotten", "my", "password"],
                &["reset", "my", "password"],
                &["locked", "out"],
            ],
        )
}

/// "how much is the fish and chips", "price of a tiramisu please", "what
/// does a coffee cost?"; not "the price doesn't matter", "at the usual
/// price" or "whatever it costs".
fn price_question(t: &Tokens) -> bool {
    const WORDS: &[&[&str]] = &[&["price"], &["prices"], &["cost"], &["costs"]];
    let dismissive = any(
        t,
        &[
            &["doesn't", "matter"],
            &["don't", "mind"],
            &["whatever"],
            &["usual"],
            &["isn't", "an", "issue"],
            &["not", "an", "issue"],
            &["no", "matter"],
        ],
    );
    if dismissive {
        return false;
    }
    let price_first = WORDS.iter().any(|p| t.word(0) == p[0]);
    any(t, &[&["how", "much"]])
        || (any(t, WORDS)
            && (is_question(t)
                || price_first
                || any(
                    t,
                    &[
                        &["price", "of"],
                        &["cost", "of"],
                        &["prices"],
                        &["what's", "the"],
                        &["tell", "me"],
                        &["know"],
                    ],
                )))
}

/// An availability cue, but not the caller's own ("I'm available all
/// morning", "I'll be free then") or an adjective ("a free consultation").
fn asks_availability(t: &Tokens) -> bool {
    (0..t.len()).any(|i| {
        let prev = |n: usize| i.checked_sub(n).map_or("", |k| t.word(k));
        let own = matches!(prev(1), "i'm" | "im")
            || (prev(1) == "a" && t.word(i) == "free")
            || (prev(1) == "be" && matches!(prev(2), "i'll" | "we'll" | "i"))
            || (prev(1) == "am" && prev(2) == "i");
        !own && AVAILABILITY.iter().any(|p| t.words_at(i, p))
    })
}

/// A yes/no or wh- question: ends with "?" or opens with an auxiliary.
fn is_question(t: &Tokens) -> bool {
    t.text.trim_end().ends_with('?')
        || matches!(
            t.word(0),
            "does"
                | "do"
                | "would"
                | "will"
                | "could"
                | "can"
                | "is"
                | "if"
                | "whether"
                | "what"
                | "which"
                | "when"
                | "how"
        )
        || any(t, &[&["see", "if"], &["check", "if"]])
}

/// "what's the weather like tomorrow", "who won on Saturday": opens with a
/// question word that is not about a time ("how about", "what time").
fn off_topic_question(t: &Tokens) -> bool {
    matches!(
        t.word(0),
        "what" | "what's" | "whats" | "who" | "who's" | "why" | "where" | "where's" | "which"
    ) && !matches!(
        t.word(1),
        "about" | "time" | "times" | "day" | "days" | "date" | "dates"
    ) && !any(t, &[&["how", "about"]])
}

/// At least three words, one of them not an everyday word: the caller said
/// something. Fillers ("um", "hmm") and letter runs with no vowel ("zxcv")
/// are not words.
fn has_content(t: &Tokens) -> bool {
    let words = || {
        t.list
            .iter()
            .filter(|w| w.is_alpha() && is_word_like(&w.lower))
    };
    words().any(|w| !is_common(&w.lower)) && words().count() >= 3
}

/// Hesitations ("um", "erm") never get here: the tokenizer drops them.
fn is_word_like(w: &str) -> bool {
    const FILLERS: &[&str] = &["eh", "blah", "la", "lah", "test", "testing"];
    w.chars()
        .any(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
        && !FILLERS.contains(&w)
}
