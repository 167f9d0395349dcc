//! `POST /tools/{name}`: the HTTP tools the voice model calls.
//!
//! The provider (Ultravox, or the local one) sends a flat JSON body of the
//! tool's parameters plus the call id (an automatic parameter), with our
//! tool secret in `X-Voice-Tool-Secret`. The session is found by call id,
//! the arguments are normalized with the extraction rules, the effect runs
//! through the business backend with an idempotency key derived from the
//! call and the arguments (a repeated request creates nothing twice), the
//! events go out, and the answer is a `ToolReply` whose `message` the model
//! reads aloud. A refusal the caller should hear is a `200` with
//! `status: error|partial`, never an HTTP error.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use voice_types::{
    BusinessType, LiveEvent, SessionId,
    business::{
        BookAppointmentRequest, BookAppointmentResult, CheckAvailabilityRequest,
        CreateTicketRequest, CreateTicketResult, GetOrderStatusRequest, OrderItemRequest,
        PlaceOrderRequest, PlaceOrderResult, TicketPriority,
    },
    extraction::ExtractInput,
    voice::{
        BookAppointmentArgs, CALL_ID_PARAM, CheckAvailabilityArgs, CreateTicketArgs, GetMenuArgs,
        GetOrderStatusArgs, HandoffArgs, PlaceOrderArgs, ProcessVoiceInputArgs, TOOL_SECRET_HEADER,
        ToolReply, ToolReplyStatus, VoiceTool,
    },
};

use crate::{
    error::ApiError,
    json::parse_json,
    routes::business::{
        publish, run_book_appointment, run_create_ticket, run_place_order, tool_executed,
    },
    sessions::{self, hex_lower},
    state::AppState,
    store::SessionRecord,
    voice::{VoiceService, call_key, handoff_key, normalize},
};

/// A tool of the voice model (called by the voice provider, not browsers).
///
/// The body is the tool's parameters as one flat JSON object plus `callId`;
/// see `voice_types::voice` for each tool's fields. Refusals the caller
/// should hear are `200` with `status: error|partial`.
#[utoipa::path(post, path = "/tools/{name}", tag = "voice",
    params(("name" = String, Path, description = "processVoiceInput, getMenu, placeOrder, getOrderStatus, checkAvailability, bookAppointment, createSupportTicket or requestHandoff"),
        ("X-Voice-Tool-Secret" = String, Header, description = "VOICE_TOOL_SECRET")),
    request_body(content = Object, description = "The tool's parameters and `callId`"),
    responses((status = 200, body = ToolReply),
        (status = 401, description = "No tool secret", body = voice_types::ErrorBody),
        (status = 403, description = "Wrong tool secret", body = voice_types::ErrorBody),
        (status = 404, description = "Unknown tool, or no session for the call", body = voice_types::ErrorBody),
        (status = 422, description = "A parameter is missing or of the wrong type (named)", body = voice_types::ErrorBody)))]
