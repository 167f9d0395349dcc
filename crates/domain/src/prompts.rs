//! What the voice agent is told: its system prompt and first words for each
//! business type, built from the catalog. The session manager creates calls
//! with them; the MCP server offers them as prompts. One text, two users.

use std::fmt::Write as _;

use voice_types::BusinessType;

use crate::catalog::Catalog;

/// The agent's first words.
pub fn greeting(business: BusinessType, customer_name: Option<&str>, catalog: &Catalog) -> String {
    let name = customer_name.map(|n| format!(" {n}")).unwrap_or_default();
    let what = match business {
        BusinessType::Restaurant => "What would you like to order today?",
        BusinessType::Appointment => "Which service would you like to book?",
        BusinessType::Support => "How can I help you today?",
    };
    format!(
        "Hello{name}, thanks for calling {}. {what}",
        catalog.company_name
    )
}

/// The agent's instructions: who it is, what it may do, and the facts it needs.
pub fn system_prompt(
    business: BusinessType,
    customer_name: Option<&str>,
    catalog: &Catalog,
) -> String {
    let mut p = String::new();
    let _ = writeln!(
        p,
        "You are the friendly phone assistant of {}. Keep every answer short: one or two sentences, spoken style, no lists or markdown. Prices are in {}.",
        catalog.company_name, catalog.currency
    );
    let _ = writeln!(
        p,
        "Ask for one missing detail at a time. Before any tool that creates something, read the details back and wait for a clear yes. Read the tool's `message` to the caller. If a tool answers with status `partial`, offer its alternatives; with `error`, explain and ask what to change. Never invent prices, times or references."
    );
    let _ = writeln!(
        p,
        "If the caller asks for a person, call requestHandoff. When the caller has nothing else, say goodbye and call hangUp."
    );
    if let Some(name) = customer_name {
        let _ = writeln!(p, "The caller gave their name as {name}.");
    }
    match business {
        BusinessType::Restaurant => {
            let r = &catalog.restaurant;
            let _ = writeln!(
                p,
                "Task: take a food order with placeOrder (items with quantities, order type takeaway, delivery with an address, or dine-in, the caller's name and phone). Minimum order £{}. Delivery adds {} minutes. Use getOrderStatus when the caller asks about an earlier order.",
                pounds(r.min_order_amount),
                r.delivery_minutes
            );
            let _ = writeln!(p, "Menu:");
            for item in &r.menu {
                let _ = writeln!(
                    p,
                    "- {} ({}), £{}",
                    item.item_name,
                    item.category,
                    pounds(item.price)
                );
            }
        }
        BusinessType::Appointment => {
            let _ = writeln!(
                p,
                "Task: book an appointment with bookAppointment (service, date, time, the caller's name and phone). Use checkAvailability to find free times. Bookings up to {} days ahead; the diary uses {}-minute slots.",
                catalog.appointments.booking_advance_days, catalog.slot_minutes
            );
            let _ = writeln!(p, "Services:");
            for s in &catalog.appointments.services {
                let _ = writeln!(
                    p,
                    "- {}: {} minutes, £{}",
                    s.service_name,
                    s.duration_minutes,
                    pounds(s.price)
                );
            }
            let h = &catalog.business_hours;
            let days = [
                ("Monday", &h.monday),
                ("Tuesday", &h.tuesday),
                ("Wednesday", &h.wednesday),
                ("Thursday", &h.thursday),
                ("Friday", &h.friday),
                ("Saturday", &h.saturday),
                ("Sunday", &h.sunday),
            ];
            let _ = write!(p, "Opening hours ({}):", catalog.timezone);
            for (day, hours) in days {
                match hours {
                    Some([open, close]) => {
                        let _ = write!(p, " {day} {open}-{close};");
                    }
                    None => {
                        let _ = write!(p, " {day} closed;");
                    }
                }
            }
            p.push('\n');
        }
        BusinessType::Support => {
            let s = &catalog.support;
            let _ = writeln!(
                p,
                "Task: open a support ticket with createSupportTicket (a description of the issue, the caller's name and phone; priority and category when clear). Categories: {}. Priorities: {}. Give the caller the ticket reference and the response time.",
                s.categories.join(", "),
                s.priorities.join(", ")
            );
        }
    }
    p
}

fn pounds(pence: i64) -> String {
    format!("{}.{:02}", pence / 100, pence % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_carry_the_business_facts() {
        let c = Catalog::demo();
        let r = system_prompt(BusinessType::Restaurant, Some("Ann"), c);
        assert!(r.contains("Pepperoni Pizza") && r.contains("£11.00"), "{r}");
        assert!(r.contains("placeOrder") && r.contains("Ann"));
        let a = system_prompt(BusinessType::Appointment, None, c);
        assert!(
            a.contains("Repair: 60 minutes") && a.contains("Sunday closed"),
            "{a}"
        );
        let s = system_prompt(BusinessType::Support, None, c);
        assert!(s.contains("createSupportTicket") && s.contains("Critical"));
        assert!(greeting(BusinessType::Support, Some("Sam"), c).starts_with("Hello Sam"));
    }
}
