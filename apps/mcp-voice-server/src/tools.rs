//! The MCP tools. `extractParameters` runs in-process; the business tools
//! call the session manager, which executes every effect. The server handler
//! also answers resources and prompts (see `resources` and `prompts`).
//!
//! Errors: arguments of the wrong shape are rejected by rmcp before a tool
//! runs; arguments the session manager finds invalid become `invalid_params`
//! naming the field; a business refusal ("not on the menu", "that slot is
//! taken") is the contract's result shape with a message to read aloud,
//! flagged as a tool error when nothing was done (`status: error`).

use std::sync::Arc;

use rmcp::{
    ErrorData as McpError, Json, RoleServer, ServerHandler,
    handler::server::{router::tool::ToolRouter, wrapper::Parameters},
    model::{
        CallToolResult, GetPromptRequestParams, GetPromptResponse, Implementation,
        ListPromptsResult, ListResourcesResult, PaginatedRequestParams, ReadResourceRequestParams,
        ReadResourceResponse, ServerCapabilities, ServerConfig,
    },
    service::RequestContext,
    tool, tool_handler, tool_router,
};
use serde::Deserialize;
use serde_json::Value;
use voice_domain::{
    catalog::Catalog,
    extract::{ConversationContext, extract},
    forms::dynamic_form,
};
use voice_types::{
    BusinessType,
    business::{BookAppointmentRequest, CreateTicketRequest, PlaceOrderRequest},
    extraction::{ExtractInput, Extraction},
    forms::DynamicForm,
};

use crate::{
    manager::{ManagerError, SessionManager},
    voice::{VoiceInputArgs, VoiceInputResult},
};

