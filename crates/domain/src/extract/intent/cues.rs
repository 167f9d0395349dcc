//! The cue phrases intent detection looks for, and the matcher.

use crate::extract::text::Tokens;

/// What a question about the menu mentions when it names no dish.
pub(super) const MENU_NOUNS: &[&[&str]] = &[
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
pub(super) const ASKING_TO_KNOW: &[&[&str]] = &[
    &["to", "know"],
    &["to", "ask"],
    &["find", "out"],
    &["wondering"],
    &["wondered"],
];

pub(super) fn any(t: &Tokens, phrases: &[&[&str]]) -> bool {
    phrases.iter().any(|p| t.says(p))
}

/// Phrases that ask for a person on their own; single person words count
/// only when asked for ([`asks_for_someone`]).
pub(super) const HANDOFF: &[&[&str]] = &[
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
    &["staff", "member", "call", "me", "back"],
    &["someone", "call", "me", "back"],
    &["in", "charge"],
    &["member", "of", "the", "team"],
    &["member", "of", "your", "team"],
    &["one", "of", "the", "team"],
    &["call", "back", "from"],
    &["humans", "there"],
    &["people", "there"],
];

pub(super) const CANCEL: &[&[&str]] = &[
    &["cancel"],
    &["never", "mind"],
    &["nevermind"],
    &["forget", "it"],
    &["forget", "about", "it"],
    &["scrap", "that"],
    &["scrap", "it"],
];

pub(super) const MENU: &[&[&str]] = &[
    &["menu"],
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

pub(super) const ORDERING: &[&[&str]] = &[
    &["chance", "of", "a"],
    &["chance", "of", "an"],
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

pub(super) const BOOKING: &[&[&str]] = &[
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

pub(super) const WANTS: &[&[&str]] = &[
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

pub(super) const AVAILABILITY: &[&[&str]] = &[
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
pub(super) const BILLING_REPORTS: &[&[&str]] = &[
    &["charged"],
    &["overcharged"],
    &["refund"],
    &["invoice"],
    &["double", "charged"],
];

/// "does Tuesday work", "would 3pm suit": availability when asked; said as a
/// statement ("Tuesday at 3 works for me") they pick the slot to book.
pub(super) const SUITS: &[&[&str]] = &[
    &["work"],
    &["works"],
    &["suit"],
    &["suits"],
    &["ok"],
    &["okay"],
    &["alright"],
];

/// "what services do you offer": the appointment business's menu.
pub(super) const SERVICES_ASKED: &[&[&str]] = &[
    &["what", "services"],
    &["which", "services"],
    &["what", "do", "you", "offer"],
    &["what", "can", "you", "do"],
    &["what", "kind", "of", "services"],
    &["list", "of", "services"],
    &["your", "services"],
];

pub(super) const PRICES: &[&[&str]] = &[
    &["price"],
    &["prices"],
    &["cost"],
    &["costs"],
    &["how", "much"],
    &["menu"],
];

/// Calls that are about none of the business's tools.
pub(super) const OFF_TOPIC: &[&[&str]] = &[
    &["goodbye"],
    &["bye"],
    &["joke"],
    &["sing"],
    &["directions"],
    &["weather"],
    &["football"],
    &["capital", "of"],
    &["tell", "me", "a", "story"],
];
