//! The router: every route, and the layers around them (CORS, body limit,
//! rate limit on session creation, tracing, latency metrics and error logging).

pub mod business;
pub mod ops;
pub mod sessions;
pub mod tools;
pub mod ultravox;
pub mod webhooks;
pub mod ws;

use std::{net::IpAddr, sync::Arc, time::Duration};

use axum::{
    Router,
    http::{HeaderValue, Method, header},
    middleware,
    response::IntoResponse,
    routing::{get, post},
};
use tower_governor::{
    GovernorError, GovernorLayer,
    governor::GovernorConfigBuilder,
    key_extractor::{KeyExtractor, PeerIpKeyExtractor, SmartIpKeyExtractor},
};
use tower_http::{cors::CorsLayer, trace::TraceLayer};

use crate::{error::ApiError, json::BodyLimit, state::AppState, telemetry};

pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let create = post(sessions::create).layer(rate_limit(&config));
    let local_voice = state.voice.as_ref().and_then(|v| v.local.clone());
    let router = Router::new()
        .route("/api/sessions", create.get(sessions::list))
        .route("/api/sessions/{id}", get(sessions::get_one))
        .route("/api/sessions/{id}/end", post(sessions::end))
        .route("/api/sessions/{id}/transition", post(sessions::transition))
        .route("/api/sessions/{id}/ui", post(sessions::push_ui))
        .route("/api/sessions/{id}/form", post(sessions::correct_form))
        .route("/api/sessions/{id}/transcript", get(sessions::transcript))
        .route(
            "/api/sessions/{id}/context",
            get(sessions::get_context).put(sessions::put_context),
        )
        .route("/api/business/menu", get(business::menu))
        .route(
            "/api/business/orders",
            post(business::place_order).get(business::list_orders),
        )
        .route(
            "/api/business/orders/{id}/status",
            post(business::update_order_status),
        )
        .route("/api/business/order-status", get(business::order_status))
        .route("/api/business/availability", get(business::availability))
        .route(
            "/api/business/appointments",
            post(business::book_appointment).get(business::list_appointments),
        )
        .route(
            "/api/business/tickets",
            post(business::create_ticket).get(business::list_tickets),
        )
        .route("/api/business/analytics", get(business::analytics))
        .route("/webhooks/erpnext", post(webhooks::erpnext))
        .route("/webhooks/ultravox", post(ultravox::ultravox))
        .route("/tools/{name}", post(tools::call_tool))
        .route("/ws/sessions/{id}", get(ws::session_socket))
        .route("/ws/staff", get(ws::staff_socket))
        .route("/health", get(ops::health))
        .route("/metrics", get(ops::metrics))
        .route("/api/openapi.json", get(ops::openapi))
        .route("/api/events.schema.json", get(ops::events_schema));
    // The local voice provider lives in this process, under its own prefix,
    // as if it were a separate service (it has its own auth and state).
    let router = match local_voice {
        Some(local) => router.nest_service("/local-voice", local.router()),
        None => router,
    };
    router
        .fallback(|| async { ApiError::NotFound("route".into()) })
        .layer(middleware::from_fn(telemetry::observe))
        .layer(axum::extract::DefaultBodyLimit::max(config.max_body_bytes))
        .layer(axum::Extension(BodyLimit(config.max_body_bytes)))
        .layer(cors(&config.cors_allowed_origins))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim()).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .max_age(Duration::from_secs(3600))
}

/// The client's IP: the peer address, or the forwarded one behind a trusted proxy.
#[derive(Debug, Clone, Copy)]
struct ClientIp {
    trust_forwarded: bool,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<IpAddr, GovernorError> {
        if self.trust_forwarded {
            SmartIpKeyExtractor.extract(req)
        } else {
            PeerIpKeyExtractor.extract(req)
        }
    }
}

fn rate_limit(
    config: &crate::config::Config,
) -> GovernorLayer<
    ClientIp,
    governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
    axum::body::Body,
> {
    let period = Duration::from_nanos(1_000_000_000 / config.session_create_rate.max(1));
    let mut builder = GovernorConfigBuilder::default().key_extractor(ClientIp {
        trust_forwarded: config.trust_forwarded_for,
    });
    builder
        .period(period)
        .burst_size(config.session_create_burst.max(1));
    let governor = builder.finish().map(Arc::new).unwrap_or_else(|| {
        Arc::new(
            GovernorConfigBuilder::default()
                .key_extractor(ClientIp {
                    trust_forwarded: false,
                })
                .finish()
                .expect("the default governor config is valid"),
        )
    });
    GovernorLayer::new(governor).error_handler(|err| match err {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::RateLimited {
            retry_after_seconds: wait_time.max(1),
        }
        .into_response(),
        GovernorError::UnableToExtractKey => {
            ApiError::Forbidden("session creation without a client address").into_response()
        }
        GovernorError::Other { .. } => {
            ApiError::Conflict("rate limiter refused the request".into()).into_response()
        }
    })
}
