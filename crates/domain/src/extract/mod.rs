//! Parameter extraction from caller speech (see `shared/nlu/SPEC.md`): one
//! utterance in, the intent and the business-tool parameters out.
//!
//! Pure and allocation-light: no IO, and no clock unless the convenience
//! [`extract`] has to stand in for a missing `context.now`. The lookup
//! tables built from a catalog (an [`Extractor`]) are made once and cached
//! per catalog content. Extraction never fails: odd input gives intent
//! `unknown` and an honest `missing` list.
//!
//! The pipeline marks the tokens each step uses, so later steps never read
//! them again: email, phone, name, address (restaurant), date and time
//! (appointments), items or service, then intent and the support fields.

mod amend;
pub mod context;
mod dates;
mod email;
mod intent;
mod items;
mod lexicon;
mod name;
mod numbers;
mod order;
mod phone;
mod support;
mod text;
mod times;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use jiff::civil::DateTime;
use voice_types::extraction::{ExtractInput, ExtractedParameters, Extraction, Intent};
use voice_types::session::BusinessType;

use crate::catalog::Catalog;
use crate::extract::lexicon::Lexicon;
use crate::extract::text::Tokens;

pub use crate::business::customer::PhoneE164;
pub use crate::extract::context::ConversationContext;
pub use crate::extract::intent::missing as missing_parameters;

/// Extracts with the time from `input.context.now`, or the clock in the
/// catalog's time zone when the context has none.
pub fn extract(input: &ExtractInput, catalog: &Catalog) -> Extraction {
    let now = context_now(input).unwrap_or_else(|| clock_now(&catalog.timezone));
    extract_at(input, catalog, now)
}

/// Extracts at a given local time; `input.context.now`, when present and
/// well formed, still wins over `now`. Pure: no clock, no IO.
pub fn extract_at(input: &ExtractInput, catalog: &Catalog, now: DateTime) -> Extraction {
    let now = context_now(input).unwrap_or(now);
    extractor_for(catalog).extract(input, now)
}

/// `context.now` parsed as a local wall-clock time.
pub fn context_now(input: &ExtractInput) -> Option<DateTime> {
    parse_local(input.context.as_ref()?.now.as_deref()?)
}

/// A local wall-clock time (`YYYY-MM-DDTHH:MM:SS`; a trailing offset or
/// fraction is ignored).
fn parse_local(text: &str) -> Option<DateTime> {
    let now = text.trim();
    now.parse::<DateTime>()
        .ok()
        .or_else(|| now.get(..19).and_then(|s| s.parse().ok()))
}

/// A caller-given local time when it reads as one, else the clock in `timezone`.
pub fn local_now(given: Option<&str>, timezone: &str) -> DateTime {
    given
        .and_then(parse_local)
        .unwrap_or_else(|| clock_now(timezone))
}

/// The extraction tables for `catalog`, built once per catalog.
pub fn extractor(catalog: &Catalog) -> Arc<Extractor> {
    extractor_for(catalog)
}

/// The current local time in `timezone` (the system zone if unknown).
pub fn clock_now(timezone: &str) -> DateTime {
    let zoned = jiff::Zoned::now();
    match jiff::tz::TimeZone::get(timezone) {
        Ok(tz) => zoned.with_time_zone(tz).datetime(),
        Err(_) => zoned.datetime(),
    }
}

/// Longest text read; beyond this an utterance is not speech anyway.
const MAX_TEXT_BYTES: usize = 4096;

/// Lookup tables for one catalog: menu and service names with aliases.
#[derive(Debug, Clone)]
pub struct Extractor {
    menu: Lexicon,
    menu_names: Vec<String>,
    /// Last words of menu names ("pizza", "burger"): nouns that wait for
    /// the item name ("a pizza margherita").
    menu_heads: Vec<String>,
    services: Lexicon,
    service_names: Vec<String>,
}

impl Extractor {
    pub fn new(catalog: &Catalog) -> Self {
        let menu = &catalog.restaurant.menu;
        let services = &catalog.appointments.services;
        Extractor {
            menu: Lexicon::new(
                menu.iter()
                    .map(|m| (m.item_name.as_str(), m.aliases.as_slice())),
            ),
            menu_names: menu.iter().map(|m| m.item_name.clone()).collect(),
            menu_heads: menu_heads(menu),
            services: Lexicon::new(
                services
                    .iter()
                    .map(|s| (s.service_name.as_str(), s.aliases.as_slice())),
            ),
            service_names: services.iter().map(|s| s.service_name.clone()).collect(),
        }
    }

    /// Extracts one utterance at the local time `now`.
    pub fn extract(&self, input: &ExtractInput, now: DateTime) -> Extraction {
        let text = clip(&input.text, MAX_TEXT_BYTES);
        let expected = input.expected_parameters.as_deref().unwrap_or(&[]);
        let mut run = Run::new(text, input.business_type);
        run.details(expected);
        match input.business_type {
            BusinessType::Restaurant => run.restaurant(self, expected),
            BusinessType::Appointment => run.appointment(self, now),
            BusinessType::Support => {}
        }
        run.finish(&input.text)
    }
}

