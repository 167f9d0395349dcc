//! Dynamic forms from an extraction: the fields of the business type's main
//! tool, prefilled with what the caller said, with the missing ones marked.

use serde_json::{Value, json};
use voice_types::{
    BusinessType,
    extraction::Extraction,
    forms::{DynamicForm, FormField},
};

use crate::catalog::Catalog;

const PHONE_PATTERN: &str = r"^\+44\d{9,10}$";
const EMAIL_PATTERN: &str = r"^[^@\s]+@[^@\s]+\.[^@\s]+$";

/// The form for `business_type`, prefilled from `extraction` (if any).
pub fn dynamic_form(
    business_type: BusinessType,
    extraction: Option<&Extraction>,
    catalog: &Catalog,
) -> DynamicForm {
    let (tool, title, mut fields) = match business_type {
        BusinessType::Restaurant => ("placeOrder", "Your order", restaurant_fields(catalog)),
        BusinessType::Appointment => (
            "bookAppointment",
            "Your appointment",
            appointment_fields(catalog),
        ),
        BusinessType::Support => (
            "createSupportTicket",
            "Your support request",
            support_fields(catalog),
        ),
    };
    if let Some(extraction) = extraction {
        let params = serde_json::to_value(&extraction.parameters).unwrap_or(Value::Null);
        for field in &mut fields {
            if let Some(v) = params.get(&field.name).filter(|v| !v.is_null()) {
                field.value = Some(v.clone());
                field.confidence = extraction.confidence.get(&field.name).copied();
            }
        }
    }
    let delivery = fields.iter().any(|f| {
        f.name == "order_type" && f.value.as_ref().and_then(Value::as_str) == Some("Delivery")
    });
    for field in &mut fields {
        if field.name == "delivery_address" {
            field.required = delivery;
        }
    }
    let missing: Vec<String> = fields
        .iter()
        .filter(|f| f.required && f.value.is_none())
        .map(|f| f.name.clone())
        .collect();
    DynamicForm {
        business_type,
        tool: tool.to_owned(),
        title: title.to_owned(),
        complete: missing.is_empty(),
        missing,
        fields,
    }
}

fn field(name: &str, label: &str, kind: &str, required: bool) -> FormField {
    FormField {
        name: name.to_owned(),
        label: label.to_owned(),
        kind: kind.to_owned(),
        required,
        options: Vec::new(),
        pattern: None,
        hint: None,
        value: None,
        confidence: None,
    }
}

fn with(mut f: FormField, options: Vec<String>, pattern: Option<&str>, hint: &str) -> FormField {
    f.options = options;
    f.pattern = pattern.map(str::to_owned);
    f.hint = Some(hint.to_owned());
    f
}

fn contact_fields() -> Vec<FormField> {
    vec![
        with(
            field("customer_name", "Name", "text", true),
            vec![],
            None,
            "first and last name",
        ),
        with(
            field("phone", "Phone", "tel", true),
            vec![],
            Some(PHONE_PATTERN),
            "a UK number, e.g. 07700 900123",
        ),
    ]
}

fn restaurant_fields(catalog: &Catalog) -> Vec<FormField> {
    let items = catalog
        .restaurant
        .menu
        .iter()
        .map(|m| m.item_name.clone())
        .collect();
    let mut fields = vec![with(
        field("items", "Items", "items", true),
        items,
        None,
        "1 to 50 of each menu item",
    )];
    fields.push(with(
        field("order_type", "Collection or delivery", "select", false),
        catalog.restaurant.order_types.clone(),
        None,
        "Takeaway unless the caller asks for delivery",
    ));
    fields.push(with(
        field("delivery_address", "Delivery address", "text", false),
        vec![],
        None,
        "needed for delivery",
    ));
    fields.extend(contact_fields());
    fields
}

fn appointment_fields(catalog: &Catalog) -> Vec<FormField> {
    let services = catalog
        .appointments
        .services
        .iter()
        .map(|s| s.service_name.clone())
        .collect();
    let mut fields = vec![
        with(
            field("service_type", "Service", "select", true),
            services,
            None,
            "what the caller needs",
        ),
        with(
            field("appointment_date", "Date", "date", true),
            vec![],
            Some(r"^\d{4}-\d{2}-\d{2}$"),
            &format!(
                "within {} days; closed days are refused",
                catalog.appointments.booking_advance_days
            ),
        ),
        with(
            field("appointment_time", "Time", "time", true),
            vec![],
            Some(r"^\d{2}:\d{2}$"),
            &format!("on the {}-minute grid", catalog.slot_minutes),
        ),
    ];
    fields.extend(contact_fields());
    fields.push(with(
        field("email", "E-mail", "email", false),
        vec![],
        Some(EMAIL_PATTERN),
        "for the confirmation",
    ));
    fields
}

fn support_fields(catalog: &Catalog) -> Vec<FormField> {
    let mut name = contact_fields();
    name.truncate(1);
    let mut fields = vec![with(
        field("issue_description", "The problem", "textarea", true),
        vec![],
        None,
        "in the caller's words",
    )];
    fields.push(with(
        field("priority", "Priority", "select", false),
        catalog.support.priorities.clone(),
        None,
        "Medium unless urgent",
    ));
    fields.push(with(
        field("category", "Category", "select", false),
        catalog.support.categories.clone(),
        None,
        "General when unsure",
    ));
    fields.extend(name);
    fields.push(with(
        field("phone", "Phone", "tel", false),
        vec![],
        Some(PHONE_PATTERN),
        "to call back",
    ));
    fields
}

/// The values of a form as a flat object (for `form_update` events).
pub fn form_values(form: &DynamicForm) -> Value {
    let mut out = serde_json::Map::new();
    for f in &form.fields {
        if let Some(v) = &f.value {
            out.insert(f.name.clone(), v.clone());
        }
    }
    json!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use voice_types::extraction::ExtractInput;

    fn extraction(text: &str, business_type: BusinessType) -> Extraction {
        let input: ExtractInput = serde_json::from_value(json!({"text": text,
            "businessType": business_type, "context": {"now": "2026-11-20T10:00:00"}}))
        .expect("valid input");
        crate::extract::extract(&input, Catalog::demo())
    }

    #[test]
    fn an_order_form_is_prefilled_and_marks_what_is_missing() {
        let e = extraction(
            "two pepperoni pizzas for delivery please, my name is Kevin Hart",
            BusinessType::Restaurant,
        );
        let form = dynamic_form(BusinessType::Restaurant, Some(&e), Catalog::demo());
        assert_eq!(form.tool, "placeOrder");
        let get = |n: &str| form.fields.iter().find(|f| f.name == n).expect("field");
        assert_eq!(get("customer_name").value, Some(json!("Kevin Hart")));
        assert!(
            get("delivery_address").required,
            "delivery needs an address"
        );
        assert_eq!(
            form.missing,
            vec!["delivery_address".to_owned(), "phone".to_owned()]
        );
        assert!(!form.complete);
        assert!(get("items").confidence.is_some());
    }

    #[test]
    fn an_empty_form_lists_every_required_field() {
        let form = dynamic_form(BusinessType::Appointment, None, Catalog::demo());
        assert_eq!(
            form.missing,
            vec![
                "service_type",
                "appointment_date",
                "appointment_time",
                "customer_name",
                "phone"
            ]
        );
        let service = form
            .fields
            .iter()
            .find(|f| f.name == "service_type")
            .expect("field");
        assert_eq!(service.options.len(), 4);
        let support = dynamic_form(BusinessType::Support, None, Catalog::demo());
        assert_eq!(support.missing, vec!["issue_description", "customer_name"]);
    }
}
