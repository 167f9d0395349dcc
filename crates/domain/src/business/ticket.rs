//! Support tickets: priority and promised response time, category, who gets
//! it, and a reference the caller can note down.
//!
//! - Response times come from the catalog's `response_times` by priority.
//! - Category: matched to the catalog's list ignoring case; a missing or
//!   unknown category files the ticket under `General` (or the list's last
//!   entry if there is no `General`). We never refuse a caller over a
//!   category: staff re-file tickets, but a lost ticket is lost.
//! - Priorities in `escalate_priorities` (High, Critical) are assigned at once,
//!   round-robin over the staff on duty: the one after the last assigned, in
//!   roster order, wrapping round; the first on the roster when the last
//!   assigned is unknown or has gone off duty. Others wait in the queue.
//! - The reference is `TKT-` and five characters from an alphabet without
//!   look-alikes (no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V, G): a fixed bijection
//!   of the ticket's sequence number, so references are unique and neighbours
//!   do not look alike. Past 20^5 tickets the code grows to six characters.

use voice_types::business::{CreateTicketRequest, CreateTicketResult, TicketPriority};

use crate::catalog::Catalog;

/// Characters of a ticket reference: easy to read and to say.
pub const REFERENCE_ALPHABET: &[u8; 20] = b"ACEFHJKMNPRTWXY34679";

/// A triaged ticket, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriagedTicket {
    pub priority: TicketPriority,
    pub category: String,
    pub response_time: String,
    pub assigned_to: Option<String>,
    pub reference: String,
    pub issue_description: String,
}

/// Why a ticket was not opened; the text is read to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("the ticket needs a short description of the problem")]
    NoDescription,
}

/// Triages `request`. `staff_on_duty` is the roster in order, `last_assigned`
/// who got the previous escalated ticket, `sequence` the ticket's number.
pub fn triage_ticket(
    catalog: &Catalog,
    request: &CreateTicketRequest,
    staff_on_duty: &[String],
    last_assigned: Option<&str>,
    sequence: u64,
) -> Result<TriagedTicket, TicketError> {
    let issue_description = request.issue_description.trim();
    if issue_description.is_empty() {
        return Err(TicketError::NoDescription);
    }
    let priority = request.priority;
    let assigned_to = if is_escalated(catalog, priority) {
        next_assignee(staff_on_duty, last_assigned).map(str::to_owned)
    } else {
        None
    };
    Ok(TriagedTicket {
        priority,
        category: resolve_category(catalog, request.category.as_deref()),
        response_time: response_time(catalog, priority),
        assigned_to,
        reference: ticket_reference(sequence),
        issue_description: issue_description.to_owned(),
    })
}

/// The promised response time, e.g. `"1-2 hours"`.
pub fn response_time(catalog: &Catalog, priority: TicketPriority) -> String {
    match catalog.support.response_times.get(priority.as_str()) {
        Some(time) => time.clone(),
        None => match priority {
            TicketPriority::Low => "24-48 hours",
            TicketPriority::Medium => "4-8 hours",
            TicketPriority::High => "1-2 hours",
            TicketPriority::Critical => "30 minutes",
        }
        .to_owned(),
    }
}

/// Whether tickets of `priority` go straight to a person.
pub fn is_escalated(catalog: &Catalog, priority: TicketPriority) -> bool {
    catalog
        .support
        .escalate_priorities
        .iter()
        .any(|p| p == priority.as_str())
}

/// The catalog's category for what the caller said (see the module header).
pub fn resolve_category(catalog: &Catalog, spoken: Option<&str>) -> String {
    let categories = &catalog.support.categories;
    let wanted = spoken.map(str::trim).unwrap_or_default();
    let found = categories.iter().find(|c| c.eq_ignore_ascii_case(wanted));
    let fallback = || {
        categories
            .iter()
            .find(|c| c.as_str() == "General")
            .or(categories.last())
    };
    found
        .or_else(fallback)
        .cloned()
        .unwrap_or_else(|| "General".to_owned())
}

/// The next person on the roster after `last_assigned`, round-robin.
pub fn next_assignee<'a>(
    staff_on_duty: &'a [String],
    last_assigned: Option<&str>,
) -> Option<&'a str> {
    let last_index = last_assigned.and_then(|last| staff_on_duty.iter().position(|s| s == last));
    let next = match last_index {
        Some(i) => (i + 1) % staff_on_duty.len(),
        None => 0,
    };
    staff_on_duty.get(next).map(String::as_str)
}

/// The roster member for the `counter`-th escalated ticket, when the caller
/// keeps a counter instead of the last assignee.
pub fn assignee_by_counter(staff_on_duty: &[String], counter: u64) -> Option<&str> {
    let len = u64::try_from(staff_on_duty.len()).ok().filter(|n| *n > 0)?;
    let index = usize::try_from(counter % len).ok()?;
    staff_on_duty.get(index).map(String::as_str)
}

/// `TKT-` plus a short code for sequence number `sequence` (see the module header).
pub fn ticket_reference(sequence: u64) -> String {
    const WIDTH: u32 = 5;
    let base = REFERENCE_ALPHABET.len() as u64;
    let space = base.pow(WIDTH);
    // An affine map with a multiplier coprime to the space is a bijection on it.
    let (mut n, width) = if sequence < space {
        ((sequence * 7_919 + 104_729) % space, WIDTH)
    } else {
        (sequence, WIDTH + 1)
    };
    let mut code = Vec::new();
    while n > 0 || code.len() < width as usize {
        code.push(REFERENCE_ALPHABET[(n % base) as usize]);
        n /= base;
    }
    code.reverse();
    format!("TKT-{}", String::from_utf8_lossy(&code))
}

impl TriagedTicket {
    /// The `create_ticket` answer; `ticket_id` is the store's document name.
    pub fn to_wire(&self, ticket_id: &str) -> CreateTicketResult {
        let code = self
            .reference
            .strip_prefix("TKT-")
            .unwrap_or(&self.reference);
        let spelled: Vec<String> = code.chars().map(String::from).collect();
        let message = format!(
            "your ticket reference is {}, that is T K T then {}; we will respond within {}",
            self.reference,
            spelled.join(" "),
            self.response_time
        );
        CreateTicketResult::Success {
            ticket_id: ticket_id.to_owned(),
            ticket_reference: self.reference.clone(),
            priority: self.priority,
            category: self.category.clone(),
            response_time: self.response_time.clone(),
            assigned_to: self.assigned_to.clone(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn references_are_unique_short_and_unambiguous() {
        let mut seen = HashSet::new();
        for sequence in 0..20_000 {
            let reference = ticket_reference(sequence);
            assert_eq!(reference.len(), 9, "{reference}");
            assert!(
                reference[4..]
                    .bytes()
                    .all(|b| REFERENCE_ALPHABET.contains(&b))
            );
            assert!(seen.insert(reference));
        }
        assert_ne!(ticket_reference(1)[4..7], ticket_reference(2)[4..7]);
        assert_eq!(ticket_reference(3_200_000).len(), 10);
    }

    #[test]
    fn a_counter_walks_the_roster() {
        let staff: Vec<String> = ["Asha", "Ben"].map(String::from).to_vec();
        let picked: Vec<Option<&str>> = (0..3).map(|n| assignee_by_counter(&staff, n)).collect();
        assert_eq!(picked, [Some("Asha"), Some("Ben"), Some("Asha")]);
        assert_eq!(assignee_by_counter(&[], 7), None);
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        for bad in b"0OQD1IL2Z5S8BUVG" {
            assert!(!REFERENCE_ALPHABET.contains(bad), "{}", *bad as char);
        }
    }
}