/// The state of one extraction as it moves through the pipeline.
struct Run<'a> {
    t: Tokens<'a>,
    business: BusinessType,
    p: ExtractedParameters,
    confidence: BTreeMap<String, f64>,
    signals: intent::Signals,
    unrecognized: Vec<String>,
    /// The tokens of the caller's name, phone and email, with their cues.
    detail_tokens: Vec<usize>,
}

impl<'a> Run<'a> {
    fn new(text: &'a str, business: BusinessType) -> Self {
        Run {
            t: Tokens::new(text),
            business,
            p: ExtractedParameters::default(),
            confidence: BTreeMap::new(),
            signals: intent::Signals::default(),
            unrecognized: Vec::new(),
            detail_tokens: Vec::new(),
        }
    }

    fn set_confidence(&mut self, field: &str, value: f64) {
        self.confidence
            .insert(field.to_owned(), value.clamp(0.0, 1.0));
    }

    /// Email, phone and name: details every business type takes.
    fn details(&mut self, expected: &[String]) {
        let before = self.t.consumed.clone();
        if let Some((email, spoken)) = email::extract_email(&mut self.t) {
            self.p.email = Some(email);
            self.set_confidence("email", if spoken { 0.85 } else { 0.95 });
        }
        if let Some((phone, spoken)) = phone::extract_phone(&mut self.t) {
            self.p.phone = Some(phone.as_str().to_owned());
            self.set_confidence("phone", if spoken { 0.85 } else { 0.95 });
        }
        let mut found = name::extract_name(&mut self.t);
        if found.is_none() && expected.iter().any(|e| e == "customer_name") {
            found = name::bare_name(&mut self.t);
        }
        if let Some((name, confidence)) = found {
            self.p.customer_name = Some(name);
            self.set_confidence("customer_name", confidence);
        }
        self.signals.details =
            self.p.email.is_some() || self.p.phone.is_some() || self.p.customer_name.is_some();
        self.detail_tokens = (0..self.t.len())
            .filter(|&i| self.t.is_consumed(i) && !before.get(i).copied().unwrap_or(true))
            .collect();
    }

    fn restaurant(&mut self, ex: &Extractor, expected: &[String]) {
        let mut address = order::extract_address(&mut self.t);
        if address.is_none() && expected.iter().any(|e| e == "delivery_address") {
            address = order::bare_address(&mut self.t);
        }
        if let Some((said, confidence)) = address {
            self.p.delivery_address = Some(said);
            self.set_confidence("delivery_address", confidence);
            self.signals.address = true;
        }
        let found = items::extract_items(&mut self.t, &ex.menu, &ex.menu_names, &ex.menu_heads);
        if !found.items.is_empty() {
            self.set_confidence("items", if found.all_exact { 0.95 } else { 0.8 });
            self.p.items = Some(found.items);
            self.signals.items = true;
        }
        self.signals.explicit_quantity = found.explicit_quantity;
        self.signals.unrecognized = !found.unrecognized.is_empty() || found.vague;
        self.unrecognized = found.unrecognized;
        if let Some((kind, confidence)) = order::order_type(&self.t, self.signals.address) {
            self.p.order_type = Some(kind);
            self.set_confidence("order_type", confidence);
            self.signals.order_type = true;
        }
    }

    fn appointment(&mut self, ex: &Extractor, now: DateTime) {
        if let Some((date, confidence)) = dates::extract_date(&mut self.t, now.date()) {
            self.p.appointment_date = Some(date.to_string());
            self.set_confidence("appointment_date", confidence);
            self.signals.date = true;
        }
        if let Some(time) = times::extract_time(&mut self.t) {
            self.p.appointment_time = Some(time.hh_mm());
            self.set_confidence("appointment_time", time.confidence);
            self.signals.time = true;
        }
        if let Some(m) = service_match(&self.t, &ex.services)
            && let Some(name) = ex.service_names.get(m.target)
        {
            self.p.service_type = Some(name.clone());
            let confidence = match (m.exact, m.canonical) {
                (true, true) => 0.95,
                (true, false) => 0.9,
                _ => 0.75,
            };
            self.set_confidence("service_type", confidence);
            self.signals.service = true;
        }
    }