pub async fn call_tool(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ToolReply>, ApiError> {
    let Some(voice) = state.voice.clone() else {
        return Err(ApiError::NotFound(
            "voice tools (voice calls are off: VOICE_PROVIDER=off)".into(),
        ));
    };
    let given = headers
        .get(TOOL_SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthorized(
            "the tool secret is required in X-Voice-Tool-Secret",
        ))?;
    let want = voice.tool_secret.expose().as_bytes();
    if !bool::from(given.as_bytes().ct_eq(want)) {
        return Err(ApiError::Forbidden("the voice tools (wrong tool secret)"));
    }
    let tool = VoiceTool::parse(&name).ok_or_else(|| {
        let known: Vec<&str> = VoiceTool::ALL.iter().map(|t| t.name()).collect();
        ApiError::NotFound(format!("tool `{name}` (known: {})", known.join(", ")))
    })?;
    let started = std::time::Instant::now();
    let reply = run(&state, &voice, tool, &body).await;
    metrics::histogram!("vsm_voice_tool_seconds", "tool" => tool.name())
        .record(started.elapsed().as_secs_f64());
    let reply = reply?;
    // The effects (placeOrder, bookAppointment, createSupportTicket) publish
    // their own `tool_executed`; the lookups are published here, so the
    // caller's page can show menus, slots and order status as they are read.
    if matches!(
        tool,
        VoiceTool::GetMenu
            | VoiceTool::GetOrderStatus
            | VoiceTool::CheckAvailability
            | VoiceTool::RequestHandoff
    ) && let Some(call_id) = serde_json::from_slice::<Value>(&body).ok().and_then(|v| {
        v.get(CALL_ID_PARAM)
            .and_then(Value::as_str)
            .map(str::to_owned)
    }) && let Some(session_id) = state.store.get_value(&call_key(&call_id)).await?
    {
        tool_executed(
            &state,
            Some(&session_id),
            tool.name(),
            reply.status != ToolReplyStatus::Error,
            reply.message.clone(),
            &reply.result,
        )
        .await?;
    }
    metrics::counter!("vsm_voice_tool_calls_total", "tool" => tool.name(),
        "status" => match reply.status { ToolReplyStatus::Success => "success",
            ToolReplyStatus::Partial => "partial", ToolReplyStatus::Error => "error" })
    .increment(1);
    Ok(Json(reply))
}

async fn run(
    state: &AppState,
    voice: &VoiceService,
    tool: VoiceTool,
    body: &[u8],
) -> Result<ToolReply, ApiError> {
    match tool {
        VoiceTool::GetMenu => {
            let args: GetMenuArgs = parse_json(body)?;
            session_for(state, &args.call_id).await?;
            get_menu(state, args.category).await
        }
        VoiceTool::PlaceOrder => {
            let args: PlaceOrderArgs = parse_json(body)?;
            let session = session_for(state, &args.call_id).await?;
            place_order(state, voice, &session, args, body).await
        }
        VoiceTool::GetOrderStatus => {
            let args: GetOrderStatusArgs = parse_json(body)?;
            let session = session_for(state, &args.call_id).await?;
            order_status(state, voice, &session, args).await
        }
        VoiceTool::CheckAvailability => {
            let args: CheckAvailabilityArgs = parse_json(body)?;
            session_for(state, &args.call_id).await?;
            availability(state, voice, args).await
        }
        VoiceTool::BookAppointment => {
            let args: BookAppointmentArgs = parse_json(body)?;
            let session = session_for(state, &args.call_id).await?;
            book(state, voice, &session, args, body).await
        }
        VoiceTool::CreateSupportTicket => {
            let args: CreateTicketArgs = parse_json(body)?;
            let session = session_for(state, &args.call_id).await?;
            ticket(state, voice, &session, args, body).await
        }
        VoiceTool::RequestHandoff => {
            let args: HandoffArgs = parse_json(body)?;
            let session = session_for(state, &args.call_id).await?;
            handoff(state, &session, args).await
        }
        VoiceTool::ProcessVoiceInput => {
            let args: ProcessVoiceInputArgs = parse_json(body)?;
            let session = session_for(state, &args.call_id).await?;
            voice_input(state, voice, &session, args).await
        }
    }
}

/// The live session a call belongs to.
async fn session_for(state: &AppState, call_id: &str) -> Result<SessionRecord, ApiError> {
    if call_id.is_empty() || call_id.len() > 100 {
        return Err(ApiError::invalid("callId", "callId: 1 to 100 characters"));
    }
    let id = state
        .store
        .get_value(&call_key(call_id))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("a session for call {call_id}")))?;
    let record = state
        .store
        .get(&SessionId(id.clone()))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("session {id}")))?;
    Ok(record)
}

/// A key that is the same for the same call, tool and arguments.
fn idempotency_key(call_id: &str, tool: VoiceTool, body: &[u8]) -> String {
    // Canonical JSON (sorted keys) so key order does not matter.
    let canonical = serde_json::from_slice::<Value>(body)
        .map(|v| canonical_json(&v))
        .unwrap_or_default();
    let digest = Sha256::digest(canonical.as_bytes());
    format!("uv:{call_id}:{}:{}", tool.name(), &hex_lower(&digest)[..24])
}

