//! The caller's intent, and which required parameters are still missing.
//!
//! Cue phrases decide, in this order: a request for a person (human_handoff
//! wins over everything), cancelling, order status, then per business type
//! menu questions, ordering, availability versus booking, and problem
//! reports. A bare detail ("my name is Ann", a phone number) keeps the
//! business type's main intent; an utterance with no cue and nothing
//! extracted is `unknown`.

use voice_types::extraction::{ExtractedParameters, Intent, OrderType};
use voice_types::session::BusinessType;

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
    if any(t, CANCEL) || cancels(t) {
        return Intent::Cancel;
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
    // "I'd like to know the price of a margherita" asks, it does not order;
    // nor does "please" after a question that opens with a price.
    let price_first = PRICES
        .iter()
        .any(|p| p.iter().enumerate().all(|(k, w)| t.word(k) == *w));
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
    // "sorry, wrong number".
    if any(
        t,
        &[
            &["wrong", "number"],
            &["dialled", "the", "wrong"],
            &["misdialled"],
        ],
    ) {
        return Intent::Unknown;
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

fn is_order_status(t: &Tokens) -> bool {
    let about_order = any(
        t,
        &[
            &["my", "order"],
            &["my", "food"],
            &["my", "delivery"],
            &["my", "meal"],
            &["my", "pizza"],
            &["my", "pizzas"],
            &["my", "takeaway"],
            &["the", "order"],
            &["the", "food"],
            &["our", "order"],
            &["our", "food"],
            &["i", "ordered"],
            &["we", "ordered"],
            &["i", "placed", "an", "order"],
        ],
    );
    let asks = any(
        t,
        &[
            &["where"],
            &["where's"],
            &["how", "long"],
            &["how", "much", "longer"],
            &["status"],
            &["track"],
            &["still", "waiting"],
            &["arrived"],
            &["ready", "yet"],
            &["eta"],
            &["when", "will"],
            &["when", "is"],
            &["when", "does"],
            &["when's"],
            &["arrive"],
            &["arriving"],
            &["coming"],
            &["on", "its", "way"],
            &["on", "the", "way"],
            &["left"],
            &["update"],
            &["updates"],
            &["news"],
            &["here", "yet"],
            &["hasn't", "come"],
            &["hasn't", "been"],
            &["haven't", "been"],
            &["hasn't", "arrived"],
            &["not", "come"],
            &["not", "arrived"],
            &["never", "came"],
            &["never", "arrived"],
            &["is", "late"],
            &["running", "late"],
            &["happened", "to"],
            &["where", "is", "it"],
            &["where's", "it"],
            &["not", "here"],
            &["still", "not"],
            &["sent", "out"],
            &["been", "sent"],
            &["dispatched"],
            &["yet"],
            &["ready"],
            &["check", "on"],
            &["checking", "on"],
            &["happening"],
            &["happened"],
            &["taking", "so", "long"],
            &["turned", "up"],
            &["turn", "up"],
            &["waiting"],
            &["what", "time"],
            &["get", "here"],
        ],
    );
    // "I'm not happy with how long the delivery took", "my order arrived
    // damaged": complaints.
    let past = any(
        t,
        &[
            &["took"],
            &["taken"],
            &["damaged"],
            &["broken"],
            &["wrong"],
            &["spilled"],
            &["cold"],
        ],
    );
    let how_long = (t.has_phrase(&["how", "long"]) || t.has_phrase(&["how", "much", "longer"]))
        && any(t, &[&["delivery"], &["order"], &["food"]]);
    // "how long will the pizzas be", "how much longer will it take".
    let how_long_will = any(
        t,
        &[
            &["how", "long", "will"],
            &["how", "long", "until"],
            &["how", "long", "till"],
            &["how", "much", "longer"],
        ],
    );
    // "where's my pepperoni pizza", "where are my burgers".
    let where_mine = (matches!(t.word(0), "where's" | "wheres")
        || (t.word(0) == "where" && matches!(t.word(1), "is" | "are")))
        && (0..t.len()).any(|i| matches!(t.word(i), "my" | "our"));
    // "has the driver left yet", "is it ready for collection yet".
    let yet = t.has_word("yet")
        && any(
            t,
            &[
                &["ready", "for"],
                &["ready", "yet"],
                &["left"],
                &["sent"],
                &["driver"],
                &["dispatched"],
            ],
        );
    any(t, &[&["order", "status"], &["track", "my", "order"]])
        || (!past && ((about_order && asks) || how_long || how_long_will || where_mine || yet))
}

/// What a question about the menu mentions when it names no dish.
const MENU_NOUNS: &[&[&str]] = &[
    &["pizza"],
    &["pizzas"],
    &["drink"],
    &["drinks"],
    &["dessert"],
    &["desserts"],
    &["sides"],
    &["mains"],
    &["starters"],
    &["burgers"],
    &["food"],
    &["dishes"],
    &["toppings"],
    &["available"],
    &["order"],
    &["eat"],
    &["cheapest"],
    &["special"],
    &["specials"],
    &["vegetarian"],
    &["vegan"],
];

/// "I'd like to know", "I want to ask": the caller asks about something.
const ASKING_TO_KNOW: &[&[&str]] = &[
    &["to", "know"],
    &["to", "ask"],
    &["find", "out"],
    &["wondering"],
    &["wondered"],
];

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

/// "is my margherita ready", "my burger hasn't come yet", "are the pizzas
/// on their way": the caller's own items and a question about their progress.
fn names_own_order(t: &Tokens, s: Signals) -> bool {
    let own = any(
        t,
        &[&["my"], &["our"], &["i", "ordered"], &["we", "ordered"]],
    );
    let progress = any(
        t,
        &[
            &["yet"],
            &["ready"],
            &["hasn't"],
            &["haven't"],
            &["arrived"],
            &["been", "delivered"],
            &["still", "isn't"],
            &["still", "not"],
            &["isn't", "here"],
            &["where"],
            &["confirmed"],
        ],
    );
    let on_the_way = any(t, &[&["on", "their", "way"], &["on", "its", "way"]]);
    ((s.items || s.unrecognized) && own && progress) || on_the_way
}

/// A menu question: a cue phrase, "what pizzas do you have", or a request
/// to hear it ("list the drinks", "read out the desserts").
fn asks_for_menu(t: &Tokens) -> bool {
    if any(t, MENU) {
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

/// An availability cue, but not the caller's own ("I'm available all
/// morning", "I'll be free then") or an adjective ("a free consultation").
fn asks_availability(t: &Tokens) -> bool {
    (0..t.len()).any(|i| {
        let prev = |n: usize| i.checked_sub(n).map_or("", |k| t.word(k));
        let own = matches!(prev(1), "i'm" | "im")
            || (prev(1) == "a" && t.word(i) == "free")
            || (prev(1) == "be" && matches!(prev(2), "i'll" | "we'll" | "i"))
            || (prev(1) == "am" && prev(2) == "i");
        !own && AVAILABILITY
            .iter()
            .any(|p| p.iter().enumerate().all(|(k, w)| t.word(i + k) == *w))
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

fn any(t: &Tokens, phrases: &[&[&str]]) -> bool {
    (0..t.len()).any(|i| {
        phrases
            .iter()
            .any(|p| p.iter().enumerate().all(|(k, w)| t.word(i + k) == *w))
    })
}

/// Phrases that ask for a person on their own; single person words count
/// only when asked for ([`asks_for_someone`]).
const HANDOFF: &[&[&str]] = &[
    &["real", "person"],
    &["actual", "person"],
    &["live", "person"],
    &["speak", "to", "someone"],
    &["talk", "to", "someone"],
    &["speak", "to", "somebody"],
    &["talk", "to", "somebody"],
    &["speak", "with", "someone"],
    &["talk", "with", "someone"],
    &["speak", "to", "staff"],
    &["member", "of", "staff"],
    &["transfer", "me"],
    &["put", "me", "through"],
    &["speak", "to", "an", "agent"],
    &["talk", "to", "an", "agent"],
    &["live", "agent"],
    &["real", "agent"],
    &["speak", "to", "a", "person"],
    &["someone", "from", "staff"],
    &["somebody", "from", "staff"],
    &["get", "me", "someone"],
    &["get", "me", "somebody"],
    &["in", "charge"],
    &["member", "of", "the", "team"],
    &["member", "of", "your", "team"],
    &["one", "of", "the", "team"],
    &["call", "back", "from"],
    &["humans", "there"],
    &["people", "there"],
];

const CANCEL: &[&[&str]] = &[
    &["cancel"],
    &["never", "mind"],
    &["nevermind"],
    &["forget", "it"],
    &["forget", "about", "it"],
    &["scrap", "that"],
    &["scrap", "it"],
];

const MENU: &[&[&str]] = &[
    &["menu"],
    &["how", "much"],
    &["price"],
    &["prices"],
    &["cost"],
    &["costs"],
    &["what", "do", "you", "have"],
    &["what", "you", "have"],
    &["what", "you've", "got"],
    &["what", "you", "got"],
    &["what", "have", "you", "got"],
    &["what", "do", "you", "do"],
    &["do", "you", "have"],
    &["do", "you", "do"],
    &["do", "you", "sell"],
    &["do", "you", "serve"],
    &["have", "you", "got"],
    &["what's", "good"],
    &["recommend"],
    &["options"],
    &["specials"],
    &["what", "kind", "of"],
    &["what", "sort", "of"],
    &["what", "drinks"],
    &["what", "desserts"],
    &["expensive"],
    &["how", "big"],
    &["how", "large"],
    &["how", "spicy"],
    &["how", "hot"],
    &["tell", "me", "about"],
    &["hear", "your"],
    &["hear", "the"],
    &["chance", "you", "do"],
    &["on", "offer"],
    &["cheap"],
    &["cheaper"],
    &["cheapest"],
    &["for", "vegans"],
    &["for", "vegetarians"],
    &["come", "with"],
    &["comes", "with"],
    &["list", "the"],
    &["list", "your"],
    &["list", "all"],
    &["read", "out"],
    &["read", "me"],
    &["run", "through"],
    &["go", "through", "the"],
    &["anything", "vegetarian"],
    &["anything", "vegan"],
    &["gluten", "free", "options"],
];

const ORDERING: &[&[&str]] = &[
    &["i'd", "like"],
    &["i", "would", "like"],
    &["i", "want"],
    &["i'll", "have"],
    &["i'll", "take"],
    &["we'll", "have"],
    &["we'd", "like"],
    &["we", "want"],
    &["can", "i", "have"],
    &["can", "i", "get"],
    &["could", "i", "have"],
    &["could", "i", "get"],
    &["can", "we", "have"],
    &["can", "we", "get"],
    &["get", "me"],
    &["give", "me"],
    &["let", "me", "get"],
    &["i", "need"],
    &["order"],
    &["add"],
    &["i'd", "love"],
    &["please"],
];

const BOOKING: &[&[&str]] = &[
    &["book"],
    &["booking"],
    &["schedule"],
    &["reserve"],
    &["make", "an", "appointment"],
    &["fit", "me", "in"],
    &["fit", "us", "in"],
    &["get", "me", "in"],
    &["arrange"],
    &["set", "up", "an", "appointment"],
];

const WANTS: &[&[&str]] = &[
    &["i'll", "take"],
    &["i'll", "have"],
    &["we'll", "take"],
    &["i'd", "like"],
    &["i", "would", "like"],
    &["i", "want"],
    &["i", "need"],
    &["can", "i"],
    &["could", "i"],
    &["can", "we"],
    &["we'd", "like"],
];

const AVAILABILITY: &[&[&str]] = &[
    &["available"],
    &["availability"],
    &["free"],
    &["slots"],
    &["slot"],
    &["openings"],
    &["opening"],
    &["gap"],
    &["gaps"],
    &["spare"],
    &["space"],
    &["room"],
    &["possible"],
    &["booked", "up"],
    &["fully", "booked"],
    &["see", "if"],
    &["check", "if"],
    &["whether"],
    &["what", "times"],
    &["when", "can"],
    &["when", "are", "you"],
    &["is", "there", "anything"],
    &["do", "you", "have", "anything"],
    &["you", "have", "anything"],
    &["you've", "got", "anything"],
    &["have", "you", "got", "anything"],
    &["if", "you", "have"],
    &["if", "you've", "got"],
    &["open"],
    &["any", "space"],
    &["any", "room"],
    &["have", "time"],
    &["any", "time"],
    &["appointments", "left"],
    &["any", "appointments"],
    &["any", "good"],
    &["diary"],
    &["busy"],
];

/// A complaint about a bill, whatever service it names.
const BILLING_REPORTS: &[&[&str]] = &[
    &["charged"],
    &["overcharged"],
    &["refund"],
    &["invoice"],
    &["double", "charged"],
];

/// "does Tuesday work", "would 3pm suit": availability when asked; said as a
/// statement ("Tuesday at 3 works for me") they pick the slot to book.
const SUITS: &[&[&str]] = &[&["work"], &["works"], &["suit"], &["suits"]];

/// "what services do you offer": the appointment business's menu.
const SERVICES_ASKED: &[&[&str]] = &[
    &["what", "services"],
    &["which", "services"],
    &["what", "do", "you", "offer"],
    &["what", "can", "you", "do"],
    &["what", "kind", "of", "services"],
    &["list", "of", "services"],
    &["your", "services"],
];

const PRICES: &[&[&str]] = &[
    &["price"],
    &["prices"],
    &["cost"],
    &["costs"],
    &["how", "much"],
    &["menu"],
];
