//! The business catalog: menu, services, hours and ticket rules.
//!
//! The demo business (`catalog/catalog.json`, a verbatim copy of the shared
//! demo data) is compiled in as the embedded default, so tests, demos and the
//! embedded store all agree. Money is kept exactly, in integer pence.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

/// The demo catalog as shipped, byte for byte.
pub const DEMO_CATALOG_JSON: &str = include_str!("../catalog/catalog.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub company_name: String,
    pub currency: String,
    pub timezone: String,
    pub business_hours: BusinessHours,
    pub slot_minutes: u32,
    pub restaurant: Restaurant,
    pub appointments: Appointments,
    pub support: Support,
}

/// Opening hours per weekday as `["HH:MM", "HH:MM"]`, or `null` when closed.
#[derive(Debug, Clone, Deserialize)]
pub struct BusinessHours {
    pub monday: Option<[String; 2]>,
    pub tuesday: Option<[String; 2]>,
    pub wednesday: Option<[String; 2]>,
    pub thursday: Option<[String; 2]>,
    pub friday: Option<[String; 2]>,
    pub saturday: Option<[String; 2]>,
    pub sunday: Option<[String; 2]>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Restaurant {
    pub delivery_minutes: u32,
    #[serde(deserialize_with = "pence")]
    pub min_order_amount: i64,
    pub order_types: Vec<String>,
    pub menu: Vec<MenuItem>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MenuItem {
    pub item_name: String,
    pub category: String,
    /// Price in pence.
    #[serde(deserialize_with = "pence")]
    pub price: i64,
    pub preparation_minutes: u32,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Appointments {
    pub booking_advance_days: u32,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Service {
    pub service_name: String,
    pub duration_minutes: u32,
    /// Price in pence.
    #[serde(deserialize_with = "pence")]
    pub price: i64,
    pub capacity: u32,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Support {
    pub categories: Vec<String>,
    pub priorities: Vec<String>,
    pub response_times: std::collections::BTreeMap<String, String>,
    pub escalate_priorities: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid catalog: {0}")]
pub struct CatalogError(#[from] serde_json::Error);

impl Catalog {
    /// Parses a catalog in the shape of the demo catalog.
    pub fn from_json(json: &str) -> Result<Self, CatalogError> {
        Ok(serde_json::from_str(json)?)
    }

    /// The compiled-in demo catalog.
    pub fn demo() -> &'static Catalog {
        static DEMO: OnceLock<Catalog> = OnceLock::new();
        // The file is compiled in and checked by a unit test, so parsing cannot fail at run time.
        DEMO.get_or_init(|| {
            Catalog::from_json(DEMO_CATALOG_JSON).expect("the compiled-in demo catalog is valid")
        })
    }
}

/// Reads a JSON number of pounds (`9.5`, `11.00`) as exact pence.
///
/// The value is rounded to the nearest penny from its decimal text, never
/// summed as a float.
fn pence<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    parse_pence(&n.to_string()).ok_or_else(|| serde::de::Error::custom(format!("not a price: {n}")))
}

/// `"9.5"` → 950, `"11"` → 1100, `"1.805"` → None (more than two decimals).
pub fn parse_pence(text: &str) -> Option<i64> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f.trim_end_matches('0')),
        None => (text, ""),
    };
    if frac.len() > 2 || whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac_pence: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac_pence)
}

/// 950 → `"9.50"`.
pub fn format_pence(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    format!("{sign}{}.{:02}", p / 100, p % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_catalog_parses_with_exact_prices() {
        let c = Catalog::demo();
        assert_eq!(c.currency, "GBP");
        assert_eq!(c.restaurant.min_order_amount, 1000);
        let water = c
            .restaurant
            .menu
            .iter()
            .find(|m| m.item_name == "Sparkling Water");
        assert_eq!(water.map(|m| m.price), Some(180));
        assert_eq!(c.appointments.services.len(), 4);
        assert!(c.business_hours.sunday.is_none());
    }

    #[test]
    fn pence_round_trip() {
        assert_eq!(parse_pence("9.5"), Some(950));
        assert_eq!(parse_pence("11"), Some(1100));
        assert_eq!(parse_pence("1.80"), Some(180));
        assert_eq!(parse_pence("1.805"), None);
        assert_eq!(parse_pence("-1"), None);
        assert_eq!(format_pence(950), "9.50");
        assert_eq!(format_pence(5), "0.05");
    }
}
