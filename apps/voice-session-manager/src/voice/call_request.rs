//! What a voice call is created with: the system prompt built from the
//! business type and the catalog, the voice settings, and the business
//! type's tools as HTTP tools pointing at our `/tools/{name}` endpoints.
//!
//! Every tool carries the call id as an automatic body parameter
//! (`KNOWN_PARAM_CALL_ID`) and our tool secret as a static header the model
//! never sees. The browser never receives any of this, only the `joinUrl`.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use voice_domain::{catalog::Catalog, prompts};
use voice_types::{
    BusinessType, SessionView,
    voice::{CALL_ID_PARAM, TOOL_SECRET_HEADER, VoiceTool},
};
use voice_ultravox::types::{
    AutomaticParameter, CreateCallRequest, DynamicParameter, EndBehavior, FirstSpeakerSettings,
    HttpToolDetails, InactivityMessage, KnownValue, ParameterLocation, SelectedTool,
    StaticParameter, ToolDefinition, duration_string,
};

use crate::config::VoiceConfig;

/// The tools a business type's agent gets (besides Ultravox's `hangUp`).
pub fn tools_for(business: BusinessType) -> &'static [VoiceTool] {
    match business {
        BusinessType::Restaurant => &[
            VoiceTool::ProcessVoiceInput,
            VoiceTool::GetMenu,
            VoiceTool::PlaceOrder,
            VoiceTool::GetOrderStatus,
            VoiceTool::RequestHandoff,
        ],
        BusinessType::Appointment => &[
            VoiceTool::ProcessVoiceInput,
            VoiceTool::CheckAvailability,
            VoiceTool::BookAppointment,
            VoiceTool::RequestHandoff,
        ],
        BusinessType::Support => &[
            VoiceTool::ProcessVoiceInput,
            VoiceTool::CreateSupportTicket,
            VoiceTool::RequestHandoff,
        ],
    }
}

/// Builds the create-call request for a session.
pub fn create_call_request(
    view: &SessionView,
    catalog: &Catalog,
    config: &VoiceConfig,
    tools_base: &url::Url,
    tool_secret: &str,
) -> CreateCallRequest {
    let mut selected: Vec<SelectedTool> = tools_for(view.business_type)
        .iter()
        .map(|tool| SelectedTool::temporary(tool_definition(*tool, tools_base, tool_secret)))
        .collect();
    selected.push(SelectedTool::built_in("hangUp"));
    let mut metadata = BTreeMap::new();
    metadata.insert("sessionId".to_owned(), view.session_id.0.clone());
    metadata.insert(
        "businessType".to_owned(),
        view.business_type.as_str().to_owned(),
    );
    CreateCallRequest {
        system_prompt: Some(prompts::system_prompt(
            view.business_type,
            view.customer_name.as_deref(),
            catalog,
        )),
        temperature: Some(0.3),
        voice: Some(config.voice_name.clone()),
        language_hint: Some(config.voice_language.clone()),
        join_timeout: Some(duration_string(config.voice_join_timeout)),
        max_duration: Some(duration_string(config.voice_max_duration)),
        time_exceeded_message: Some(
            "We've reached the time limit for this call. Thank you for calling, goodbye!"
                .to_owned(),
        ),
        inactivity_messages: vec![
            InactivityMessage {
                duration: "30s".to_owned(),
                message: "Are you still there?".to_owned(),
                end_behavior: EndBehavior::Unspecified,
            },
            InactivityMessage {
                duration: "15s".to_owned(),
                message: "I haven't heard from you, so I'll end the call now. Goodbye!".to_owned(),
                end_behavior: EndBehavior::HangUpSoft,
            },
        ],
        selected_tools: selected,
        recording_enabled: Some(config.voice_recording),
        first_speaker_settings: Some(FirstSpeakerSettings::agent_says(prompts::greeting(
            view.business_type,
            view.customer_name.as_deref(),
            catalog,
        ))),
        metadata,
        ..CreateCallRequest::default()
    }
}