/// JSON with object keys sorted, whatever the map's own order.
fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical_json(&map[k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

fn reply(
    status: ToolReplyStatus,
    message: impl Into<String>,
    result: impl serde::Serialize,
) -> ToolReply {
    ToolReply {
        status,
        message: message.into(),
        result: serde_json::to_value(result).unwrap_or(Value::Null),
    }
}

fn ask(message: impl Into<String>) -> ToolReply {
    reply(ToolReplyStatus::Error, message, Value::Null)
}

async fn get_menu(state: &AppState, category: Option<String>) -> Result<ToolReply, ApiError> {
    let menu = state.business.menu(category.clone()).await?;
    if menu.items.is_empty() {
        return Ok(ask(format!(
            "There is nothing on the menu under {}. The categories are Pizzas, Mains, Sides, Desserts and Drinks.",
            category.unwrap_or_default()
        )));
    }
    let list: Vec<String> = menu
        .items
        .iter()
        .filter(|i| i.available)
        .map(|i| format!("{} £{}", i.item_name, i.price))
        .collect();
    Ok(reply(
        ToolReplyStatus::Success,
        format!("On the menu: {}.", list.join(", ")),
        &menu,
    ))
}

fn caller_phone(
    voice: &VoiceService,
    state: &AppState,
    session: &SessionRecord,
    said: Option<&str>,
) -> Result<Option<String>, String> {
    let now = state.rules.now_local();
    match said.filter(|p| !p.trim().is_empty()) {
        Some(p) => normalize::phone(&voice.extractor, p, now).map(Some).ok_or_else(|| {
            format!("I couldn't read {p} as a UK phone number. Could you say it again, digit by digit?")
        }),
        None => Ok(session
            .view
            .customer_phone
            .as_deref()
            .and_then(|p| normalize::phone(&voice.extractor, p, now))),
    }
}

async fn place_order(
    state: &AppState,
    voice: &VoiceService,
    session: &SessionRecord,
    args: PlaceOrderArgs,
    body: &[u8],
) -> Result<ToolReply, ApiError> {
    let Some(order_type) = normalize::order_type(&args.order_type) else {
        return Ok(ask(format!(
            "Is the order for collection, delivery or to eat in? (I heard `{}`.)",
            args.order_type
        )));
    };
    if args.items.is_empty() {
        return Ok(ask("What would you like to order?"));
    }
    let phone = match caller_phone(voice, state, session, args.phone.as_deref()) {
        Ok(p) => p,
        Err(message) => return Ok(ask(message)),
    };
    let req = PlaceOrderRequest {
        idempotency_key: Some(idempotency_key(&args.call_id, VoiceTool::PlaceOrder, body)),
        session_id: Some(session.view.session_id.0.clone()),
        customer_name: args
            .customer_name
            .or_else(|| session.view.customer_name.clone()),
        phone,
        order_type,
        delivery_address: args.delivery_address,
        special_instructions: args.special_instructions,
        items: args
            .items
            .into_iter()
            .map(|i| OrderItemRequest {
                item_name: i.item_name,
                quantity: i.quantity.unwrap_or(1).max(1),
                special_instructions: i.special_instructions,
            })
            .collect(),
    };
    let result = run_place_order(state, req).await?;
    Ok(match &result {
        PlaceOrderResult::Success {
            message, order_id, ..
        } => reply(
            ToolReplyStatus::Success,
            format!(
                "{}{} Your order number is {order_id}.",
                message.trim_end(),
                if message.trim_end().ends_with(['.', '!', '?']) {
                    ""
                } else {
                    "."
                }
            ),
            &result,
        ),
        PlaceOrderResult::Error { message, .. } => {
            reply(ToolReplyStatus::Error, message.clone(), &result)
        }
    })
}

async fn order_status(
    state: &AppState,
    voice: &VoiceService,
    session: &SessionRecord,
    args: GetOrderStatusArgs,
) -> Result<ToolReply, ApiError> {
    let phone = match caller_phone(voice, state, session, args.phone.as_deref()) {
        Ok(p) => p,
        Err(message) => return Ok(ask(message)),
    };
    if args.order_id.is_none() && phone.is_none() {
        return Ok(ask(
            "Could you give me the order number, or the phone number the order was placed with?",
        ));
    }
    let req = GetOrderStatusRequest {
        order_id: args.order_id,
        phone,
    };
    match state.business.order_status(req).await {
        Ok(status) => Ok(reply(
            ToolReplyStatus::Success,
            status.message.clone(),
            &status,
        )),
        Err(crate::business::BackendError::NotFound(what)) => Ok(ask(format!(
            "I couldn't find {what}. Could you check the order number?"
        ))),
        Err(err) => Err(err.into()),
    }
}

async fn availability(
    state: &AppState,
    voice: &VoiceService,
    args: CheckAvailabilityArgs,
) -> Result<ToolReply, ApiError> {
    let now = state.rules.now_local();
    let Some(date) = normalize::date(&voice.extractor, &args.date, now) else {
        return Ok(ask(format!(
            "Which day would you like? I couldn't read `{}` as a date.",
            args.date
        )));
    };
    let req = CheckAvailabilityRequest {
        service_type: args.service_type,
        date,
    };
    match state.business.check_availability(req).await {
        Ok(result) => {
            let message = if result.available_slots.is_empty() {
                format!(
                    "There are no free times for {} on {}. Would another day suit you?",
                    result.service_type, result.date
                )
            } else {
                let shown: Vec<&str> = result
                    .available_slots
                    .iter()
                    .take(6)
                    .map(String::as_str)
                    .collect();
                format!(
                    "Free times for {} on {}: {}.",
                    result.service_type,
                    result.date,
                    shown.join(", ")
                )
            };
            Ok(reply(ToolReplyStatus::Success, message, &result))
        }
        Err(crate::business::BackendError::Invalid { message, .. }) => Ok(ask(message)),
        Err(err) => Err(err.into()),
    }
}

async fn book(
    state: &AppState,
    voice: &VoiceService,
    session: &SessionRecord,
    args: BookAppointmentArgs,
    body: &[u8],
) -> Result<ToolReply, ApiError> {
    let now = state.rules.now_local();
    let Some(date) = normalize::date(&voice.extractor, &args.date, now) else {
        return Ok(ask(format!(
            "Which day would you like? I couldn't read `{}` as a date.",
            args.date
        )));
    };
    let Some(time) = normalize::time(&voice.extractor, &args.time, now) else {
        return Ok(ask(format!(
            "What time would suit you? I couldn't read `{}` as a time.",
            args.time
        )));
    };
    let phone = match caller_phone(voice, state, session, args.phone.as_deref()) {
        Ok(p) => p,
        Err(message) => return Ok(ask(message)),
    };
    let req = BookAppointmentRequest {
        idempotency_key: Some(idempotency_key(
            &args.call_id,
            VoiceTool::BookAppointment,
            body,
        )),
        session_id: Some(session.view.session_id.0.clone()),
        customer_name: args
            .customer_name
            .or_else(|| session.view.customer_name.clone()),
        phone,
        email: args.email,
        service_type: args.service_type,
        appointment_date: date,
        appointment_time: time,
        notes: args.notes,
    };
    let result = match run_book_appointment(state, req).await {
        Ok(r) => r,
        Err(ApiError::InvalidField { message, .. }) => return Ok(ask(message)),
        Err(err) => return Err(err),
    };
    Ok(match &result {
        BookAppointmentResult::Success { message, .. } => {
            reply(ToolReplyStatus::Success, message.clone(), &result)
        }
        BookAppointmentResult::Partial { message, .. } => {
            reply(ToolReplyStatus::Partial, message.clone(), &result)
        }
        BookAppointmentResult::Error { message } => {
            reply(ToolReplyStatus::Error, message.clone(), &result)
        }
    })
}

async fn ticket(
    state: &AppState,
    voice: &VoiceService,
    session: &SessionRecord,
    args: CreateTicketArgs,
    body: &[u8],
) -> Result<ToolReply, ApiError> {
    if args.issue_description.trim().is_empty() {
        return Ok(ask("Could you describe the problem in a sentence or two?"));
    }
    let priority = match args.priority.as_deref() {
        None => None,
        Some(p) => match normalize::priority(p) {
            Some(p) => Some(p),
            None => {
                return Ok(ask(format!(
                    "Is this low, medium, high or critical priority? (I heard `{p}`.)"
                )));
            }
        },
    };
    let phone = match caller_phone(voice, state, session, args.phone.as_deref()) {
        Ok(p) => p,
        Err(message) => return Ok(ask(message)),
    };
    // Priority and category the model left out are read from the description.
    let said = voice.extractor.extract(
        &ExtractInput {
            text: args.issue_description.clone(),
            business_type: BusinessType::Support,
            context: None,
            expected_parameters: None,
        },
        state.rules.now_local(),
    );
    let req = CreateTicketRequest {
        idempotency_key: Some(idempotency_key(
            &args.call_id,
            VoiceTool::CreateSupportTicket,
            body,
        )),
        session_id: Some(session.view.session_id.0.clone()),
        customer_name: args
            .customer_name
            .or_else(|| session.view.customer_name.clone()),
        phone,
        email: args.email,
        issue_description: args.issue_description,
        priority: priority
            .or(said.parameters.priority)
            .unwrap_or(TicketPriority::Medium),
        category: args.category.or_else(|| {
            said.parameters
                .category
                .and_then(|c| serde_json::to_value(c).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
        }),
    };
    let result = match run_create_ticket(state, req).await {
        Ok(r) => r,
        Err(ApiError::InvalidField { message, .. }) => return Ok(ask(message)),
        Err(err) => return Err(err),
    };
    let CreateTicketResult::Success { message, .. } = &result;
    Ok(reply(ToolReplyStatus::Success, message.clone(), &result))
}

/// Folds the caller's utterance into the session's context and pushes the
/// prefilled form to the caller's page.
async fn voice_input(
    state: &AppState,
    voice: &VoiceService,
    session: &SessionRecord,
    args: ProcessVoiceInputArgs,
) -> Result<ToolReply, ApiError> {
    use voice_domain::extract::ConversationContext;
    if args.text.chars().count() > MAX_UTTERANCE_CHARS {
        return Err(ApiError::invalid(
            "text",
            format!("text: at most {MAX_UTTERANCE_CHARS} characters"),
        ));
    }
    let id = &session.view.session_id;
    if session.view.status.is_terminal() {
        return Ok(ask("This call has ended."));
    }
    let business = session.view.business_type;
    // A voice turn never fails on a context it cannot read: it starts afresh.
    let mut context = match sessions::load_context(state, id, business).await {
        Err(ApiError::Conflict(why)) => {
            tracing::warn!(session_id = %id, reason = %why, "unreadable context replaced");
            ConversationContext::new(business)
        }
        other => other?,
    };
    context.hear(&voice.extractor, &args.text, state.rules.now_local());
    let form = sessions::save_context_and_push_form(state, id, business, &context).await?;
    let value = serde_json::to_value(&form).unwrap_or_default();
    let message = if form.missing.is_empty() {
        "Every detail is known: read them back and ask the caller to confirm.".to_owned()
    } else {
        format!(
            "Still needed: {}.",
            form.missing.join(", ").replace('_', " ")
        )
    };
    Ok(reply(ToolReplyStatus::Success, message, &value))
}

const MAX_UTTERANCE_CHARS: usize = 2000;

async fn handoff(
    state: &AppState,
    session: &SessionRecord,
    args: HandoffArgs,
) -> Result<ToolReply, ApiError> {
    let id = &session.view.session_id;
    let first = state
        .store
        .first_time(&handoff_key(id), state.config.ended_session_ttl)
        .await?;
    if first {
        let event = LiveEvent::HandoffRequested {
            session_id: id.clone(),
            reason: args.reason.clone(),
        };
        publish(state, Some(id.as_str()), &event).await?;
        tracing::info!(session_id = %id, reason = ?args.reason, "caller asked for a person");
    }
    Ok(reply(
        ToolReplyStatus::Success,
        "I've asked a member of our team to take over. Please stay on the line.",
        json!({"handoffRequested": true, "sessionId": id}),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_ignore_key_order() {
        let a = idempotency_key("c1", VoiceTool::PlaceOrder, br#"{"a":1,"b":2}"#);
        let b = idempotency_key("c1", VoiceTool::PlaceOrder, br#"{"b":2, "a":1}"#);
        let c = idempotency_key("c1", VoiceTool::PlaceOrder, br#"{"b":3,"a":1}"#);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.len() <= 140, "the contract caps keys at 140 characters");
    }
}