#[derive(Clone)]
pub struct VoiceTools {
    manager: SessionManager,
    /// Built once: the macro's default (`Self::tool_router()`) would build
    /// every tool's JSON schema again on each request.
    tool_router: Arc<ToolRouter<Self>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct MenuArgs {
    /// Only this category: Pizzas, Mains, Sides, Desserts or Drinks.
    #[serde(default)]
    pub category: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct OrderStatusArgs {
    /// The order id, e.g. `ORD-00001`.
    #[serde(default)]
    pub order_id: Option<String>,
    /// Or the caller's phone number, for their latest order.
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AvailabilityArgs {
    /// Consultation, Repair, Maintenance or Installation (aliases work).
    pub service_type: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormArgs {
    /// restaurant, appointment or support.
    pub business_type: BusinessType,
    /// A voice session: prefill from everything its caller said so far.
    #[serde(default)]
    pub session_id: Option<String>,
    /// Or prefill from one utterance.
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncArgs {
    pub session_id: String,
    /// The form (or just changed values) to show on the caller's page.
    pub form: serde_json::Map<String, Value>,
}

#[tool_router]
impl VoiceTools {
    pub fn new(manager: SessionManager) -> Self {
        Self {
            manager,
            tool_router: Arc::new(Self::tool_router()),
        }
    }

    #[tool(
        name = "extractParameters",
        description = "Turn one caller utterance into the parameters the business tools need: intent, items, order type, address, name, phone (E.164), email, service, date, time, priority, category, per-field confidence and what is still missing.",
        annotations(
            read_only_hint = true,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn extract_parameters(
        &self,
        Parameters(input): Parameters<ExtractInput>,
    ) -> Json<Extraction> {
        Json(extract(&input, Catalog::demo()))
    }

    #[tool(
        name = "processVoiceInput",
        description = "Merge one caller utterance into the session's conversation (items accumulate, later corrections win), update the caller's page, and say what to do next: the missing details to ask for, or the business tool to call.",
        annotations(
            read_only_hint = false,
            idempotent_hint = false,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn process_voice_input(
        &self,
        Parameters(args): Parameters<VoiceInputArgs>,
    ) -> Result<Json<VoiceInputResult>, McpError> {
        if args.text.chars().count() > 2000 {
            return Err(McpError::invalid_params(
                "text: at most 2000 characters",
                None,
            ));
        }
        crate::voice::process(&self.manager, args)
            .await
            .map(Json)
            .map_err(to_mcp)
    }

    #[tool(
        name = "generateDynamicForm",
        description = "The form for a business type (fields, types, labels, validation rules), prefilled from what the caller said, with missing required fields marked.",
        annotations(
            read_only_hint = true,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn generate_dynamic_form(
        &self,
        Parameters(args): Parameters<FormArgs>,
    ) -> Result<Json<DynamicForm>, McpError> {
        let extraction = match (&args.session_id, &args.text) {
            (Some(id), _) => {
                let stored: Value = self
                    .manager
                    .get(&format!("/api/sessions/{id}/context"), &[])
                    .await
                    .map_err(to_mcp)?;
                stored
                    .get("context")
                    .filter(|c| !c.is_null())
                    .and_then(|c| serde_json::from_value::<ConversationContext>(c.clone()).ok())
                    .map(|c| c.snapshot())
            }
            (None, Some(text)) => {
                let input = ExtractInput {
                    text: text.clone(),
                    business_type: args.business_type,
                    context: None,
                    expected_parameters: None,
                };
                Some(extract(&input, Catalog::demo()))
            }
            (None, None) => None,
        };
        Ok(Json(dynamic_form(
            args.business_type,
            extraction.as_ref(),
            Catalog::demo(),
        )))
    }

    #[tool(
        name = "synchronizeUI",
        description = "Push a form or UI update to the caller's page of a voice session (delivered live as a form_update event).",
        annotations(
            read_only_hint = false,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn synchronize_ui(
        &self,
        Parameters(args): Parameters<SyncArgs>,
    ) -> Result<CallToolResult, McpError> {
        let path = format!("/api/sessions/{}/ui", args.session_id);
        answer(
            self.manager
                .post(&path, &serde_json::json!({"form": args.form}))
                .await,
        )
    }

    #[tool(
        name = "getMenu",
        description = "The menu with prices in GBP, optionally one category.",
        annotations(
            read_only_hint = true,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn get_menu(
        &self,
        Parameters(args): Parameters<MenuArgs>,
    ) -> Result<CallToolResult, McpError> {
        let query: Vec<(&str, String)> =
            args.category.map(|c| ("category", c)).into_iter().collect();
        answer(self.manager.get("/api/business/menu", &query).await)
    }

    #[tool(
        name = "placeOrder",
        description = "Place a restaurant order. Items are matched to the menu by name or alias; unknown items are reported back. Pass an idempotency_key so a retry never orders twice.",
        annotations(
            read_only_hint = false,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn place_order(
        &self,
        Parameters(req): Parameters<PlaceOrderRequest>,
    ) -> Result<CallToolResult, McpError> {
        answer(self.manager.post("/api/business/orders", &req).await)
    }

    #[tool(
        name = "getOrderStatus",
        description = "Where an order stands (Pending, Preparing, Ready, Completed, Cancelled), by order id or the caller's phone.",
        annotations(
            read_only_hint = true,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn get_order_status(
        &self,
        Parameters(args): Parameters<OrderStatusArgs>,
    ) -> Result<CallToolResult, McpError> {
        let mut query = Vec::new();
        if let Some(id) = args.order_id {
            query.push(("order_id", id));
        }
        if let Some(phone) = args.phone {
            query.push(("phone", phone));
        }
        if query.is_empty() {
            return Err(McpError::invalid_params(
                "order_id or phone is required",
                None,
            ));
        }
        answer(self.manager.get("/api/business/order-status", &query).await)
    }

    #[tool(
        name = "checkAvailability",
        description = "Free start times (HH:MM) for a service on a date.",
        annotations(
            read_only_hint = true,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn check_availability(
        &self,
        Parameters(args): Parameters<AvailabilityArgs>,
    ) -> Result<CallToolResult, McpError> {
        let query = [("service_type", args.service_type), ("date", args.date)];
        answer(self.manager.get("/api/business/availability", &query).await)
    }

    #[tool(
        name = "bookAppointment",
        description = "Book an appointment. A taken or closed slot answers `partial` with the nearest alternatives. Pass an idempotency_key so a retry never books twice.",
        annotations(
            read_only_hint = false,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn book_appointment(
        &self,
        Parameters(req): Parameters<BookAppointmentRequest>,
    ) -> Result<CallToolResult, McpError> {
        answer(self.manager.post("/api/business/appointments", &req).await)
    }

    #[tool(
        name = "createSupportTicket",
        description = "Open a support ticket; the priority sets the promised response time and High/Critical tickets are assigned to staff on duty.",
        annotations(
            read_only_hint = false,
            idempotent_hint = true,
            destructive_hint = false,
            open_world_hint = false
        )
    )]
    async fn create_support_ticket(
        &self,
        Parameters(req): Parameters<CreateTicketRequest>,
    ) -> Result<CallToolResult, McpError> {
        answer(self.manager.post("/api/business/tickets", &req).await)
    }
}

fn to_mcp(err: ManagerError) -> McpError {
    match err {
        ManagerError::Refused {
            status: 404,
            message,
            ..
        } => McpError::invalid_params(format!("sessionId: {message}"), None),
        ManagerError::Refused {
            status,
            field,
            message,
        } if status < 500 => {
            McpError::invalid_params(message, field.map(|f| serde_json::json!({"field": f})))
        }
        other => {
            tracing::warn!(error = %other, "session manager call failed");
            McpError::internal_error(
                "the session manager could not complete the request; try again",
                None,
            )
        }
    }
}

/// The session manager's answer as a tool result.
fn answer(result: Result<Value, ManagerError>) -> Result<CallToolResult, McpError> {
    match result {
        Ok(value) => {
            // A refusal that did nothing is flagged, with its message and shape intact.
            if value.get("status").and_then(Value::as_str) == Some("error") {
                Ok(CallToolResult::structured_error(value))
            } else {
                Ok(CallToolResult::structured(value))
            }
        }
        Err(ManagerError::Refused {
            status: 422,
            field,
            message,
        }) => Err(McpError::invalid_params(
            message,
            field.map(|f| serde_json::json!({"field": f})),
        )),
        Err(ManagerError::Refused {
            status, message, ..
        }) if status < 500 => Ok(CallToolResult::structured_error(
            serde_json::json!({"status": "error", "message": message}),
        )),
        Err(err) => {
            tracing::warn!(error = %err, "session manager call failed");
            Err(McpError::internal_error(
                "the session manager could not complete the request; try again",
                None,
            ))
        }
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for VoiceTools {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .enable_prompts()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new(
                env!("CARGO_PKG_NAME"),
                env!("CARGO_PKG_VERSION"),
            ))
            .with_instructions(
                "Voice agent tools for a restaurant, a service business and a support desk: \
                 extractParameters turns caller speech into tool parameters; the business tools \
                 place orders, book appointments and open tickets through the session manager. \
                 Resources business://menu, business://services and business://hours hold the \
                 catalog; the prompts system_prompt_<business type> are the agent's instructions.",
            )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        Ok(ListResourcesResult::with_all_items(crate::resources::list(
            Catalog::demo(),
        )))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        crate::resources::read(Catalog::demo(), &request.uri).map(Into::into)
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, McpError> {
        Ok(ListPromptsResult::with_all_items(crate::prompts::list()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, McpError> {
        crate::prompts::get(Catalog::demo(), &request.name, request.arguments.as_ref())
            .map(Into::into)
    }
}
