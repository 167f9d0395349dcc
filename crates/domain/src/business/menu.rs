//! The menu as the order rules see it: items found by what a caller says.
//!
//! A spoken name matches an item by its name or one of its aliases, in three
//! steps, first hit wins:
//! 1. the same words, ignoring case, punctuation and `&`/`n` for "and";
//! 2. the same words once every word loses a plural `s` ("2 pepperoni pizzas",
//!    "brownies"); both sides are singularized, so "fries" still finds Fries;
//! 3. a small spelling slip (Damerau-Levenshtein distance 1 for names of 5-7
//!    letters, 2 for 8+; none for shorter words), only when exactly one item is that close.
//!
//! No match is `None`: the caller reports it back, it is never dropped.

use jiff::tz::TimeZone;
use voice_types::business::{MenuItemView, MenuResult};

use crate::business::clock::{UnknownTimeZone, business_time_zone};
use crate::catalog::{Catalog, MenuItem, format_pence};

/// The restaurant side of the catalog, ready for matching and pricing.
#[derive(Debug, Clone)]
pub struct Menu {
    pub currency: String,
    pub delivery_minutes: u32,
    pub min_order_pence: i64,
    pub time_zone: TimeZone,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    item: MenuItem,
    /// Name and aliases, normalized.
    exact_keys: Vec<String>,
    /// The same, singularized.
    keys: Vec<String>,
}

impl Menu {
    pub fn from_catalog(catalog: &Catalog) -> Result<Self, UnknownTimeZone> {
        let entries = catalog
            .restaurant
            .menu
            .iter()
            .map(|item| {
                let exact_keys: Vec<String> = std::iter::once(&item.item_name)
                    .chain(&item.aliases)
                    .map(|name| normalize(name))
                    .collect();
                Entry {
                    keys: exact_keys.iter().map(|k| singular(k)).collect(),
                    exact_keys,
                    item: item.clone(),
                }
            })
            .collect();
        Ok(Self {
            currency: catalog.currency.clone(),
            delivery_minutes: catalog.restaurant.delivery_minutes,
            min_order_pence: catalog.restaurant.min_order_amount,
            time_zone: business_time_zone(&catalog.timezone)?,
            entries,
        })
    }

    /// The item a caller means by `spoken`, or `None` when unknown or ambiguous.
    pub fn find(&self, spoken: &str) -> Option<&MenuItem> {
        let normalized = normalize(spoken);
        if normalized.is_empty() {
            return None;
        }
        let exact = self
            .entries
            .iter()
            .find(|e| e.exact_keys.contains(&normalized));
        if let Some(entry) = exact {
            return Some(&entry.item);
        }
        let wanted = singular(&normalized);
        if let Some(entry) = self.entries.iter().find(|e| e.keys.contains(&wanted)) {
            return Some(&entry.item);
        }
        self.closest(&wanted)
    }

    /// The `get_menu` result, optionally one category (case-insensitive).
    pub fn view(&self, category: Option<&str>) -> MenuResult {
        let wanted = category.map(str::trim).filter(|c| !c.is_empty());
        let items = self
            .entries
            .iter()
            .filter(|e| wanted.is_none_or(|c| e.item.category.eq_ignore_ascii_case(c)))
            .map(|e| MenuItemView {
                item_name: e.item.item_name.clone(),
                category: e.item.category.clone(),
                price: format_pence(e.item.price),
                preparation_minutes: e.item.preparation_minutes,
                available: true,
                aliases: e.item.aliases.clone(),
            })
            .collect();
        MenuResult {
            currency: self.currency.clone(),
            items,
        }
    }

    fn closest(&self, wanted: &str) -> Option<&MenuItem> {
        let allowed = match wanted.chars().count() {
            // Short words are too close to each other ("cake" is one slip from "coke").
            0..=4 => return None,
            5..=7 => 1,
            _ => 2,
        };
        let mut best: Option<(usize, &Entry)> = None;
        let mut tied = false;
        for entry in &self.entries {
            let Some(distance) = entry
                .keys
                .iter()
                .map(|k| strsim::damerau_levenshtein(wanted, k))
                .min()
            else {
                continue;
            };
            match best {
                Some((d, _)) if distance > d => {}
                Some((d, _)) if distance == d => tied = true,
                _ => {
                    best = Some((distance, entry));
                    tied = false;
                }
            }
        }
        match best {
            Some((distance, entry)) if distance <= allowed && !tied => Some(&entry.item),
            _ => None,
        }
    }
}

/// Lower case, `&` and a lone `n` read as "and", punctuation dropped, single spaces.
fn normalize(text: &str) -> String {
    let cleaned: String = text
        .replace('&', " and ")
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned
        .split_whitespace()
        .map(|w| if w == "n" { "and" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops a plural `s` from each word of 4+ letters (not from `ss`).
fn singular(normalized: &str) -> String {
    normalized
        .split(' ')
        .map(|w| {
            if w.len() >= 4 && w.ends_with('s') && !w.ends_with("ss") {
                &w[..w.len() - 1]
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn menu() -> Menu {
        Menu::from_catalog(Catalog::demo()).expect("demo menu")
    }

    #[test]
    fn names_aliases_plurals_and_slips_match() {
        let menu = menu();
        let cases = [
            ("Pepperoni Pizza", "Pepperoni Pizza"),
            ("pepperoni pizzas", "Pepperoni Pizza"),
            ("PEPPERONI", "Pepperoni Pizza"),
            ("cokes", "Coca-Cola"),
            ("coca cola", "Coca-Cola"),
            ("fish & chips", "Fish and Chips"),
            ("fish n chips", "Fish and Chips"),
            ("brownies", "Chocolate Brownie"),
            ("fries", "Fries"),
            ("chips", "Fries"),
            ("margarita", "Margherita Pizza"),
            ("margherita pizzas", "Margherita Pizza"),
            ("tiramissu", "Tiramisu"),
            ("garlic breads", "Garlic Bread"),
            ("spagetti carbonara", "Spaghetti Carbonara"),
        ];
        for (spoken, expected) in cases {
            let found = menu.find(spoken).map(|i| i.item_name.as_str());
            assert_eq!(found, Some(expected), "{spoken}");
        }
    }

    #[test]
    fn unknown_and_ambiguous_names_are_none() {
        let menu = menu();
        for spoken in ["sushi", "pizza", "", "   ", "lobster thermidor", "cake"] {
            assert!(menu.find(spoken).is_none(), "{spoken}");
        }
    }

    #[test]
    fn the_menu_view_filters_by_category() {
        let menu = menu();
        let all = menu.view(None);
        assert_eq!(all.currency, "GBP");
        assert_eq!(all.items.len(), 24);
        let drinks = menu.view(Some("drinks"));
        assert_eq!(drinks.items.len(), 6);
        let water = drinks
            .items
            .iter()
            .find(|i| i.item_name == "Sparkling Water");
        assert_eq!(water.map(|i| i.price.as_str()), Some("1.80"));
    }
}
