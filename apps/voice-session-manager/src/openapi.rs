//! The OpenAPI document, assembled from the handlers' `#[utoipa::path]`
//! annotations and the `ToSchema` derives in `voice-types`.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use crate::routes::{business, ops, sessions};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Voice session manager",
        description = "Sessions, the caller queue and live events of the voice agent platform. \
                       WebSocket streams: `GET /ws/sessions/{id}?token=&since=` and `GET /ws/staff?token=&since=`; \
                       their frames are described by `/api/events.schema.json`."
    ),
    paths(
        sessions::create, sessions::get_one, sessions::end, sessions::transition, sessions::list,
        sessions::push_ui, sessions::get_context, sessions::put_context,
        sessions::correct_form, sessions::transcript,
        business::menu, business::place_order, business::order_status, business::update_order_status,
        business::list_orders, business::availability, business::book_appointment, business::list_appointments,
        business::create_ticket, business::list_tickets, business::analytics,
        ops::health, ops::metrics,
        crate::routes::tools::call_tool, crate::routes::ultravox::ultravox,
    ),
    components(schemas(
        sessions::EndRequest, sessions::TransitionRequest, sessions::UiUpdateRequest, sessions::Published, sessions::ConversationContextBody, ops::Health,
        business::OrderStatusChange, business::Analytics, sessions::FormCorrection,
        crate::business::RecordedCall, voice_types::voice::ToolReply, voice_types::voice::ToolReplyStatus
    )),
    modifiers(&Security),
    tags(
        (name = "sessions", description = "Voice sessions and the caller queue"),
        (name = "business", description = "Business tools: menu, orders, availability, bookings, tickets"),
        (name = "staff", description = "Staff boards and actions"),
        (name = "voice", description = "Called by the voice provider: the model's HTTP tools and call webhooks"),
        (name = "operations", description = "Health and metrics"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer =
            || SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        components.add_security_scheme("staff_token", bearer());
        components.add_security_scheme("session_token", bearer());
        components.add_security_scheme("service_token", bearer());
    }
}
