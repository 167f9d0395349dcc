//! Conversation context: what successive utterances of one call have said,
//! merged into one state the agent can act on.
//!
//! Items accumulate; "make that three" sets the quantity of the last item
//! (or of the item named); "no onions on the burger" adds to that item's
//! special instructions; "remove the coke" takes an item off. A later name,
//! phone, date or other detail replaces an earlier one. `missing` is
//! recomputed from the merged state each time. Plain data with serde, so the
//! session manager can store it; no IO here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use voice_types::extraction::{ExtractedItem, ExtractedParameters, Extraction, Intent};
use voice_types::session::BusinessType;

use crate::extract::amend::{REMOVAL_CUES, SWAP_CUES};
use crate::extract::intent::{main_intent, missing};
use crate::extract::items::add_item_line;
use crate::extract::numbers::quantity_at;
use crate::extract::text::Tokens;

/// The merged state of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationContext {
    pub business_type: Option<BusinessType>,
    /// The last intent that was not `unknown`.
    pub intent: Option<Intent>,
    /// The business task being filled in (order, booking, ticket, check).
    pub task: Option<Intent>,
    pub parameters: ExtractedParameters,
    pub confidence: BTreeMap<String, f64>,
    pub missing: Vec<String>,
    pub unrecognized_items: Vec<String>,
    pub turns: u32,
}

impl ConversationContext {
    pub fn new(business_type: BusinessType) -> Self {
        ConversationContext {
            business_type: Some(business_type),
            ..Self::default()
        }
    }

    /// One caller turn: extracts `text` at local time `now` and folds it in;
    /// returns what this utterance alone said. The agent asks for the
    /// missing details in order, so a bare answer ("Kevin Jones") is read as
    /// the first one still missing.
    pub fn hear(
        &mut self,
        extractor: &crate::extract::Extractor,
        text: &str,
        now: jiff::civil::DateTime,
    ) -> Extraction {
        let business_type = self.business_type.unwrap_or(BusinessType::Restaurant);
        let input = voice_types::extraction::ExtractInput {
            text: text.to_owned(),
            business_type,
            context: None,
            expected_parameters: self.missing.first().map(|m| vec![m.clone()]),
        };
        let heard = extractor.extract(&input, now);
        self.merge(&heard, text);
        heard
    }

    /// Folds one utterance and its extraction into the context.
    pub fn merge(&mut self, extraction: &Extraction, utterance: &str) {
        self.turns = self.turns.saturating_add(1);
        self.merge_intent(extraction.intent);
        let t = Tokens::new(utterance);
        let new_items = extraction.parameters.items.as_deref().unwrap_or(&[]);
        let handled = self.amend_items(&t, new_items);
        if !handled {
            for item in new_items {
                add_item_line(
                    self.parameters.items.get_or_insert_with(Vec::new),
                    item.clone(),
                );
            }
        }
        self.merge_scalars(extraction);
        for said in &extraction.unrecognized_items {
            if !self.unrecognized_items.contains(said) {
                self.unrecognized_items.push(said.clone());
            }
        }
        if self
            .parameters
            .items
            .as_ref()
            .is_some_and(|i| !i.is_empty())
        {
            let c = extraction.confidence.get("items").copied().unwrap_or(0.9);
            self.confidence.entry("items".to_owned()).or_insert(c);
        }
        self.missing = self.compute_missing();
    }

    /// A value the caller typed into the form: replaces parameter `name`
    /// (a field name of `ExtractedParameters`, e.g. `customer_name`) with
    /// full confidence. `Value::Null` clears it. The error names the field.
    pub fn correct(&mut self, name: &str, value: serde_json::Value) -> Result<(), String> {
        let mut params = serde_json::to_value(&self.parameters).map_err(|e| e.to_string())?;
        let Some(map) = params.as_object_mut() else {
            return Err("parameters are not an object".to_owned());
        };
        let cleared = value.is_null();
        if cleared {
            map.remove(name);
        } else {
            map.insert(name.to_owned(), value);
        }
        self.parameters =
            serde_json::from_value(params).map_err(|e| format!("fields.{name}: {e}"))?;
        if cleared {
            self.confidence.remove(name);
        } else {
            self.confidence.insert(name.to_owned(), 1.0);
        }
        self.missing = self.compute_missing();
        Ok(())
    }