    fn finish(mut self, full_text: &str) -> Extraction {
        // "my name is Ruth Price" asks no price and names no bill: a name,
        // phone or email and its cue are no cue words for the intent, the
        // priority or the category.
        let mut view = self.t.clone();
        for &i in &self.detail_tokens {
            if let Some(token) = view.list.get_mut(i) {
                token.lower.clear();
            }
        }
        let (priority, priority_cue) = support::priority(&view);
        let (category, category_cue) = support::category(&view);
        self.signals.ticket_cue =
            self.business == BusinessType::Support && (priority_cue || category_cue);
        let intent = intent::detect(&view, self.business, self.signals);
        if intent == Intent::CreateTicket {
            if (priority_cue
                || category_cue
                || support::reports_problem(&self.t)
                || has_free_content(&self.t))
                && let Some(description) = support::issue_description(full_text)
            {
                self.p.issue_description = Some(description);
                self.set_confidence("issue_description", 0.8);
            }
            self.p.priority = Some(priority);
            self.set_confidence("priority", if priority_cue { 0.9 } else { 0.6 });
            self.p.category = Some(category);
            self.set_confidence("category", if category_cue { 0.85 } else { 0.6 });
        }
        if !matches!(intent, Intent::PlaceOrder | Intent::GetMenu) {
            self.unrecognized.clear();
        }
        let missing = intent::missing(intent, &self.p);
        Extraction {
            intent,
            parameters: self.p,
            confidence: self.confidence,
            missing,
            unrecognized_items: self.unrecognized,
        }
    }
}

/// The first service named, skipping "customer service", "set up an
/// appointment" and "fit me in" style uses of alias words ("a repair
/// appointment" still names Repair).
fn service_match(t: &Tokens, services: &Lexicon) -> Option<lexicon::LexMatch> {
    let all = services.find_all(t);
    let followed_by_service =
        |m: &lexicon::LexMatch| all.iter().any(|n| n.start == m.start + m.len);
    let candidates: Vec<lexicon::LexMatch> = all
        .iter()
        .copied()
        .filter(|m| {
            let before = m.start.checked_sub(1).map_or("", |k| t.word(k));
            let after = t.word(m.start + m.len);
            let after2 = t.word(m.start + m.len + 1);
            let about_booking = |w: &str| {
                matches!(
                    w,
                    "appointment" | "booking" | "meeting" | "time" | "call" | "slot"
                )
            };
            // "your repair service" names the repair.
            let your = before == "your" && !followed_by_service(m);
            // "set up a consultation", "fix a date for an installation": an
            // alias used as a verb before another service.
            let verb = !m.canonical
                && matches!(after, "a" | "an" | "the" | "my" | "our" | "your")
                && all.iter().any(|n| n.start > m.start + m.len);
            !(matches!(before, "customer" | "what" | "which" | "all")
                || your
                || verb
                || (matches!(after, "a" | "an" | "the") && about_booking(after2))
                || matches!(after, "me" | "us"))
        })
        .collect();
    // A service named by its name wins over one named by an alias.
    candidates
        .iter()
        .copied()
        .find(|m| m.canonical && m.exact)
        .or_else(|| candidates.first().copied())
}

fn menu_heads(menu: &[crate::catalog::MenuItem]) -> Vec<String> {
    let mut heads: Vec<String> = menu
        .iter()
        .filter_map(|m| lexicon::phrase_words(&m.item_name).pop())
        .filter(|w| w.chars().count() >= 3)
        .collect();
    heads.sort();
    heads.dedup();
    heads
}

/// Some free token is a word that is not an everyday word.
fn has_free_content(t: &Tokens) -> bool {
    (0..t.len()).any(|i| {
        !t.is_consumed(i)
            && t.list
                .get(i)
                .is_some_and(|w| w.is_alpha() && !text::is_common(&w.lower))
    })
}

/// At most `max` bytes of `text`, cut at a character boundary.
fn clip(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// Extractors cached by catalog content, so callers passing the same
/// catalog (usually the demo one) build the tables once.
fn extractor_for(catalog: &Catalog) -> Arc<Extractor> {
    type Cache = Mutex<Vec<(u64, Arc<Extractor>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    // The demo catalog is one static value: known by its address, without
    // hashing the whole menu on every call.
    static DEMO: OnceLock<Arc<Extractor>> = OnceLock::new();
    if std::ptr::eq(catalog, Catalog::demo()) {
        return Arc::clone(DEMO.get_or_init(|| Arc::new(Extractor::new(catalog))));
    }
    let key = catalog_key(catalog);
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    // A poisoned lock only means another thread panicked mid-insert; the
    // list itself is still valid, so keep using it.
    let mut entries = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, ex)) = entries.iter().find(|(k, _)| *k == key) {
        return Arc::clone(ex);
    }
    let ex = Arc::new(Extractor::new(catalog));
    if entries.len() >= 16 {
        entries.remove(0);
    }
    entries.push((key, Arc::clone(&ex)));
    ex
}

fn catalog_key(catalog: &Catalog) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for m in &catalog.restaurant.menu {
        m.item_name.hash(&mut h);
        m.aliases.hash(&mut h);
    }
    for s in &catalog.appointments.services {
        s.service_name.hash(&mut h);
        s.aliases.hash(&mut h);
    }
    h.finish()
}
