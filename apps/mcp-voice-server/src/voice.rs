//! The voice tools that keep a conversation: `processVoiceInput` merges each
//! utterance into the session's context (kept by the session manager, so
//! every MCP server instance sees the same conversation), and says what to
//! do next; `generateDynamicForm` and `synchronizeUI` drive the customer's page.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use voice_domain::{
    catalog::Catalog,
    extract::{ConversationContext, extractor, local_now},
    forms::{dynamic_form, form_values},
};
use voice_types::{
    BusinessType,
    extraction::{Extraction, Intent},
    forms::DynamicForm,
};

use crate::manager::{ManagerError, SessionManager};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VoiceInputArgs {
    /// The voice session the utterance belongs to.
    pub session_id: String,
    /// What the caller said (one transcript line).
    pub text: String,
    /// Local time of the business, `YYYY-MM-DDTHH:MM:SS` (default: now).
    #[serde(default)]
    pub now: Option<String>,
    /// Push the updated form to the caller's page (default true).
    #[serde(default)]
    pub sync_ui: Option<bool>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VoiceInputResult {
    pub session_id: String,
    /// What this utterance alone said.
    pub extracted: Extraction,
    /// Everything the caller said so far, merged.
    pub merged: Extraction,
    /// Required parameters still unknown.
    pub missing: Vec<String>,
    /// What the agent should do now, most important first.
    pub suggested_actions: Vec<String>,
    /// The one next step, as a sentence for the agent.
    pub next_step: String,
    /// The business tool to call once nothing is missing.
    pub tool: Option<String>,
    pub form: DynamicForm,
}

pub async fn process(
    manager: &SessionManager,
    args: VoiceInputArgs,
) -> Result<VoiceInputResult, ManagerError> {
    let path = format!("/api/sessions/{}/context", args.session_id);
    let stored: Value = manager.get(&path, &[]).await?;
    let mut context: ConversationContext = match stored.get("context").filter(|c| !c.is_null()) {
        Some(c) => serde_json::from_value(c.clone()).unwrap_or_default(),
        None => {
            let session: Value = manager
                .get(&format!("/api/sessions/{}", args.session_id), &[])
                .await?;
            let business_type = session["businessType"]
                .as_str()
                .and_then(BusinessType::parse)
                .unwrap_or(BusinessType::Restaurant);
            ConversationContext::new(business_type)
        }
    };
    let business_type = context.business_type.unwrap_or(BusinessType::Restaurant);
    let catalog = Catalog::demo();
    let now = local_now(args.now.as_deref(), &catalog.timezone);
    let extracted = context.hear(&extractor(catalog), &args.text, now);
    let merged = context.snapshot();
    let _: Value = manager.put(&path, &json!({ "context": context })).await?;
    let form = dynamic_form(business_type, Some(&merged), Catalog::demo());
    if args.sync_ui.unwrap_or(true) {
        push_form(manager, &args.session_id, &form).await?;
    }
    let tool = tool_for(merged.intent, business_type);
    let (next_step, suggested_actions) = next_steps(&merged, tool);
    Ok(VoiceInputResult {
        session_id: args.session_id,
        missing: merged.missing.clone(),
        extracted,
        merged,
        suggested_actions,
        next_step,
        tool: tool.map(str::to_owned),
        form,
    })
}

/// Pushes a form to the caller's page as a `form_update`.
pub async fn push_form(
    manager: &SessionManager,
    session_id: &str,
    form: &DynamicForm,
) -> Result<Value, ManagerError> {
    let body = json!({"form": {"form": form, "values": form_values(form)}});
    manager
        .post(&format!("/api/sessions/{session_id}/ui"), &body)
        .await
}

fn tool_for(intent: Intent, business_type: BusinessType) -> Option<&'static str> {
    match intent {
        Intent::PlaceOrder => Some("placeOrder"),
        Intent::BookAppointment => Some("bookAppointment"),
        Intent::CreateTicket => Some("createSupportTicket"),
        Intent::CheckAvailability => Some("checkAvailability"),
        Intent::OrderStatus => Some("getOrderStatus"),
        Intent::GetMenu => Some("getMenu"),
        Intent::HumanHandoff | Intent::Cancel => None,
        Intent::Unknown => match business_type {
            BusinessType::Restaurant => None,
            BusinessType::Appointment => None,
            BusinessType::Support => None,
        },
    }
}

fn question(parameter: &str) -> &'static str {
    match parameter {
        "items" => "ask what they would like to order",
        "customer_name" => "ask for their name",
        "phone" => "ask for a phone number",
        "delivery_address" => "ask for the delivery address",
        "service_type" => "ask which service they need",
        "appointment_date" => "ask which day suits them",
        "appointment_time" => "ask what time suits them",
        "issue_description" => "ask them to describe the problem",
        _ => "ask for the missing detail",
    }
}

fn next_steps(merged: &Extraction, tool: Option<&str>) -> (String, Vec<String>) {
    let mut actions: Vec<String> = merged
        .missing
        .iter()
        .map(|m| question(m).to_owned())
        .collect();
    if !merged.unrecognized_items.is_empty() {
        actions.insert(
            0,
            format!(
                "tell the caller we do not have: {}",
                merged.unrecognized_items.join(", ")
            ),
        );
    }
    match (merged.intent, tool) {
        (Intent::HumanHandoff, _) => {
            actions.insert(0, "hand the caller over to a member of staff".into())
        }
        (Intent::Cancel, _) => actions.insert(
            0,
            "confirm that nothing will be placed and close politely".into(),
        ),
        (_, Some(tool)) if merged.missing.is_empty() => {
            actions.push(format!(
                "confirm the details with the caller, then call {tool}"
            ));
        }
        (_, None) => actions.push("ask how we can help".into()),
        _ => {}
    }
    let next = actions
        .first()
        .cloned()
        .unwrap_or_else(|| "ask how we can help".into());
    (next, actions)
}