    /// The merged state in the shape of one extraction.
    pub fn snapshot(&self) -> Extraction {
        Extraction {
            intent: self.intent.unwrap_or(Intent::Unknown),
            parameters: self.parameters.clone(),
            confidence: self.confidence.clone(),
            missing: self.missing.clone(),
            unrecognized_items: self.unrecognized_items.clone(),
        }
    }

    fn merge_intent(&mut self, intent: Intent) {
        if intent == Intent::Unknown {
            return;
        }
        self.intent = Some(intent);
        let is_task = matches!(
            intent,
            Intent::PlaceOrder
                | Intent::BookAppointment
                | Intent::CreateTicket
                | Intent::CheckAvailability
        );
        let downgrade =
            intent == Intent::CheckAvailability && self.task == Some(Intent::BookAppointment);
        if is_task && !downgrade {
            self.task = Some(intent);
        }
    }

    fn compute_missing(&self) -> Vec<String> {
        let business = self.business_type.unwrap_or(match self.task {
            Some(Intent::BookAppointment | Intent::CheckAvailability) => BusinessType::Appointment,
            Some(Intent::CreateTicket) => BusinessType::Support,
            _ => BusinessType::Restaurant,
        });
        let task = self.task.unwrap_or_else(|| main_intent(business));
        missing(task, &self.parameters)
    }

    /// Applies "make that three", "no onions on the burger" and "remove the
    /// coke"; returns whether the utterance was such an amendment.
    fn amend_items(&mut self, t: &Tokens, new_items: &[ExtractedItem]) -> bool {
        let Some(items) = self.parameters.items.as_mut().filter(|i| !i.is_empty()) else {
            return false;
        };
        let known = |name: &str| items.iter().position(|i| i.item_name == name);
        let named = new_items.iter().find_map(|n| known(&n.item_name));
        if let Some(quantity) = quantity_amendment(t) {
            match (named, new_items.first()) {
                (Some(k), _) => set_quantity(items, k, quantity),
                (None, Some(replacement)) => {
                    let last = items.len() - 1;
                    items[last] = ExtractedItem {
                        quantity,
                        ..replacement.clone()
                    };
                }
                (None, None) => {
                    let last = items.len() - 1;
                    set_quantity(items, last, quantity);
                }
            }
            return true;
        }
        // "make it a lemonade", "a lemonade instead": the last item is swapped.
        if let [replacement] = new_items
            && named.is_none()
            && is_swap(t)
        {
            let last = items.len() - 1;
            items[last] = replacement.clone();
            return true;
        }
        if is_removal(t) {
            let names: Vec<&str> = new_items.iter().map(|n| n.item_name.as_str()).collect();
            items.retain(|i| !names.contains(&i.item_name.as_str()));
            return !names.is_empty();
        }
        let Some(modifier) = modifier_amendment(t, new_items.is_empty() || named.is_some()) else {
            return false;
        };
        let k = named.unwrap_or(items.len() - 1);
        if let Some(item) = items.get_mut(k) {
            item.special_instructions = Some(match item.special_instructions.take() {
                Some(before) if !before.is_empty() => format!("{before}, {modifier}"),
                _ => modifier,
            });
        }
        true
    }

    fn merge_scalars(&mut self, e: &Extraction) {
        let new = &e.parameters;
        let p = &mut self.parameters;
        let c = &mut self.confidence;
        let mut take = |field: &str, present: bool| {
            if present && let Some(v) = e.confidence.get(field) {
                c.insert(field.to_owned(), *v);
            }
            present
        };
        if take("order_type", new.order_type.is_some()) {
            p.order_type = new.order_type;
        }
        for (field, slot, value) in [
            (
                "delivery_address",
                &mut p.delivery_address,
                &new.delivery_address,
            ),
            ("customer_name", &mut p.customer_name, &new.customer_name),
            ("phone", &mut p.phone, &new.phone),
            ("email", &mut p.email, &new.email),
            ("service_type", &mut p.service_type, &new.service_type),
            (
                "appointment_date",
                &mut p.appointment_date,
                &new.appointment_date,
            ),
            (
                "appointment_time",
                &mut p.appointment_time,
                &new.appointment_time,
            ),
        ] {
            if take(field, value.is_some()) {
                slot.clone_from(value);
            }
        }
        if let Some(said) = &new.issue_description {
            take("issue_description", true);
            p.issue_description = Some(match p.issue_description.take() {
                Some(before) if !before.contains(said.as_str()) => format!("{before} {said}"),
                _ => said.clone(),
            });
        }
        // A ticket field said only by default (low confidence) never
        // overrides one the caller actually said earlier.
        let said = |field: &str| e.confidence.get(field).is_some_and(|v| *v > 0.6);
        if new.priority.is_some() && (said("priority") || p.priority.is_none()) {
            take("priority", true);
            p.priority = new.priority;
        }
        if new.category.is_some() && (said("category") || p.category.is_none()) {
            take("category", true);
            p.category = new.category;
        }
    }
}

