//! MCP resources: the business facts a client may read without calling a
//! tool (the menu, the bookable services, the opening hours), as JSON at
//! stable `business://` URIs.
//!
//! They come from the compiled-in demo catalog, the same one extraction
//! matches against; live availability and order state stay behind the
//! business tools. Nothing here does IO.

use rmcp::{
    ErrorData as McpError,
    model::{ReadResourceResult, Resource, ResourceContents},
};
use serde::Serialize;
use voice_domain::{
    business::menu::Menu,
    catalog::{Catalog, format_pence},
};

/// The MIME type of every resource here.
pub const JSON_MIME: &str = "application/json";

/// One readable resource: its listing and how its content is made.
struct CatalogResource {
    uri: &'static str,
    name: &'static str,
    title: &'static str,
    description: &'static str,
    render: fn(&Catalog) -> Result<String, McpError>,
}

const RESOURCES: [CatalogResource; 3] = [
    CatalogResource {
        uri: "business://menu",
        name: "menu",
        title: "Menu",
        description: "Every dish and drink with its category, price (GBP, decimal string), preparation time and the aliases callers use; the same shape as getMenu.",
        render: menu,
    },
    CatalogResource {
        uri: "business://services",
        name: "services",
        title: "Bookable services",
        description: "The services bookAppointment takes (Consultation, Repair, Maintenance, Installation): duration, price, parallel capacity and aliases, with the slot length and how far ahead bookings may be made.",
        render: services,
    },
    CatalogResource {
        uri: "business://hours",
        name: "hours",
        title: "Business hours",
        description: "Opening hours per weekday as [\"HH:MM\", \"HH:MM\"] (null when closed), in the business's time zone.",
        render: hours,
    },
];

/// Every resource, for `resources/list`.
pub fn list(catalog: &Catalog) -> Vec<Resource> {
    RESOURCES
        .iter()
        .map(|r| {
            let listed = Resource::new(r.uri, r.name)
                .with_title(r.title)
                .with_description(r.description)
                .with_mime_type(JSON_MIME);
            match (r.render)(catalog) {
                Ok(text) => listed.with_size(text.len() as u64),
                Err(_) => listed,
            }
        })
        .collect()
}

/// The content of `uri`, for `resources/read`; an unknown URI is the
/// protocol's resource-not-found error naming it.
pub fn read(catalog: &Catalog, uri: &str) -> Result<ReadResourceResult, McpError> {
    let Some(resource) = RESOURCES.iter().find(|r| r.uri == uri) else {
        let known: Vec<&str> = RESOURCES.iter().map(|r| r.uri).collect();
        return Err(McpError::resource_not_found(
            format!("no resource at {uri}; known: {}", known.join(", ")),
            Some(serde_json::json!({ "uri": uri })),
        ));
    };
    let text = (resource.render)(catalog)?;
    Ok(ReadResourceResult::new(vec![
        ResourceContents::text(text, uri).with_mime_type(JSON_MIME),
    ]))
}

#[derive(Debug, Serialize)]
struct ServicesView<'a> {
    currency: &'a str,
    slot_minutes: u32,
    booking_advance_days: u32,
    services: Vec<ServiceView<'a>>,
}

#[derive(Debug, Serialize)]
struct ServiceView<'a> {
    service_name: &'a str,
    duration_minutes: u32,
    /// Decimal string, e.g. `"45.00"`, as the business tools answer.
    price: String,
    /// How many bookings one slot takes.
    capacity: u32,
    aliases: &'a [String],
}

#[derive(Debug, Serialize)]
struct HoursView<'a> {
    timezone: &'a str,
    slot_minutes: u32,
    business_hours: WeekView<'a>,
}

/// Each weekday as `["HH:MM", "HH:MM"]`, or `null` when closed.
#[derive(Debug, Serialize)]
struct WeekView<'a> {
    monday: &'a Option<[String; 2]>,
    tuesday: &'a Option<[String; 2]>,
    wednesday: &'a Option<[String; 2]>,
    thursday: &'a Option<[String; 2]>,
    friday: &'a Option<[String; 2]>,
    saturday: &'a Option<[String; 2]>,
    sunday: &'a Option<[String; 2]>,
}

fn menu(catalog: &Catalog) -> Result<String, McpError> {
    let menu = Menu::from_catalog(catalog).map_err(|e| {
        tracing::warn!(error = %e, "the catalog's menu cannot be built");
        McpError::internal_error("the menu is unavailable", None)
    })?;
    to_json(&menu.view(None))
}

fn services(catalog: &Catalog) -> Result<String, McpError> {
    let view = ServicesView {
        currency: &catalog.currency,
        slot_minutes: catalog.slot_minutes,
        booking_advance_days: catalog.appointments.booking_advance_days,
        services: catalog
            .appointments
            .services
            .iter()
            .map(|s| ServiceView {
                service_name: &s.service_name,
                duration_minutes: s.duration_minutes,
                price: format_pence(s.price),
                capacity: s.capacity,
                aliases: &s.aliases,
            })
            .collect(),
    };
    to_json(&view)
}

fn hours(catalog: &Catalog) -> Result<String, McpError> {
    let h = &catalog.business_hours;
    let view = HoursView {
        timezone: &catalog.timezone,
        slot_minutes: catalog.slot_minutes,
        business_hours: WeekView {
            monday: &h.monday,
            tuesday: &h.tuesday,
            wednesday: &h.wednesday,
            thursday: &h.thursday,
            friday: &h.friday,
            saturday: &h.saturday,
            sunday: &h.sunday,
        },
    };
    to_json(&view)
}

fn to_json<T: Serialize>(value: &T) -> Result<String, McpError> {
    serde_json::to_string_pretty(value).map_err(|e| {
        tracing::warn!(error = %e, "a resource did not serialize");
        McpError::internal_error("the resource could not be encoded", None)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_resource_reads_as_json() {
        let catalog = Catalog::demo();
        for listed in list(catalog) {
            let read = read(catalog, &listed.uri).unwrap();
            let ResourceContents::TextResourceContents {
                text, mime_type, ..
            } = &read.contents[0]
            else {
                panic!("{} is not text", listed.uri);
            };
            assert_eq!(mime_type.as_deref(), Some(JSON_MIME));
            assert_eq!(listed.size, Some(text.len() as u64));
            let _: serde_json::Value = serde_json::from_str(text).unwrap();
        }
    }

    #[test]
    fn hours_keep_closed_days_as_null() {
        let read = read(Catalog::demo(), "business://hours").unwrap();
        let ResourceContents::TextResourceContents { text, .. } = &read.contents[0] else {
            panic!("not text");
        };
        let hours: serde_json::Value = serde_json::from_str(text).unwrap();
        assert!(hours["business_hours"]["sunday"].is_null());
        assert_eq!(hours["business_hours"]["monday"][0], "09:00");
    }

    #[test]
    fn an_unknown_uri_is_named_in_the_error() {
        let err = read(Catalog::demo(), "business://nope").unwrap_err();
        assert!(err.message.contains("business://nope"), "{}", err.message);
    }
}
