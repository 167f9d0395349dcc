//! The dynamic form (`generateDynamicForm` / `synchronizeUI`): fields appear
//! and fill as the caller speaks; the caller can correct any field by typing
//! and saving, which updates the session's context on the server.

use std::collections::BTreeMap;

use leptos::{prelude::*, task::spawn_local};
use serde_json::Value;
use voice_types::forms::FormField;

use crate::call::CallCtx;

/// The form, once the session has one.
#[component]
pub fn FormPanel() -> impl IntoView {
    let ctx = expect_context::<CallCtx>();
    let form = Memo::new(move |_| ctx.model.with(|m| m.as_ref().and_then(|m| m.form.clone())));
    let drafts = RwSignal::new(BTreeMap::<String, String>::new());
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields: serde_json::Map<String, Value> = drafts
            .get_untracked()
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        let Some(id) = ctx.session_id() else {
            return;
        };
        if fields.is_empty() {
            return;
        }
        saving.set(true);
        spawn_local(async move {
            let result = ctx.api().correct_form(&id, fields).await;
            saving.set(false);
            match result {
                Ok(updated) => {
                    drafts.set(BTreeMap::new());
                    ctx.model.update(|m| {
                        if let Some(m) = m.as_mut() {
                            m.form = Some(updated);
                        }
                    });
                    saved.set(Some(
                        "Saved. The assistant now has your correction.".to_owned(),
                    ));
                }
                Err(e) => saved.set(Some(format!("Could not save: {e}."))),
            }
        });
    };
    view! {
        {move || form.get().map(|form| {
            let complete = form.complete;
            let missing = form.missing.clone();
            let fields = form
                .fields
                .into_iter()
                .map(|field| {
                    let is_missing = missing.contains(&field.name);
                    view! { <Field field is_missing drafts/> }
                })
                .collect_view();
            view! {
                <form class="card form-card" id="dynamic-form" on:submit=save aria-labelledby="form-title">
                    <header class="card-head">
                        <h2 id="form-title">{form.title}</h2>
                        <span class=if complete { "badge status-ready" } else { "badge status-pending" }>
                            {if complete { "Complete" } else { "In progress" }}
                        </span>
                    </header>
                    <p class="hint">"Filled in as you speak. Spotted a mistake? Correct it here."</p>
                    {fields}
                    <div class="form-actions">
                        <button
                            type="submit"
                            class="button primary"
                            id="save-form"
                            disabled=move || saving.get() || drafts.with(BTreeMap::is_empty)
                        >
                            {move || if saving.get() { "Saving…" } else { "Save corrections" }}
                        </button>
                        <span class="saved" role="status" id="form-saved">{move || saved.get().unwrap_or_default()}</span>
                    </div>
                </form>
            }
        })}
    }
}

#[component]
fn Field(
    field: FormField,
    is_missing: bool,
    drafts: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let id = format!("form-field-{}", field.name);
    let name = field.name.clone();
    let current = field.value.as_ref().map(show_value).unwrap_or_default();
    let label = if field.required {
        format!("{} *", field.label)
    } else {
        field.label.clone()
    };
    let hint = field.hint.clone().unwrap_or_default();
    if field.kind == "items" {
        return view! {
            <div class="field">
                <span class="field-label">{label}</span>
                <p class="field-static" id=id>{if current.is_empty() { "—".to_owned() } else { current }}</p>
            </div>
        }
        .into_any();
    }
    let input_type = match field.kind.as_str() {
        "tel" => "tel",
        "email" => "email",
        "date" => "date",
        "time" => "time",
        _ => "text",
    };
    let key = name.clone();
    let value = move || {
        drafts
            .with(|d| d.get(&key).cloned())
            .unwrap_or_else(|| current.clone())
    };
    let key = name.clone();
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        drafts.update(|d| {
            d.insert(key.clone(), text);
        });
    };
    let control = if field.kind == "select" && !field.options.is_empty() {
        let options = field
            .options
            .iter()
            .map(|o| view! { <option value=o.clone()>{o.clone()}</option> })
            .collect_view();
        view! {
            <select id=id.clone() name=name prop:value=value on:change=on_input>
                <option value="">"Choose…"</option>
                {options}
            </select>
        }
        .into_any()
    } else {
        view! { <input id=id.clone() type=input_type name=name prop:value=value on:input=on_input/> }
            .into_any()
    };
    view! {
        <div class="field" class:missing=is_missing>
            <label for=id>{label}</label>
            {control}
            <small class="field-hint">{hint}</small>
        </div>
    }
    .into_any()
}

/// A field value as text: strings as they are, items as "2 × Pepperoni".
fn show_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let name = item
                    .get("item_name")
                    .or_else(|| item.get("itemName"))
                    .and_then(Value::as_str);
                let quantity = item.get("quantity").and_then(Value::as_u64).unwrap_or(1);
                match name {
                    Some(name) => format!("{quantity} × {name}"),
                    None => show_value(item),
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::show_value;

    #[test]
    fn item_lists_read_as_quantities() {
        let items = json!([{"item_name": "Pepperoni Pizza", "quantity": 2}, {"item_name": "Cola"}]);
        assert_eq!(show_value(&items), "2 × Pepperoni Pizza, 1 × Cola");
        assert_eq!(show_value(&json!("Kevin")), "Kevin");
    }
}