/// One of our tools as an Ultravox temporary HTTP tool.
pub fn tool_definition(tool: VoiceTool, base: &url::Url, secret: &str) -> ToolDefinition {
    let url = base
        .join(&format!("tools/{}", tool.name()))
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("{base}tools/{}", tool.name()));
    let string = |description: &str| json!({"type": "string", "description": description});
    let (description, params): (&str, Vec<(&str, Value, bool)>) = match tool {
        VoiceTool::GetMenu => (
            "Lists the menu with prices. Optionally one category.",
            vec![(
                "category",
                string("Pizzas, Mains, Sides, Desserts or Drinks"),
                false,
            )],
        ),
        VoiceTool::PlaceOrder => (
            "Places the food order once the caller confirmed it. Answers with the order id, total and ready time, or what is wrong.",
            vec![
                (
                    "items",
                    json!({"type": "array", "description": "What the caller ordered",
                        "items": {"type": "object", "properties": {
                            "itemName": {"type": "string", "description": "Menu item as said"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "specialInstructions": {"type": "string"}},
                        "required": ["itemName"]}}),
                    true,
                ),
                (
                    "orderType",
                    json!({"type": "string", "enum": ["takeaway", "delivery", "dine-in"]}),
                    true,
                ),
                ("customerName", string("The caller's name"), true),
                ("phone", string("The caller's phone number"), true),
                (
                    "deliveryAddress",
                    string("Street address, required for delivery"),
                    false,
                ),
                (
                    "specialInstructions",
                    string("Notes for the whole order"),
                    false,
                ),
            ],
        ),
        VoiceTool::GetOrderStatus => (
            "Tells where an order stands, by order id or by the caller's phone (latest order).",
            vec![
                ("orderId", string("e.g. ORD-00042"), false),
                ("phone", string("The caller's phone number"), false),
            ],
        ),
        VoiceTool::CheckAvailability => (
            "Lists free start times for a service on a date.",
            vec![
                ("serviceType", string("The service as said"), true),
                ("date", string("YYYY-MM-DD, or words like tomorrow"), true),
            ],
        ),
        VoiceTool::BookAppointment => (
            "Books an appointment once the caller confirmed it. Answers with the booking, or alternatives when the time is taken.",
            vec![
                ("serviceType", string("The service as said"), true),
                ("date", string("YYYY-MM-DD, or words like tomorrow"), true),
                ("time", string("HH:MM (24 h), or words like 3pm"), true),
                ("customerName", string("The caller's name"), true),
                ("phone", string("The caller's phone number"), true),
                ("email", string("The caller's e-mail, if given"), false),
                ("notes", string("Anything the caller wants noted"), false),
            ],
        ),
        VoiceTool::CreateSupportTicket => (
            "Opens a support ticket. Answers with the reference and the promised response time.",
            vec![
                (
                    "issueDescription",
                    string("The problem in the caller's words"),
                    true,
                ),
                (
                    "priority",
                    json!({"type": "string", "enum": ["Low", "Medium", "High", "Critical"]}),
                    false,
                ),
                (
                    "category",
                    string("Technical, Billing, Account or General"),
                    false,
                ),
                ("customerName", string("The caller's name"), false),
                ("phone", string("The caller's phone number"), false),
                ("email", string("The caller's e-mail"), false),
            ],
        ),
        VoiceTool::RequestHandoff => (
            "Asks a member of staff to take over the call.",
            vec![("reason", string("Why the caller wants a person"), false)],
        ),
        VoiceTool::ProcessVoiceInput => (
            "Call with every caller turn, passing what they just said. Fills the caller's on-screen form and answers which details are still missing.",
            vec![(
                "text",
                string("The caller's last utterance, word for word"),
                true,
            )],
        ),
    };
    ToolDefinition {
        model_tool_name: tool.name().to_owned(),
        description: description.to_owned(),
        dynamic_parameters: params
            .into_iter()
            .map(|(name, schema, required)| DynamicParameter {
                name: name.to_owned(),
                location: ParameterLocation::Body,
                schema,
                required,
            })
            .collect(),
        static_parameters: vec![StaticParameter {
            name: TOOL_SECRET_HEADER.to_owned(),
            location: ParameterLocation::Header,
            value: Value::String(secret.to_owned()),
        }],
        automatic_parameters: vec![AutomaticParameter {
            name: CALL_ID_PARAM.to_owned(),
            location: ParameterLocation::Body,
            known_value: KnownValue::CallId,
        }],
        timeout: Some("10s".to_owned()),
        http: Some(HttpToolDetails {
            base_url_pattern: url,
            http_method: "POST".to_owned(),
        }),
        ..ToolDefinition::default()
    }
}