fn set_quantity(items: &mut [ExtractedItem], k: usize, quantity: u32) {
    if let Some(item) = items.get_mut(k) {
        item.quantity = quantity;
    }
}

/// "make that three", "make it 2", "change that to four", "three instead".
fn quantity_amendment(t: &Tokens) -> Option<u32> {
    const CUES: &[&[&str]] = &[
        &["make", "that"],
        &["make", "it"],
        &["make", "them"],
        &["make", "those"],
        &["change", "that", "to"],
        &["change", "it", "to"],
        &["change", "the", "quantity", "to"],
    ];
    for i in 0..t.len() {
        if let Some(cue) = CUES.iter().find(|c| t.phrase_at(i, c)) {
            let at = i + cue.len();
            if let Some((n, _)) = quantity_at(t, at).filter(|_| !matches!(t.word(at), "a" | "an")) {
                return Some(n);
            }
        }
        if t.word(i + 1) == "instead"
            && !matches!(t.word(i), "a" | "an")
            && let Some((n, _)) = quantity_at(t, i)
        {
            return Some(n);
        }
    }
    None
}

/// "make it a lemonade", "actually, a lemonade instead": the utterance opens
/// with a swap, or ends its item with "instead" (not "instead of ...").
fn is_swap(t: &Tokens) -> bool {
    let opens = (0..t.len())
        .find(|&i| SWAP_CUES.iter().any(|c| t.phrase_at(i, c)))
        .is_some_and(|cue| (0..cue).all(|i| LEAD.contains(&t.word(i))));
    opens || (0..t.len()).any(|i| t.word(i) == "instead" && t.word(i + 1) != "of")
}

/// Words that may come before an amendment that opens an utterance.
const LEAD: &[&str] = &[
    "and", "oh", "actually", "also", "but", "can", "could", "would", "will", "you", "please", "i",
    "i'd", "we", "we'd", "like", "want", "to", "sorry", "no", "wait", "ok", "okay", "right", "so",
    "just", "yes", "yeah", "then", "let's", "let", "us", "me",
];

/// "remove the coke", "actually, can you take off the chips": the utterance
/// opens with a removal. One that orders first ("a pizza and a coke, forget
/// the coke") was settled by the extraction itself.
fn is_removal(t: &Tokens) -> bool {
    let Some(cue) = (0..t.len()).find(|&i| REMOVAL_CUES.iter().any(|c| t.phrase_at(i, c))) else {
        return false;
    };
    (0..cue).all(|i| LEAD.contains(&t.word(i)))
}

/// "no onions on the burger", "extra cheese please": the modifier words,
/// when the utterance amends an item already ordered. `refers_back` says
/// the utterance named no new item (only ones already ordered, or none).
fn modifier_amendment(t: &Tokens, refers_back: bool) -> Option<String> {
    const TRIGGERS: &[&str] = &[
        "no", "without", "extra", "hold", "less", "light", "easy", "more",
    ];
    const LEAD: &[&str] = &[
        "and", "oh", "actually", "also", "but", "can", "i", "have", "could", "you", "make", "it",
        "please", "with",
    ];
    let start = (0..t.len())
        .find(|&i| TRIGGERS.contains(&t.word(i)) || t.phrase_at(i, &["well", "done"]))?;
    let leads_in = (0..start).all(|i| LEAD.contains(&t.word(i)));
    let end = (start + 1..t.len())
        .find(|&k| {
            let reference = matches!(t.word(k), "on" | "for" | "in" | "with" | "to")
                && matches!(
                    t.word(k + 1),
                    "the" | "my" | "that" | "those" | "both" | "it" | "them" | "all"
                );
            reference || matches!(t.word(k), "please" | "thanks" | "thank") || t.break_after(k - 1)
        })
        .unwrap_or(t.len());
    let refers = (end < t.len()) && matches!(t.word(end), "on" | "for" | "in" | "with" | "to");
    if !refers_back || !(leads_in || refers) || end < start + 2 {
        return None;
    }
    let said = t
        .raw(start, end)
        .trim_end_matches([',', '.', ' '])
        .to_lowercase();
    (!said.is_empty()).then_some(said)
}
